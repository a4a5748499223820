import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import type { BillingUser } from './billing-user.entity';
import type { IdentityService } from './identity.service';

export const identityLoaders = (identity: IdentityService) => ({
  userById: byIdLoader((ids) => identity.findByIds(ids)),
  /** The current billing contact of each account (the active one before an invited one). */
  billingContactByAccountId: new DataLoader<string, BillingUser | null>(async (accountIds) => {
    const contacts = await identity.billingContactsOf(accountIds);
    return accountIds.map(
      (id) => contacts.find((c) => c.accountId === id && c.status === 'ACTIVE') ?? contacts.find((c) => c.accountId === id) ?? null,
    );
  }),
});
