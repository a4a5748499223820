import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import type { AccountService } from './account.service';
import type { InvoiceRecipient } from './invoice-recipient.entity';

export const accountLoaders = (accounts: AccountService) => ({
  accountById: byIdLoader((ids) => accounts.findByIds(ids)),
  recipientsByAccountId: new DataLoader<string, InvoiceRecipient[]>(async (ids) => {
    const rows = await accounts.recipientsOf(ids);
    return ids.map((id) => rows.filter((r) => r.accountId === id));
  }),
});
