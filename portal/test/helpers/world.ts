import { catalogue, customer, ITALIAN, type Customer } from '../../../test/helpers/fixtures';
import type { TestServer } from '../../../test/helpers/server';
import type { Language } from './browser';

export { PASSWORD } from '../../../test/helpers/server';

/** Yearly prices per seat: ANALYTICS 1.200,00 € / $1,500.00, ARCHIVE 99,00 € / $120.00. */
export async function products(t: TestServer): Promise<Record<string, string>> {
  return catalogue(t, {
    ANALYTICS: { name: 'Analytics seat', prices: { EUR: 120_000, USD: 150_000 } },
    ARCHIVE: { name: 'Archive seat', prices: { EUR: 9_900, USD: 12_000 } },
  });
}

/**
 * A customer who speaks `language`: an Italian account (it-IT, EUR) or a US
 * one (en-US, USD), with its rep, its active billing contact and a one-year
 * subscription of 10 ANALYTICS and 5 ARCHIVE seats.
 */
export async function customerIn(
  t: TestServer,
  language: Language,
  name: string,
  ids: Record<string, string>,
): Promise<Customer> {
  return customer(t, name, {
    ...(language === 'it' ? ITALIAN : { country: 'US', currency: 'USD', locale: 'en-US' }),
    subscription: {
      items: [
        { productId: ids.ANALYTICS, seats: 10 },
        { productId: ids.ARCHIVE, seats: 5 },
      ],
    },
  });
}

/** What the portal shows, in each language, for the tests' assertions. */
export const SAY = {
  it: { login: 'Accedi', logout: 'Esci', overview: 'Riepilogo' },
  en: { login: 'Log in', logout: 'Log out', overview: 'Overview' },
} as const;
