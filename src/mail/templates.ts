import type { MailAttachmentRef } from './outbox.entity';

/**
 * The e-mails the service sends. Each template returns a subject and a plain
 * text body; links are absolute, built from PUBLIC_URL.
 */
export interface RenderedMail {
  kind: string;
  subject: string;
  text: string;
  /** Files rendered at send time by a source registered with the mail service. */
  attachments?: MailAttachmentRef[];
}

export function passwordResetMail(p: { displayName: string; link: string; ttlMinutes: number }): RenderedMail {
  return {
    kind: 'password-reset',
    subject: 'Reset your Corporate Billing Portal password',
    text: [
      `Hello ${p.displayName},`,
      '',
      'Somebody asked to reset the password of your Corporate Billing Portal login.',
      `To choose a new password, open this link within ${p.ttlMinutes} minutes:`,
      '',
      p.link,
      '',
      'The link works once. If you did not ask for this, ignore this e-mail: your password stays as it is.',
    ].join('\n'),
  };
}

export function invitationMail(p: {
  displayName: string;
  organisationName: string;
  billingUserId: string;
  link: string;
  ttlDays: number;
}): RenderedMail {
  return {
    kind: 'invitation',
    subject: `You are invited to the Corporate Billing Portal of ${p.organisationName}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `You have been made the billing contact of ${p.organisationName} in the Corporate Billing Portal.`,
      `Your billing user ID is: ${p.billingUserId}`,
      '(It is separate from any product login.)',
      '',
      `To set your password and activate your access, open this link within ${p.ttlDays} days:`,
      '',
      p.link,
    ].join('\n'),
  };
}

export function passwordChangedMail(p: { displayName: string }): RenderedMail {
  return {
    kind: 'password-changed',
    subject: 'Your Corporate Billing Portal password was changed',
    text: [
      `Hello ${p.displayName},`,
      '',
      'The password of your Corporate Billing Portal login was just changed and your other sessions were ended.',
      'If this was not you, reset your password at once and contact Corporate Account Services.',
    ].join('\n'),
  };
}

export function contactReplacedMail(p: { displayName: string; organisationName: string; newContactName: string }): RenderedMail {
  return {
    kind: 'billing-contact-replaced',
    subject: `You are no longer the billing contact of ${p.organisationName}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `${p.newContactName} is now the billing contact of ${p.organisationName} in the Corporate Billing Portal.`,
      'Your access to the portal has ended. If this is unexpected, contact Corporate Account Services.',
    ].join('\n'),
  };
}

export function contactConfirmedMail(p: { displayName: string; organisationName: string }): RenderedMail {
  return {
    kind: 'billing-contact-confirmed',
    subject: `You are now the billing contact of ${p.organisationName}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `Your access is active: you are now the billing contact of ${p.organisationName} in the Corporate Billing Portal.`,
      'You receive its invoices and can manage its billing details, quotes and payments.',
    ].join('\n'),
  };
}

export function purchaseOrderExpiryMail(p: { displayName: string; organisationName: string; number: string; expiresOn: string; daysLeft: number }): RenderedMail {
  return {
    kind: 'purchase-order-expiry',
    subject: `Purchase order ${p.number} expires in ${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `Purchase order ${p.number} of ${p.organisationName} expires on ${p.expiresOn}.`,
      'Invoices issued after that date will not quote it. To keep invoices on a purchase order,',
      'extend its expiry date or add a new one in the Corporate Billing Portal.',
    ].join('\n'),
  };
}

export function requestFiledMail(p: { reference: string; organisationName: string; type: string; subject: string; link: string }): RenderedMail {
  return {
    kind: 'service-request-filed',
    subject: `New request ${p.reference} from ${p.organisationName}: ${p.subject}`,
    text: [`${p.organisationName} filed a ${p.type} request (${p.reference}):`, '', p.subject, '', `Open the queue: ${p.link}`].join('\n'),
  };
}

export function requestUpdateMail(p: { displayName: string; reference: string; subject: string; what: string; text?: string | null }): RenderedMail {
  return {
    kind: 'service-request-update',
    subject: `Your request ${p.reference}: ${p.what}`,
    text: [`Hello ${p.displayName},`, '', `Your request ${p.reference} ("${p.subject}"): ${p.what}.`, ...(p.text ? ['', p.text] : [])].join('\n'),
  };
}

/** Invoice and payment e-mails are written in the account's language: Italian for it-*, English otherwise. */
const isItalian = (locale: string) => locale.toLowerCase().startsWith('it');

