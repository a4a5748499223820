import DataLoader from 'dataloader';
import type { RequestContext } from '../../context';
import { byIdLoader } from '../../common/loaders';
import type { BillingUser } from './billing-user.entity';
import type { BillingContactChange } from './contact-change.entity';
import type { ContactChangeService } from './contact-change.service';
import type { UserDirectory } from './user-directory';

export const identityLoaders = (userDirectory: UserDirectory, changes: ContactChangeService) => ({
  pendingContactChangeByAccountId: new DataLoader<string, BillingContactChange | null>(async (accountIds) => {
    const rows = await changes.pendingOf(accountIds);
    return accountIds.map((id) => rows.find((c) => c.accountId === id) ?? null);
  }),
  userById: byIdLoader((ids) => userDirectory.findByIds(ids)),
  /** The billing contact of each account (the user named on invoices, active or invited). */
  billingContactByAccountId: new DataLoader<string, BillingUser | null>(async (accountIds) => {
    const contacts = await userDirectory.billingContactsOf(accountIds);
    return accountIds.map((id) => contacts.find((c) => c.primaryAccountId === id) ?? null);
  }),
});

/** A user's display name (null for none or the system), through the request's loader: what other modules show of who did something. */
export async function displayNameOf(ctx: RequestContext, userId: string | null | undefined): Promise<string | null> {
  return userId ? ((await ctx.loaders.identity.userById.load(userId))?.displayName ?? null) : null;
}

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.identity`. */
  interface Loaders {
    identity: ReturnType<typeof identityLoaders>;
  }
}
