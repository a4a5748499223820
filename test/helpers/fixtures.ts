import { oneYearFrom, today } from '../../src/common/dates';
import type { BillingFrequency } from '../../src/modules/account/corporate-account.entity';
import { type BillingUser } from '../../src/modules/identity/billing-user.entity';
import { Role } from '../../src/common/roles';
import { graphql, type VariablesOf } from './graphql';
import type { TestServer } from './server';

/** Fixture builders: accounts, contacts and catalogues as the tests use them. */

/** An Italian account: it-IT e-mails and documents, billed in EUR. */
export const ITALIAN = { country: 'IT', currency: 'EUR', locale: 'it-IT' } as const;

const CREATE_SUBSCRIPTION = graphql(`
  mutation FixtureSubscription($accountId: ID!, $input: CreateSubscriptionInput!) {
    createSubscription(accountId: $accountId, input: $input) {
      id
    }
  }
`);

type SubscriptionInput = VariablesOf<typeof CREATE_SUBSCRIPTION>['input'];

export interface CustomerOptions {
  /** The account's country, currency and locale; the service's defaults are US, USD and en-US. */
  country?: string;
  currency?: string;
  locale?: string;
  billingFrequency?: BillingFrequency;
  /** The billing contact's billing user ID (default `ap.` and the name's letters and digits). */
  billingUserId?: string;
  /** The sales rep to assign (default a new one). */
  rep?: BillingUser;
  /** A subscription the rep starts for the account; the term defaults to one year from today. */
  subscription?: Omit<SubscriptionInput, 'termStart' | 'termEnd'> & { termStart?: string; termEnd?: string };
}

export type Customer = Awaited<ReturnType<typeof customer>>;

/**
 * An account made through the service with its sales rep and its active
 * billing contact, both logged in through the API (`contact` and `rep`), and
 * a subscription when asked for.
 */
export async function customer(t: TestServer, name: string, options: CustomerOptions = {}) {
  const { rep: givenRep, billingUserId, subscription, ...seed } = options;
  const repUser = givenRep ?? (await t.user(Role.SALES_REP));
  const account = await t.account(name, { salesRepId: repUser.id, ...seed });
  const user = await t.user(Role.BILLING_CONTACT, {
    accountId: account.id,
    billingUserId: billingUserId ?? `ap.${name.toLowerCase().replace(/\W+/g, '')}`,
  });
  const [contact, rep] = [await t.loginAs(user), await t.loginAs(repUser)];
  let subscriptionId: string | undefined;
  if (subscription) {
    const termStart = subscription.termStart ?? today();
    const input = { ...subscription, termStart, termEnd: subscription.termEnd ?? oneYearFrom(termStart) };
    const r = await rep.mutate(CREATE_SUBSCRIPTION, { accountId: account.id, input });
    if (r.errors.length) throw new Error(`subscription failed: ${JSON.stringify(r.errors)}`);
    subscriptionId = r.data.createSubscription.id;
  }
  return { account, user, repUser, contact, rep, subscriptionId };
}

/**
 * Products made through the service, by code, each with a yearly price per
 * seat in every currency given (`{ EUR: 120_000 }`); the name defaults to
 * "Code seat". Answers the product ids by code.
 */
export async function catalogue(
  t: TestServer,
  products: Record<string, { name?: string; prices: Record<string, number> }>,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [code, { name, prices }] of Object.entries(products)) {
    const product = await t.app.services.subscriptions.createProduct({
      code,
      name: name ?? `${code.charAt(0)}${code.slice(1).toLowerCase()} seat`,
      prices: Object.entries(prices).map(([currency, unitPriceMinor]) => ({ currency, unitPriceMinor })),
    });
    ids[code] = product.id;
  }
  return ids;
}