/** A calendar date ('YYYY-MM-DD') for people, e.g. "November 28, 2026" or "28 novembre 2026". */
export function formatDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

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
  const due = formatDate(p.dueDate, p.locale);
  const attachments = [{ source: 'invoice-pdf', ref: p.invoiceId, filename: `${p.invoiceNumber}.pdf` }];
  if (isItalian(p.locale))
    return {
      kind: 'invoice-issued',
      subject: `Fattura ${p.invoiceNumber} di ${p.vendorName}`,
      text: [
        'Gentile cliente,',
        '',
        `in allegato trova la fattura ${p.invoiceNumber} intestata a ${p.organisationName}.`,
        `Importo totale: ${p.total}`,
        `Scadenza: ${due}`,
        ...(p.poNumber ? [`Numero ordine d'acquisto: ${p.poNumber}`] : []),
        '',
        `Può vedere, stampare e pagare la fattura nel portale di fatturazione aziendale: ${p.link}`,
      ].join('\n'),
      attachments,
    };
  return {
    kind: 'invoice-issued',
    subject: `Invoice ${p.invoiceNumber} from ${p.vendorName}`,
    text: [
      'Hello,',
      '',
      `Attached is invoice ${p.invoiceNumber} for ${p.organisationName}.`,
      `Total: ${p.total}`,
      `Due date: ${due}`,
      ...(p.poNumber ? [`PO number: ${p.poNumber}`] : []),
      '',
      `You can view, print and pay it in the Corporate Billing Portal: ${p.link}`,
    ].join('\n'),
    attachments,
  };
}

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
  const on = formatDate(p.paidOn, p.locale);
  if (isItalian(p.locale))
    return {
      kind: 'payment-receipt',
      subject: `Ricevuta di pagamento: fattura ${p.invoiceNumber}`,
      text: [
        'Gentile cliente,',
        '',
        `abbiamo ricevuto un pagamento di ${p.amount} per la fattura ${p.invoiceNumber} di ${p.organisationName}.`,
        `Metodo di pagamento: ${p.method}`,
        `Data: ${on}`,
        `Saldo residuo: ${p.balance}`,
        '',
        `Dettagli nel portale di fatturazione aziendale: ${p.link}`,
      ].join('\n'),
    };
  return {
    kind: 'payment-receipt',
    subject: `Payment receipt: invoice ${p.invoiceNumber}`,
    text: [
      'Hello,',
      '',
      `We received a payment of ${p.amount} for invoice ${p.invoiceNumber} of ${p.organisationName}.`,
      `Payment method: ${p.method}`,
      `Date: ${on}`,
      `Balance remaining: ${p.balance}`,
      '',
      `Details are in the Corporate Billing Portal: ${p.link}`,
    ].join('\n'),
  };
}

export function quoteSentMail(p: {
  locale: string;
  displayName: string;
  vendorName: string;
  label: string;
  total: string;
  expiresOn: string;
  note: string | null;
  link: string;
}): RenderedMail {
  const until = formatDate(p.expiresOn, p.locale);
  const note = p.note ? ['', p.note] : [];
  if (isItalian(p.locale))
    return {
      kind: 'quote-sent',
      subject: `Nuovo preventivo ${p.label} di ${p.vendorName}`,
      text: [`Gentile ${p.displayName},`, '', `il suo referente commerciale le ha inviato il preventivo ${p.label} (totale ${p.total}).`, ...note, '', `Può accettarlo o rifiutarlo entro il ${until} nel portale di fatturazione aziendale: ${p.link}`].join('\n'),
    };
  return {
    kind: 'quote-sent',
    subject: `New quote ${p.label} from ${p.vendorName}`,
    text: [`Hello ${p.displayName},`, '', `Your sales representative sent you quote ${p.label} (total ${p.total}).`, ...note, '', `Accept or reject it by ${until} in the Corporate Billing Portal: ${p.link}`].join('\n'),
  };
}

export function quoteWithdrawnMail(p: { locale: string; label: string; link: string }): RenderedMail {
  if (isItalian(p.locale))
    return {
      kind: 'quote-withdrawn',
      subject: `Preventivo ${p.label} ritirato`,
      text: [`Il preventivo ${p.label} è stato ritirato dal suo referente commerciale e non può più essere accettato.`, '', p.link].join('\n'),
    };
  return {
    kind: 'quote-withdrawn',
    subject: `Quote ${p.label} withdrawn`,
    text: [`Quote ${p.label} was withdrawn by your sales representative and can no longer be accepted.`, '', p.link].join('\n'),
  };
}

/** To the rep (accepted or rejected, with the reason), or to the customer (accepted, with the invoice). */
export function quoteDecidedMail(p: {
  locale: string;
  forCustomer: boolean;
  label: string;
  organisationName: string;
  status: string;
  invoiceNumber: string | null;
  reason: string | null;
  comment: string | null;
  by: string | null;
  link: string;
}): RenderedMail {
  const accepted = p.status === 'ACCEPTED';
  if (p.forCustomer && isItalian(p.locale))
    return {
      kind: 'quote-accepted',
      subject: `Preventivo ${p.label} accettato`,
      text: [
        `Grazie: il preventivo ${p.label} per ${p.organisationName} è stato accettato e l'abbonamento è aggiornato.`,
        ...(p.invoiceNumber ? [`La fattura ${p.invoiceNumber} le arriverà con un messaggio a parte.`] : []),
        '',
        p.link,
      ].join('\n'),
    };
  if (p.forCustomer)
    return {
      kind: 'quote-accepted',
      subject: `Quote ${p.label} accepted`,
      text: [
        `Thank you: quote ${p.label} for ${p.organisationName} is accepted and the subscription is updated.`,
        ...(p.invoiceNumber ? [`Invoice ${p.invoiceNumber} follows in a separate e-mail.`] : []),
        '',
        p.link,
      ].join('\n'),
    };
  return {
    kind: accepted ? 'quote-accepted-rep' : 'quote-rejected-rep',
    subject: `Quote ${p.label} ${accepted ? 'accepted' : 'rejected'} by ${p.organisationName}`,
    text: [
      `${p.by ?? 'The billing contact'} ${accepted ? 'accepted' : 'rejected'} quote ${p.label} of ${p.organisationName}.`,
      ...(accepted && p.invoiceNumber ? [`Invoice ${p.invoiceNumber} was issued.`] : []),
      ...(!accepted ? [`Reason: ${p.reason}${p.comment ? ` (${p.comment})` : ''}`] : []),
      '',
      p.link,
    ].join('\n'),
  };
}
