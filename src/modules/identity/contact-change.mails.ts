import { pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** A billing contact change: to the contact it replaced, and to the new contact once confirmed. */

interface ContactChangeMailTexts {
  replaced: {
    subject: (organisationName: string) => string;
    isNow: (newContactName: string, organisationName: string) => string;
    ended: string;
  };
  confirmed: {
    subject: (organisationName: string) => string;
    active: (organisationName: string) => string;
    youReceive: (organisationName: string) => string;
  };
}

const TEXTS: Record<Language, ContactChangeMailTexts> = {
  en: {
    replaced: {
      subject: (org) => `You are no longer the billing contact of ${org}`,
      isNow: (name, org) => `${name} is now the billing contact of ${org} in the Corporate Billing Portal.`,
      ended: 'Your access to the portal has ended. If this is unexpected, contact Corporate Account Services.',
    },
    confirmed: {
      subject: (org) => `You are now the billing contact of ${org}`,
      active: (org) =>
        `Your access is active: you are now the billing contact of ${org} in the Corporate Billing Portal.`,
      youReceive: () => 'You receive its invoices and can manage its billing details, quotes and payments.',
    },
  },
  it: {
    replaced: {
      subject: (org) => `Non è più referente per la fatturazione di ${org}`,
      isNow: (name, org) =>
        `${name} è ora referente per la fatturazione di ${org} nel portale di fatturazione aziendale.`,
      ended:
        'Il suo accesso al portale è terminato. Se non se lo aspettava, contatti il servizio Corporate Account Services.',
    },
    confirmed: {
      subject: (org) => `Ora è referente per la fatturazione di ${org}`,
      active: (org) =>
        `il suo accesso è attivo: ora è referente per la fatturazione di ${org} nel portale di fatturazione aziendale.`,
      youReceive: (org) =>
        `Riceverà le fatture di ${org} e potrà gestirne i dati di fatturazione, i preventivi e i pagamenti.`,
    },
  },
};

export function contactReplacedMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
  newContactName: string;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].replaced;
  return renderMail(p.locale, {
    kind: 'billing-contact-replaced',
    subject: t.subject(p.organisationName),
    greeting: { name: p.displayName },
    body: [t.isNow(p.newContactName, p.organisationName), t.ended],
  });
}

export function contactConfirmedMail(p: {
  locale: string;
  displayName: string;
  organisationName: string;
}): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)].confirmed;
  return renderMail(p.locale, {
    kind: 'billing-contact-confirmed',
    subject: t.subject(p.organisationName),
    greeting: { name: p.displayName },
    body: [t.active(p.organisationName), t.youReceive(p.organisationName)],
  });
}
