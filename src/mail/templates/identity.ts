import { count, mailLanguage, type RenderedMail } from './language';

/** Logins: invitations, password resets and changes, billing contact changes. */

export function passwordResetMail(p: {
  locale: string;
  displayName: string;
  link: string;
  ttlMinutes: number;
}): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'password-reset',
      subject: 'Reimpostazione della password del portale di fatturazione aziendale',
      text: [
        `Gentile ${p.displayName},`,
        '',
        'è stata richiesta la reimpostazione della password del suo accesso al portale di fatturazione aziendale.',
        `Per scegliere una nuova password, apra questo link entro ${count(p.ttlMinutes, 'minuto', 'minuti')}:`,
        '',
        p.link,
        '',
        'Il link si può usare una sola volta. Se non ha fatto lei questa richiesta, ignori questa e-mail: la sua password resta invariata.',
      ].join('\n'),
    };
  return {
    kind: 'password-reset',
    subject: 'Reset your Corporate Billing Portal password',
    text: [
      `Hello ${p.displayName},`,
      '',
      'Somebody asked to reset the password of your Corporate Billing Portal login.',
      `To choose a new password, open this link within ${count(p.ttlMinutes, 'minute', 'minutes')}:`,
      '',
      p.link,
      '',
      'The link works once. If you did not ask for this, ignore this e-mail: your password stays as it is.',
    ].join('\n'),
  };
}

export function invitationMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  billingUserId: string;
  link: string;
  ttlDays: number;
}): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'invitation',
      subject: `Invito al portale di fatturazione aziendale di ${p.organisationName}`,
      text: [
        `Gentile ${p.displayName},`,
        '',
        `le è stato assegnato il ruolo di referente per la fatturazione di ${p.organisationName} nel portale di fatturazione aziendale.`,
        `Il suo ID utente di fatturazione è: ${p.billingUserId}`,
        '(È distinto dalle credenziali di accesso ai prodotti.)',
        '',
        `Per impostare la password e attivare l'accesso, apra questo link entro ${count(p.ttlDays, 'giorno', 'giorni')}:`,
        '',
        p.link,
      ].join('\n'),
    };
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
      `To set your password and activate your access, open this link within ${count(p.ttlDays, 'day', 'days')}:`,
      '',
      p.link,
    ].join('\n'),
  };
}

export function passwordChangedMail(p: { locale: string; displayName: string }): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'password-changed',
      subject: 'La password del portale di fatturazione aziendale è stata modificata',
      text: [
        `Gentile ${p.displayName},`,
        '',
        'la password del suo accesso al portale di fatturazione aziendale è stata appena modificata e le altre sessioni sono state chiuse.',
        'Se non ha effettuato lei questa modifica, reimposti subito la password e contatti il servizio Corporate Account Services.',
      ].join('\n'),
    };
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

export function contactReplacedMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  newContactName: string;
}): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'billing-contact-replaced',
      subject: `Non è più referente per la fatturazione di ${p.organisationName}`,
      text: [
        `Gentile ${p.displayName},`,
        '',
        `${p.newContactName} è ora referente per la fatturazione di ${p.organisationName} nel portale di fatturazione aziendale.`,
        'Il suo accesso al portale è terminato. Se non se lo aspettava, contatti il servizio Corporate Account Services.',
      ].join('\n'),
    };
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

export function contactConfirmedMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
}): RenderedMail {
  if (mailLanguage(p.locale) === 'it')
    return {
      kind: 'billing-contact-confirmed',
      subject: `Ora è referente per la fatturazione di ${p.organisationName}`,
      text: [
        `Gentile ${p.displayName},`,
        '',
        `il suo accesso è attivo: ora è referente per la fatturazione di ${p.organisationName} nel portale di fatturazione aziendale.`,
        `Riceverà le fatture di ${p.organisationName} e potrà gestirne i dati di fatturazione, i preventivi e i pagamenti.`,
      ].join('\n'),
    };
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
