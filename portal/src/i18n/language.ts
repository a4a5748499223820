/** The portal's languages; formats follow the account's locale when it is in the same language. */
export const LANGUAGES = ['en', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'corp-billing.language';
const DEFAULT_LOCALE: Record<Language, string> = { en: 'en-US', it: 'it-IT' };

const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

export function languageOf(locale: string | null | undefined): Language | null {
  const language = locale?.slice(0, 2).toLowerCase();
  return isLanguage(language) ? language : null;
}

/** The language the user chose on this browser, if any. */
export function rememberedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be off (private mode): the choice then lasts for this page only.
  }
}

/** Before anyone logs in: the remembered choice, else the browser's first language we have, else English. */
export function initialLanguage(): Language {
  return rememberedLanguage() ?? navigator.languages.map(languageOf).find((l) => l !== null) ?? 'en';
}

/** The locale that formats amounts, dates and addresses: the account's when it speaks the language. */
export function formattingLocale(language: Language, accountLocale?: string | null): string {
  return accountLocale && languageOf(accountLocale) === language ? accountLocale : DEFAULT_LOCALE[language];
}
