import { formatDate, pickLanguage, type Language } from '../../common/locale-format';
import { count, renderMail, type RenderedMail } from '../../mail/layout';

/** 30 and 7 days before a purchase order expires, to the billing contact. */

interface PurchaseOrderMailTexts {
  /** "expires in 7 days", "expires today" (0 days or fewer left). */
  expires: (daysLeft: number) => string;
  subject: (number: string, expires: string) => string;
  expiresOn: (number: string, organisationName: string, on: string) => string;
  after: string;
  extend: string;
}

const TEXTS: Record<Language, PurchaseOrderMailTexts> = {
  en: {
    expires: (days) => (days <= 0 ? 'expires today' : `expires in ${count(days, 'day', 'days')}`),
    subject: (number, expires) => `Purchase order ${number} ${expires}`,
    expiresOn: (number, org, on) => `Purchase order ${number} of ${org} expires on ${on}.`,
    after: 'Invoices issued after that date will not quote it. To keep invoices on a purchase order,',
    extend: 'extend its expiry date or add a new one in the Corporate Billing Portal.',
  },
  it: {
    expires: (days) => (days <= 0 ? 'scade oggi' : `scade tra ${count(days, 'giorno', 'giorni')}`),
    subject: (number, expires) => `L'ordine d'acquisto ${number} ${expires}`,
    expiresOn: (number, org, on) => `l'ordine d'acquisto ${number} di ${org} scade il ${on}.`,
    after:
      "Le fatture emesse dopo tale data non lo riporteranno. Per continuare a indicare un ordine d'acquisto in fattura,",
    extend: 'ne prolunghi la scadenza o ne aggiunga uno nuovo nel portale di fatturazione aziendale.',
  },
};

export function purchaseOrderExpiryMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  number: string;
  expiresOn: string;
  daysLeft: number;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)];
  return renderMail(p.locale, {
    kind: 'purchase-order-expiry',
    subject: t.subject(p.number, t.expires(p.daysLeft)),
    greeting: { name: p.displayName },
    body: [t.expiresOn(p.number, p.organisationName, formatDate(p.expiresOn, p.locale)), t.after, t.extend],
  });
}
