import { formatDate, pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** Quote e-mails: to the billing contact in the account's language, to the sales rep in the rep's. */

interface QuoteMailTexts {
  sent: {
    subject: (label: string, vendorName: string) => string;
    sentYou: (label: string, total: string) => string;
    decide: (until: string, link: string) => string;
  };
  withdrawn: { subject: (label: string) => string; withdrawn: (label: string) => string };
  /** To the customer: their quote is accepted. */
  accepted: {
    subject: (label: string) => string;
    thanks: (label: string, organisationName: string) => string;
    invoiceFollows: (invoiceNumber: string) => string;
  };
  /** To the rep: the customer accepted or rejected a quote. */
  decided: {
    subject: (label: string, accepted: boolean, organisationName: string) => string;
    decided: (by: string | null, accepted: boolean, label: string, organisationName: string) => string;
    invoiceIssued: (invoiceNumber: string) => string;
    reason: string;
    /** A reject reason code (e.g. PRICE) as printed. */
    reasonName: (code: string) => string;
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

const TEXTS: Record<Language, QuoteMailTexts> = {
  en: {
    sent: {
      subject: (label, vendor) => `New quote ${label} from ${vendor}`,
      sentYou: (label, total) => `Your sales representative sent you quote ${label} (total ${total}).`,
      decide: (until, link) => `Accept or reject it by ${until} in the Corporate Billing Portal: ${link}`,
    },
    withdrawn: {
      subject: (label) => `Quote ${label} withdrawn`,
      withdrawn: (label) => `Quote ${label} was withdrawn by your sales representative and can no longer be accepted.`,
    },
    accepted: {
      subject: (label) => `Quote ${label} accepted`,
      thanks: (label, org) => `Thank you: quote ${label} for ${org} is accepted and the subscription is updated.`,
      invoiceFollows: (number) => `Invoice ${number} follows in a separate e-mail.`,
    },
    decided: {
      subject: (label, accepted, org) => `Quote ${label} ${accepted ? 'accepted' : 'rejected'} by ${org}`,
      decided: (by, accepted, label, org) =>
        `${by ?? 'The billing contact'} ${accepted ? 'accepted' : 'rejected'} quote ${label} of ${org}.`,
      invoiceIssued: (number) => `Invoice ${number} was issued.`,
      reason: 'Reason',
      reasonName: (code) => code,
    },
  },
  it: {
    sent: {
      subject: (label, vendor) => `Nuovo preventivo ${label} di ${vendor}`,
      sentYou: (label, total) => `il suo referente commerciale le ha inviato il preventivo ${label} (totale ${total}).`,
      decide: (until, link) =>
        `Può accettarlo o rifiutarlo entro il ${until} nel portale di fatturazione aziendale: ${link}`,
    },
    withdrawn: {
      subject: (label) => `Preventivo ${label} ritirato`,
      withdrawn: (label) =>
        `Il preventivo ${label} è stato ritirato dal suo referente commerciale e non può più essere accettato.`,
    },
    accepted: {
      subject: (label) => `Preventivo ${label} accettato`,
      thanks: (label, org) =>
        `Grazie: il preventivo ${label} per ${org} è stato accettato e l'abbonamento è aggiornato.`,
      invoiceFollows: (number) => `La fattura ${number} le arriverà con un messaggio a parte.`,
    },
    decided: {
      subject: (label, accepted, org) => `Preventivo ${label} ${accepted ? 'accettato' : 'rifiutato'} da ${org}`,
      decided: (by, accepted, label, org) =>
        `${by ?? 'Il referente per la fatturazione'} ha ${accepted ? 'accettato' : 'rifiutato'} il preventivo ${label} di ${org}.`,
      invoiceIssued: (number) => `È stata emessa la fattura ${number}.`,
      reason: 'Motivo',
      reasonName: (code) => REJECT_REASONS_IT[code] ?? code,
    },
  },
};

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
  const t = TEXTS[pickLanguage(p.locale)].sent;
  return renderMail(p.locale, {
    kind: 'quote-sent',
    subject: t.subject(p.label, p.vendorName),
    greeting: { name: p.displayName },
    body: [
      t.sentYou(p.label, p.total),
      ...(p.note ? ['', p.note] : []),
      '',
      t.decide(formatDate(p.expiresOn, p.locale), p.link),
    ],
  });
}

export function quoteWithdrawnMail(p: { locale: string; label: string; link: string }): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].withdrawn;
  return renderMail(p.locale, {
    kind: 'quote-withdrawn',
    subject: t.subject(p.label),
    greeting: null,
    body: [t.withdrawn(p.label), '', p.link],
  });
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
  const texts = TEXTS[pickLanguage(p.locale)];
  if (p.forCustomer) {
    const t = texts.accepted;
    return renderMail(p.locale, {
      kind: 'quote-accepted',
      subject: t.subject(p.label),
      greeting: null,
      body: [
        t.thanks(p.label, p.organisationName),
        ...(p.invoiceNumber ? [t.invoiceFollows(p.invoiceNumber)] : []),
        '',
        p.link,
      ],
    });
  }
  const t = texts.decided;
  const accepted = p.status === 'ACCEPTED';
  const reason = `${t.reason}: ${p.reason ? t.reasonName(p.reason) : ''}${p.comment ? ` (${p.comment})` : ''}`;
  return renderMail(p.locale, {
    kind: accepted ? 'quote-accepted-rep' : 'quote-rejected-rep',
    subject: t.subject(p.label, accepted, p.organisationName),
    greeting: null,
    body: [
      t.decided(p.by, accepted, p.label, p.organisationName),
      ...(accepted && p.invoiceNumber ? [t.invoiceIssued(p.invoiceNumber)] : []),
      ...(accepted ? [] : [reason]),
      '',
      p.link,
    ],
  });
}
