import { Link } from 'react-router';
import { PageHeading } from '../components/page';
import { useT } from '../i18n/i18n';

/** An address the portal does not have, or an object this account cannot see (the same answer for both). */
export default function NotFound() {
  const t = useT();
  return (
    <section>
      <PageHeading title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
