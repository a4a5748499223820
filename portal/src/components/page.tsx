import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';

/**
 * A page's title: the document's title too, and where keyboard focus goes
 * when the page opens, so screen readers announce the new page.
 */
export function PageHeading({ children, title }: { children?: ReactNode; title: string }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}

/** Something is loading: announced politely, with text. */
export function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

type Tone = 'error' | 'success' | 'info' | 'warning';

/** A message about what just happened; errors are announced at once. */
export function Notice({ tone, children, title }: { tone: Tone; children?: ReactNode; title?: string }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="notice-title">{title}</p>}
      {children}
    </div>
  );
}

/** A status in words (never colour alone), styled by its tone. */
export function StatusBadge({ label, tone }: { label: string; tone: 'good' | 'bad' | 'neutral' | 'attention' }) {
  return <span className={`badge badge-${tone}`}>{label}</span>;
}
