import { formatDate, pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** The issued invoice, to the billing contact and invoice recipients in the account's language, with its PDF. */

interface InvoiceMailTexts {
  subject: (invoiceNumber: string, vendorName: string) => string;
  attached: (invoiceNumber: string, organisationName: string) => string;
  total: string;
  dueDate: string;
  poNumber: string;
  portal: (link: string) => string;
}

const TEXTS: Record<Language, InvoiceMailTexts> = {
  en: {
    subject: (number, vendor) => `Invoice ${number} from ${vendor}`,
    attached: (number, org) => `Attached is invoice ${number} for ${org}.`,
    total: 'Total',
    dueDate: 'Due date',
    poNumber: 'PO number',
    portal: (link) => `You can view, print and pay it in the Corporate Billing Portal: ${link}`,
  },
  it: {
    subject: (number, vendor) => `Fattura ${number} di ${vendor}`,
    attached: (number, org) => `in allegato trova la fattura ${number} intestata a ${org}.`,
    total: 'Importo totale',
    dueDate: 'Scadenza',
    poNumber: "Numero ordine d'acquisto",
    portal: (link) => `Può vedere, stampare e pagare la fattura nel portale di fatturazione aziendale: ${link}`,
  },
};

export function invoiceMail(p: {
  locale: string;
  vendorName: string;
  organisationName: string;
  invoiceNumber: string;
  invoiceId: string;
  total: string;
  dueDate: string;
  poNumber: string | null;
  link: string;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)];
  return renderMail(p.locale, {
    kind: 'invoice-issued',
    subject: t.subject(p.invoiceNumber, p.vendorName),
    greeting: 'customer',
    body: [
      t.attached(p.invoiceNumber, p.organisationName),
      `${t.total}: ${p.total}`,
      `${t.dueDate}: ${formatDate(p.dueDate, p.locale)}`,
      ...(p.poNumber ? [`${t.poNumber}: ${p.poNumber}`] : []),
      '',
      t.portal(p.link),
    ],
    attachments: [{ source: 'invoice-pdf', ref: p.invoiceId, filename: `${p.invoiceNumber}.pdf` }],
  });
}
