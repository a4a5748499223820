import { mailLanguage, type RenderedMail } from './language';

/** Requests to Corporate Account Services: the notice to staff and the updates to the billing contact. */

/** Request types in Italian; any other type is printed as it is. */
const REQUEST_TYPES_IT: Record<string, string> = {
  BILLING_FREQUENCY_CHANGE: 'modifica della frequenza di fatturazione',
  REACTIVATION: 'riattivazione',
  CANCELLATION: 'disdetta',
  FORM_REQUEST: 'richiesta di moduli',
  BILLING_CONTACT_CHANGE: 'cambio del referente per la fatturazione',
  INVOICE_COPY: 'copia di una fattura',
  OTHER: 'altro',
};

/** To the staff address (REQUESTS_NOTIFY_EMAIL, English) or a staff member, in their language. */
export function requestFiledMail(p: {
  locale: string;
  reference: string;
  organisationName: string;
  type: string;
  subject: string;
  link: string;
}): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'service-request-filed',
      subject: `Nuova richiesta ${p.reference} da ${p.organisationName}: ${p.subject}`,
      text: [
        `${p.organisationName} ha inviato una richiesta di tipo «${REQUEST_TYPES_IT[p.type] ?? p.type}» (${p.reference}):`,
        '',
        p.subject,
        '',
        `Apra la coda delle richieste: ${p.link}`,
      ].join('\n'),
    };
  return {
    kind: 'service-request-filed',
    subject: `New request ${p.reference} from ${p.organisationName}: ${p.subject}`,
    text: [
      `${p.organisationName} filed a ${p.type} request (${p.reference}):`,
      '',
      p.subject,
      '',
      `Open the queue: ${p.link}`,
    ].join('\n'),
  };
}

/** What happened to a request, as the billing contact is told. */
export type RequestUpdate = 'IN_PROGRESS' | 'REPLIED' | 'RESOLVED' | 'DECLINED';

const UPDATES_EN: Record<RequestUpdate, string> = {
  IN_PROGRESS: 'is being worked on',
  REPLIED: 'Corporate Account Services replied',
  RESOLVED: 'has been resolved',
  DECLINED: 'has been declined',
};

/** The subject, and the body's first line (after "Gentile …,", so in lower case). */
const UPDATES_IT: Record<RequestUpdate, { subject: (ref: string) => string; line: (request: string) => string }> = {
  IN_PROGRESS: {
    subject: (ref) => `La sua richiesta ${ref} è in lavorazione`,
    line: (r) => `la sua richiesta ${r} è in lavorazione.`,
  },
  REPLIED: {
    subject: (ref) => `La sua richiesta ${ref}: risposta di Corporate Account Services`,
    line: (r) => `il servizio Corporate Account Services ha risposto alla sua richiesta ${r}.`,
  },
  RESOLVED: {
    subject: (ref) => `La sua richiesta ${ref} è stata risolta`,
    line: (r) => `la sua richiesta ${r} è stata risolta.`,
  },
  DECLINED: {
    subject: (ref) => `La sua richiesta ${ref} è stata respinta`,
    line: (r) => `la sua richiesta ${r} è stata respinta.`,
  },
};

/** To the billing contact: a status change or a staff reply, with its text (the note or comment). */
export function requestUpdateMail(p: {
  locale: string;
  displayName: string;
  reference: string;
  subject: string;
  update: RequestUpdate;
  text?: string | null;
}): RenderedMail {
  const extra = p.text ? ['', p.text] : [];
  if (mailLanguage(p.locale) === 'it') {
    const it = UPDATES_IT[p.update];
    return {
      kind: 'service-request-update',
      subject: it.subject(p.reference),
      text: [`Gentile ${p.displayName},`, '', it.line(`${p.reference} («${p.subject}»)`), ...extra].join('\n'),
    };
  }
  const what = UPDATES_EN[p.update];
  return {
    kind: 'service-request-update',
    subject: `Your request ${p.reference}: ${what}`,
    text: [`Hello ${p.displayName},`, '', `Your request ${p.reference} ("${p.subject}"): ${what}.`, ...extra].join(
      '\n',
    ),
  };
}
