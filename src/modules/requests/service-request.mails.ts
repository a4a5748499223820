import { pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** Requests to Corporate Account Services: the notice to staff and the updates to the billing contact. */

/** What happened to a request, as the billing contact is told. */
export type RequestUpdate = 'IN_PROGRESS' | 'REPLIED' | 'RESOLVED' | 'DECLINED';

interface ServiceRequestMailTexts {
  filed: {
    subject: (reference: string, organisationName: string, subject: string) => string;
    filed: (organisationName: string, type: string, reference: string) => string;
    queue: (link: string) => string;
  };
  /** The update's subject, and the body's first line about the request (as `request` quotes it). */
  updates: Record<RequestUpdate, { subject: (reference: string) => string; line: (request: string) => string }>;
  /** A request quoted with its subject: `SR-1 ("Help")`. */
  request: (reference: string, subject: string) => string;
}

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

/** An English update: "Your request SR-1: has been resolved", "Your request SR-1 ("Help"): has been resolved." */
const updateEn = (what: string) => ({
  subject: (ref: string) => `Your request ${ref}: ${what}`,
  line: (request: string) => `Your request ${request}: ${what}.`,
});

const TEXTS: Record<Language, ServiceRequestMailTexts> = {
  en: {
    filed: {
      subject: (ref, org, subject) => `New request ${ref} from ${org}: ${subject}`,
      filed: (org, type, ref) => `${org} filed a ${type} request (${ref}):`,
      queue: (link) => `Open the queue: ${link}`,
    },
    updates: {
      IN_PROGRESS: updateEn('is being worked on'),
      REPLIED: updateEn('Corporate Account Services replied'),
      RESOLVED: updateEn('has been resolved'),
      DECLINED: updateEn('has been declined'),
    },
    request: (ref, subject) => `${ref} ("${subject}")`,
  },
  it: {
    filed: {
      subject: (ref, org, subject) => `Nuova richiesta ${ref} da ${org}: ${subject}`,
      filed: (org, type, ref) =>
        `${org} ha inviato una richiesta di tipo «${REQUEST_TYPES_IT[type] ?? type}» (${ref}):`,
      queue: (link) => `Apra la coda delle richieste: ${link}`,
    },
    // The line follows "Gentile …,", so it starts in lower case.
    updates: {
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
    },
    request: (ref, subject) => `${ref} («${subject}»)`,
  },
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
  const t = TEXTS[pickLanguage(p.locale)].filed;
  return renderMail(p.locale, {
    kind: 'service-request-filed',
    subject: t.subject(p.reference, p.organisationName, p.subject),
    greeting: null,
    body: [t.filed(p.organisationName, p.type, p.reference), '', p.subject, '', t.queue(p.link)],
  });
}

/** To the billing contact: a status change or a staff reply, with its text (the note or comment). */
export function requestUpdateMail(p: {
  locale: string;
  displayName: string;
  reference: string;
  subject: string;
  update: RequestUpdate;
  text?: string | null;
}): RenderedMail {
  const texts = TEXTS[pickLanguage(p.locale)];
  const t = texts.updates[p.update];
  return renderMail(p.locale, {
    kind: 'service-request-update',
    subject: t.subject(p.reference),
    greeting: { name: p.displayName },
    body: [t.line(texts.request(p.reference, p.subject)), ...(p.text ? ['', p.text] : [])],
  });
}
