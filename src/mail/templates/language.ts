import type { MailAttachmentRef } from '../outbox.entity';

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

/** The languages e-mails are written in. */
export type MailLanguage = 'en' | 'it';

/** The locale of a reader who has none (a staff member who never chose one, a shared mailbox). */
export const DEFAULT_MAIL_LOCALE = 'en-US';

/**
 * Every e-mail is written in its reader's language: a billing contact's is
 * their account's locale, a staff member's their own (English when unset).
 * Italian for it-*, English otherwise.
 */
export function mailLanguage(locale: string | null | undefined): MailLanguage {
  return (locale ?? '').trim().toLowerCase().startsWith('it') ? 'it' : 'en';
}

/** A calendar date ('YYYY-MM-DD') for people, e.g. "November 28, 2026" or "28 novembre 2026". */
export function formatDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** "1 day" / "5 days", "1 giorno" / "5 giorni". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
