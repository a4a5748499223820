import { count, formatDate, mailLanguage, type RenderedMail } from './language';

/** 30 and 7 days before a purchase order expires, to the billing contact. */
export function purchaseOrderExpiryMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  number: string;
  expiresOn: string;
  daysLeft: number;
}): RenderedMail {
  const on = formatDate(p.expiresOn, p.locale);
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'purchase-order-expiry',
      subject: `L'ordine d'acquisto ${p.number} ${p.daysLeft <= 0 ? 'scade oggi' : `scade tra ${count(p.daysLeft, 'giorno', 'giorni')}`}`,
      text: [
        `Gentile ${p.displayName},`,
        '',
        `l'ordine d'acquisto ${p.number} di ${p.organisationName} scade il ${on}.`,
        "Le fatture emesse dopo tale data non lo riporteranno. Per continuare a indicare un ordine d'acquisto in fattura,",
        'ne prolunghi la scadenza o ne aggiunga uno nuovo nel portale di fatturazione aziendale.',
      ].join('\n'),
    };
  return {
    kind: 'purchase-order-expiry',
    subject: `Purchase order ${p.number} ${p.daysLeft <= 0 ? 'expires today' : `expires in ${count(p.daysLeft, 'day', 'days')}`}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `Purchase order ${p.number} of ${p.organisationName} expires on ${on}.`,
      'Invoices issued after that date will not quote it. To keep invoices on a purchase order,',
      'extend its expiry date or add a new one in the Corporate Billing Portal.',
    ].join('\n'),
  };
}
