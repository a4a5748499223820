import { PageHeading } from '../components/page';
import { useT } from '../i18n/i18n';

// Placeholder: replaced by the page itself.
export default function PaymentMethods() {
  const t = useT();
  return <PageHeading title={t('nav.overview')} />;
}
