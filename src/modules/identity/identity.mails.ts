import { pickLanguage, type Language } from '../../common/locale-format';
import { count, renderMail, type RenderedMail } from '../../mail/layout';

/** Logins: invitations, password resets and changes. */

interface IdentityMailTexts {
  passwordReset: {
    subject: string;
    asked: string;
    openWithin: (minutes: number) => string;
    once: string;
  };
  invitation: {
    subject: (organisationName: string) => string;
    madeContact: (organisationName: string) => string;
    billingUserId: (billingUserId: string) => string;
    separate: string;
    openWithin: (days: number) => string;
  };
  passwordChanged: { subject: string; changed: string; notYou: string };
}

const TEXTS: Record<Language, IdentityMailTexts> = {
  en: {
    passwordReset: {
      subject: 'Reset your Corporate Billing Portal password',
      asked: 'Somebody asked to reset the password of your Corporate Billing Portal login.',
      openWithin: (n) => `To choose a new password, open this link within ${count(n, 'minute', 'minutes')}:`,
      once: 'The link works once. If you did not ask for this, ignore this e-mail: your password stays as it is.',
    },
    invitation: {
      subject: (org) => `You are invited to the Corporate Billing Portal of ${org}`,
      madeContact: (org) => `You have been made the billing contact of ${org} in the Corporate Billing Portal.`,
      billingUserId: (id) => `Your billing user ID is: ${id}`,
      separate: '(It is separate from any product login.)',
      openWithin: (n) =>
        `To set your password and activate your access, open this link within ${count(n, 'day', 'days')}:`,
    },
    passwordChanged: {
      subject: 'Your Corporate Billing Portal password was changed',
      changed:
        'The password of your Corporate Billing Portal login was just changed and your other sessions were ended.',
      notYou: 'If this was not you, reset your password at once and contact Corporate Account Services.',
    },
  },
  it: {
    passwordReset: {
      subject: 'Reimpostazione della password del portale di fatturazione aziendale',
      asked: 'è stata richiesta la reimpostazione della password del suo accesso al portale di fatturazione aziendale.',
      openWithin: (n) => `Per scegliere una nuova password, apra questo link entro ${count(n, 'minuto', 'minuti')}:`,
      once: 'Il link si può usare una sola volta. Se non ha fatto lei questa richiesta, ignori questa e-mail: la sua password resta invariata.',
    },
    invitation: {
      subject: (org) => `Invito al portale di fatturazione aziendale di ${org}`,
      madeContact: (org) =>
        `le è stato assegnato il ruolo di referente per la fatturazione di ${org} nel portale di fatturazione aziendale.`,
      billingUserId: (id) => `Il suo ID utente di fatturazione è: ${id}`,
      separate: '(È distinto dalle credenziali di accesso ai prodotti.)',
      openWithin: (n) =>
        `Per impostare la password e attivare l'accesso, apra questo link entro ${count(n, 'giorno', 'giorni')}:`,
    },
    passwordChanged: {
      subject: 'La password del portale di fatturazione aziendale è stata modificata',
      changed:
        'la password del suo accesso al portale di fatturazione aziendale è stata appena modificata e le altre sessioni sono state chiuse.',
      notYou:
        'Se non ha effettuato lei questa modifica, reimposti subito la password e contatti il servizio Corporate Account Services.',
    },
  },
};

export function passwordResetMail(p: {
  locale: string;
  displayName: string;
  link: string;
  ttlMinutes: number;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].passwordReset;
  return renderMail(p.locale, {
    kind: 'password-reset',
    subject: t.subject,
    greeting: { name: p.displayName },
    body: [t.asked, t.openWithin(p.ttlMinutes), '', p.link, '', t.once],
  });
}

export function invitationMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  billingUserId: string;
  link: string;
  ttlDays: number;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].invitation;
  return renderMail(p.locale, {
    kind: 'invitation',
    subject: t.subject(p.organisationName),
    greeting: { name: p.displayName },
    body: [
      t.madeContact(p.organisationName),
      t.billingUserId(p.billingUserId),
      t.separate,
      '',
      t.openWithin(p.ttlDays),
      '',
      p.link,
    ],
  });
}

export function passwordChangedMail(p: { locale: string; displayName: string }): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].passwordChanged;
  return renderMail(p.locale, {
    kind: 'password-changed',
    subject: t.subject,
    greeting: { name: p.displayName },
    body: [t.changed, t.notYou],
  });
}
