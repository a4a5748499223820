import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import { UserStatus, type BillingUser } from './billing-user.entity';
import type { BillingContactChange } from './contact-change.entity';
import type { ContactChangeService } from './contact-change.service';
import type { IdentityService } from './identity.service';

export const identityLoaders = (identity: IdentityService, changes: ContactChangeService) => ({
  pendingContactChangeByAccountId: new DataLoader<string, BillingContactChange | null>(async (accountIds) => {
    const rows = await changes.pendingOf(accountIds);
    return accountIds.map((id) => rows.find((c) => c.accountId === id) ?? null);
  }),
  userById: byIdLoader((ids) => identity.findByIds(ids)),
  /** The current billing contact of each account (the active one before an invited one). */
  billingContactByAccountId: new DataLoader<string, BillingUser | null>(async (accountIds) => {
    const contacts = await identity.billingContactsOf(accountIds);
    return accountIds.map(
      (id) =>
        contacts.find((c) => c.accountId === id && c.status === UserStatus.ACTIVE) ??
        contacts.find((c) => c.accountId === id) ??
        null,
    );
  }),
});
