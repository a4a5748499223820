import { DEFAULT_LOCALE, pickLanguage, type Language } from '../common/locale-format';
import type { MailAttachmentRef } from './outbox.entity';

/**
 * An e-mail the service sends: a subject and a plain text body; links are
 * absolute, built from PUBLIC_URL.
 */
export interface RenderedMail {
  kind: string;
  subject: string;
  text: string;
  /** Files rendered at send time by a source registered with the mail service. */
  attachments?: MailAttachmentRef[];
}

/** The locale of a reader who has none (a staff member who never chose one, a shared mailbox). */
export const DEFAULT_MAIL_LOCALE = DEFAULT_LOCALE;

/**
 * How an e-mail opens: with the reader's name, with the generic greeting of
 * mail to a customer's addresses (invoices, receipts), or not at all (a short notice).
 */
export type Greeting = { name: string } | 'customer' | null;

const GREETINGS: Record<Language, { named: (name: string) => string; customer: string }> = {
  en: { named: (name) => `Hello ${name},`, customer: 'Hello,' },
  it: { named: (name) => `Gentile ${name},`, customer: 'Gentile cliente,' },
};

export interface MailContent {
  kind: string;
  subject: string;
  greeting: Greeting;
  /** The lines after the greeting and its blank line ('' is a blank line). */
  body: string[];
  attachments?: MailAttachmentRef[];
}

/**
 * The one layout of every e-mail, in every language: the greeting in the
 * reader's language, a blank line, the body. Every e-mail is written in its
 * reader's language (`pickLanguage`): a billing contact's is their account's
 * locale, a staff member's their own (English when unset). A template picks
 * its words from its per-language texts table and hands them here.
 */
export function renderMail(locale: string, mail: MailContent): RenderedMail {
  const words = GREETINGS[pickLanguage(locale)];
  const { greeting } = mail;
  const head = greeting === null ? [] : [greeting === 'customer' ? words.customer : words.named(greeting.name), ''];
  return {
    kind: mail.kind,
    subject: mail.subject,
    text: [...head, ...mail.body].join('\n'),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  };
}

/** "1 day" / "5 days", "1 giorno" / "5 giorni". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
