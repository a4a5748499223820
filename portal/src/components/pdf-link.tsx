import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { refreshAccessToken, session } from '../session/session';

async function fetchPdf(path: string): Promise<Blob> {
  const get = () =>
    fetch(path, {
      credentials: 'same-origin',
      headers: { authorization: `Bearer ${session.token() ?? ''}`, accept: 'application/pdf' },
    });
  let res = await get();
  // The access token is short-lived: one refresh, then one retry.
  if (res.status === 401 && (await refreshAccessToken())) res = await get();
  if (!res.ok) throw new Error(`PDF ${res.status}`);
  return res.blob();
}

/**
 * Opens a printable PDF (`/invoices/<id>.pdf`, `/quotes/<id>.pdf`) that needs
 * the bearer token: fetched with it, then opened from a blob URL.
 */
export function PdfLink({ path, label, fileName }: { path: string; label: string; fileName: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const open = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const blob = await fetchPdf(path);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}.pdf`;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void open()} disabled={busy} aria-busy={busy}>
        {label}
      </button>
      {failed && (
        <span role="alert" className="field-error">
          {t('pdf.failed')}
        </span>
      )}
    </>
  );
}
