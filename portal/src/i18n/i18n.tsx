import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import {
  formattingLocale,
  initialLanguage,
  languageOf,
  rememberedLanguage,
  rememberLanguage,
  type Language,
} from './language';
import { loadMessages } from './messages';

interface LanguageState {
  language: Language;
  /** The user's choice: switches now and is remembered on this browser. */
  chooseLanguage: (language: Language) => void;
  /** The logged-in account's locale: its language unless the user chose one, and its formats. */
  adoptAccountLocale: (locale: string | null) => void;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [accountLocale, setAccountLocale] = useState<string | null>(null);
  const [messages, setMessages] = useState<{ language: Language; messages: Record<string, string> } | null>(null);

  useEffect(() => {
    let current = true;
    void loadMessages(language).then((loaded) => current && setMessages({ language, messages: loaded }));
    document.documentElement.lang = language;
    return () => {
      current = false;
    };
  }, [language]);

  const chooseLanguage = useCallback((next: Language) => {
    rememberLanguage(next);
    setLanguage(next);
  }, []);
  const adoptAccountLocale = useCallback((locale: string | null) => {
    setAccountLocale(locale);
    const fromAccount = languageOf(locale);
    if (fromAccount && !rememberedLanguage()) setLanguage(fromAccount);
  }, []);
  const state = useMemo(
    () => ({ language, chooseLanguage, adoptAccountLocale }),
    [language, chooseLanguage, adoptAccountLocale],
  );

  // The first catalogue is a few kilobytes: nothing shows until it is here, rather than ids.
  if (!messages) return null;
  return (
    <LanguageContext.Provider value={state}>
      <IntlProvider
        locale={formattingLocale(messages.language, accountLocale)}
        messages={messages.messages}
        defaultLocale="en-US"
      >
        {children}
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

export type Translate = (id: string, values?: Record<string, string | number | Date | null | undefined>) => string;

/** `t(id, values)`: the message `id` (`area.key`) in the current language. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback<Translate>(
    (id, values) => intl.formatMessage({ id }, values as Record<string, string | number | Date>),
    [intl],
  );
}

export interface MoneyValue {
  amountMinor: number;
  currency: string;
}

const fractionDigits = new Map<string, number>();
function digitsOf(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** Amounts, calendar dates and instants in the locale's formats (it-IT: `1234,56 €`, `31/12/2026`). */
export function useFormat() {
  const intl = useIntl();
  return useMemo(
    () => ({
      money: (m: MoneyValue) =>
        intl.formatNumber(m.amountMinor / 10 ** digitsOf(m.currency), { style: 'currency', currency: m.currency }),
      /** A LocalDate (YYYY-MM-DD): the same day wherever the browser is. */
      date: (localDate: string) => intl.formatDate(`${localDate}T00:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' }),
      dateTime: (instant: string) => intl.formatDate(instant, { dateStyle: 'medium', timeStyle: 'short' }),
      minorFromInput: (text: string, currency: string): number | null => {
        const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
        if (!/^\d+(\.\d+)?$/.test(normalised)) return null;
        const [whole, fraction = ''] = normalised.split('.');
        const digits = digitsOf(currency);
        if (fraction.length > digits) return null;
        return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
      },
      inputFromMinor: (amountMinor: number, currency: string) => {
        const digits = digitsOf(currency);
        const text = (amountMinor / 10 ** digits).toFixed(digits);
        return intl.locale.startsWith('it') ? text.replace('.', ',') : text;
      },
    }),
    [intl],
  );
}
