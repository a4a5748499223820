import { formatDate, pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** The receipt of a payment, to the billing contact and invoice recipients in the account's language. */

interface PaymentMailTexts {
  subject: (invoiceNumber: string) => string;
  received: (amount: string, invoiceNumber: string, organisationName: string) => string;
  method: string;
  date: string;
  balance: string;
  portal: (link: string) => string;
}

const TEXTS: Record<Language, PaymentMailTexts> = {
  en: {
    subject: (number) => `Payment receipt: invoice ${number}`,
    received: (amount, number, org) => `We received a payment of ${amount} for invoice ${number} of ${org}.`,
    method: 'Payment method',
    date: 'Date',
    balance: 'Balance remaining',
    portal: (link) => `Details are in the Corporate Billing Portal: ${link}`,
  },
  it: {
    subject: (number) => `Ricevuta di pagamento: fattura ${number}`,
    received: (amount, number, org) => `abbiamo ricevuto un pagamento di ${amount} per la fattura ${number} di ${org}.`,
    method: 'Metodo di pagamento',
    date: 'Data',
    balance: 'Saldo residuo',
    portal: (link) => `Dettagli nel portale di fatturazione aziendale: ${link}`,
  },
};

export function paymentReceiptMail(p: {
  locale: string;
  organisationName: string;
  invoiceNumber: string;
  amount: string;
  balance: string;
  method: string;
  paidOn: string;
  link: string;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)];
  return renderMail(p.locale, {
    kind: 'payment-receipt',
    subject: t.subject(p.invoiceNumber),
    greeting: 'customer',
    body: [
      t.received(p.amount, p.invoiceNumber, p.organisationName),
      `${t.method}: ${p.method}`,
      `${t.date}: ${formatDate(p.paidOn, p.locale)}`,
      `${t.balance}: ${p.balance}`,
      '',
      t.portal(p.link),
    ],
  });
}
