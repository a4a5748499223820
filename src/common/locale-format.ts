/**
 * Languages and locale formats for people, the one place PDFs and e-mails
 * take them from: which language a locale reads in, dates, numbers, country
 * names (money is `formatMoney`, beside the Money type in ./money).
 *
 * Bad input never throws from here: a rendered invoice or e-mail must not
 * fail on one odd value. A locale that is not a valid BCP 47 tag formats as
 * DEFAULT_LOCALE (en-US); a date that is not a 'YYYY-MM-DD' calendar date is
 * printed as given, so the reader still sees the raw value.
 */

export { formatMoney } from './money';

/** The languages documents and e-mails are written in. */
export const LANGUAGES = ['en', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locales an account or a staff member may choose: one per language. */
export const SUPPORTED_LOCALES = ['en-US', 'it-IT'] as const;

/** The locale of a reader who has none, and of a locale that is not a valid tag. */
export const DEFAULT_LOCALE = 'en-US';

/** A locale Intl accepts: the given one canonicalised ('it_it' -> 'it-IT'), or DEFAULT_LOCALE when it is not a valid tag. */
export function resolveLocale(locale: string | null | undefined): string {
  try {
    const [canonical] = Intl.getCanonicalLocales((locale ?? '').trim().replace(/_/g, '-'));
    if (canonical) return canonical;
  } catch {
    // not a BCP 47 tag: fall through
  }
  return DEFAULT_LOCALE;
}

/**
 * The language a reader of `locale` gets: the locale's language when we write
 * in it (Italian for it-*), English otherwise, also for a missing or invalid locale.
 */
export function pickLanguage(locale: string | null | undefined): Language {
  const language = new Intl.Locale(resolveLocale(locale)).language;
  return LANGUAGES.find((l) => l === language) ?? 'en';
}

/** 'YYYY-MM-DD' as UTC midnight, or null when it is not a calendar date. */
function parseLocalDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

/** Date formats by locale and style: building an Intl.DateTimeFormat costs far more than using one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, dateStyle: 'long' | 'medium'): Intl.DateTimeFormat {
  const key = `${locale}|${dateStyle}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' });
    // Locales come from validated settings; the cap only guards against odd callers.
    if (dateFormats.size >= 200) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A calendar date ('YYYY-MM-DD') for people: "November 28, 2026", "28 novembre 2026"
 * ('medium': "Nov 28, 2026"). Any other value is returned as given.
 */
export function formatDate(value: string, locale: string, dateStyle: 'long' | 'medium' = 'long'): string {
  const date = parseLocalDate(value);
  return date ? dateFormat(resolveLocale(locale), dateStyle).format(date) : value;
}

/** "1 nov 2026 – 30 nov 2026"; each date kept on one line (no-break spaces), so a narrow cell breaks after the dash. */
export function formatPeriod(start: string | null, end: string | null, locale: string): string {
  const date = (value: string) => formatDate(value, locale, 'medium').replace(/[ \u202f\u2009]/g, '\u00a0');
  if (start && end) return `${date(start)} – ${date(end)}`;
  if (start) return `${date(start)} –`;
  if (end) return `– ${date(end)}`;
  return '';
}

/** Basis points as a percentage: 2200 -> "22%" (en) or "22 %" (fr). */
export function formatPercent(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(resolveLocale(locale), { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

export function formatQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(resolveLocale(locale), { maximumFractionDigits: 4 }).format(quantity);
}

/** A change with its sign: "+5", "-2" (with a U+2212 minus in some locales), "0". */
export function formatSignedCount(count: number, locale: string): string {
  return new Intl.NumberFormat(resolveLocale(locale), { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(
    count,
  );
}

/** A country's name in the language of `locale` for an ISO 3166 code ("Italy", "Italia"), else the value as given. */
export function countryName(country: string, locale: string): string {
  const code = country.trim();
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return (
      new Intl.DisplayNames(resolveLocale(locale), { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code
    );
  } catch {
    return code;
  }
}
