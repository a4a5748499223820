import DataLoader from 'dataloader';
import type { RequestContext } from '../../context';
import { byIdLoader, groupLoader } from '../../common/loaders';
import { lazyMoney, money, type Money } from '../../common/money';
import type { AccountService } from './account.service';
import type { ActivityService } from './activity.service';
import type { Page } from '../../common/pagination';
import type { AccountActivity } from './account-activity.entity';
import type { InvoiceRecipient } from './invoice-recipient.entity';

export const accountLoaders = (accounts: AccountService, activity: ActivityService) => ({
  /** The first page of activity of many accounts at once; keys are `${accountId}|${first}`. */
  activityFirstPage: new DataLoader<string, Page<AccountActivity>>(async (keys) => {
    const byFirst = new Map<number, string[]>();
    for (const key of keys) {
      const [id, first] = key.split('|');
      byFirst.set(Number(first), [...(byFirst.get(Number(first)) ?? []), id]);
    }
    const pages = new Map<string, Page<AccountActivity>>();
    for (const [first, ids] of byFirst) {
      for (const [id, page] of await activity.firstPages(ids, first)) pages.set(`${id}|${first}`, page);
    }
    return keys.map((key) => pages.get(key)!);
  }),
  byId: byIdLoader((ids) => accounts.findByIds(ids)),
  recipientsByAccountId: groupLoader<InvoiceRecipient>((ids) => accounts.recipientsOf(ids), 'accountId'),
});

/** An amount in the account's own currency and locale (a purchase order's ceiling), through the request's loader. */
export async function inAccountCurrency(ctx: RequestContext, accountId: string, amountMinor: number): Promise<Money> {
  const account = await ctx.loaders.account.byId.load(accountId);
  return money(amountMinor, account?.currency ?? 'USD', account?.locale);
}

/**
 * An amount of one of an account's documents, formatted in the account's
 * locale: the account is read (through the request's loader) only when the
 * query asks for `formatted`.
 */
export function accountMoney(ctx: RequestContext, accountId: string, amountMinor: number, currency: string): Money {
  return lazyMoney(
    amountMinor,
    currency,
    async () => (await ctx.loaders.account.byId.load(accountId))?.locale ?? 'en-US',
  );
}

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.account`. */
  interface Loaders {
    account: ReturnType<typeof accountLoaders>;
  }
}
