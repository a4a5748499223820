import { formatDate, mailLanguage, type RenderedMail } from './language';

/** Quote e-mails: to the billing contact in the account's language, to the sales rep in the rep's. */

const isItalian = (locale: string) => mailLanguage(locale) === 'it';

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
      text: [
        `Gentile ${p.displayName},`,
        '',
        `il suo referente commerciale le ha inviato il preventivo ${p.label} (totale ${p.total}).`,
        ...note,
        '',
        `Può accettarlo o rifiutarlo entro il ${until} nel portale di fatturazione aziendale: ${p.link}`,
      ].join('\n'),
    };
  return {
    kind: 'quote-sent',
    subject: `New quote ${p.label} from ${p.vendorName}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `Your sales representative sent you quote ${p.label} (total ${p.total}).`,
      ...note,
      '',
      `Accept or reject it by ${until} in the Corporate Billing Portal: ${p.link}`,
    ].join('\n'),
  };
}

export function quoteWithdrawnMail(p: { locale: string; label: string; link: string }): RenderedMail {
  if (isItalian(p.locale))
    return {
      kind: 'quote-withdrawn',
      subject: `Preventivo ${p.label} ritirato`,
      text: [
        `Il preventivo ${p.label} è stato ritirato dal suo referente commerciale e non può più essere accettato.`,
        '',
        p.link,
      ].join('\n'),
    };
  return {
    kind: 'quote-withdrawn',
    subject: `Quote ${p.label} withdrawn`,
    text: [
      `Quote ${p.label} was withdrawn by your sales representative and can no longer be accepted.`,
      '',
      p.link,
    ].join('\n'),
  };
}

/** Reasons for rejecting a quote, in Italian (English mails print the code, e.g. PRICE). */
const REJECT_REASONS_IT: Record<string, string> = {
  PRICE: 'prezzo',
  SEATS: 'numero di postazioni',
  TIMING: 'tempistiche',
  NO_LONGER_NEEDED: 'non più necessario',
  OTHER: 'altro',
};

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
  if (isItalian(p.locale))
    return {
      kind: accepted ? 'quote-accepted-rep' : 'quote-rejected-rep',
      subject: `Preventivo ${p.label} ${accepted ? 'accettato' : 'rifiutato'} da ${p.organisationName}`,
      text: [
        `${p.by ?? 'Il referente per la fatturazione'} ha ${accepted ? 'accettato' : 'rifiutato'} il preventivo ${p.label} di ${p.organisationName}.`,
        ...(accepted && p.invoiceNumber ? [`È stata emessa la fattura ${p.invoiceNumber}.`] : []),
        ...(!accepted
          ? [
              `Motivo: ${p.reason ? (REJECT_REASONS_IT[p.reason] ?? p.reason) : ''}${p.comment ? ` (${p.comment})` : ''}`,
            ]
          : []),
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
