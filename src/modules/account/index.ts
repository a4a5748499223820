import { AccountActivity } from './account-activity.entity';
import { AccountActivityResolver, AccountResolver } from './account.resolver';
import { CorporateAccount } from './corporate-account.entity';
import { InvoiceRecipient } from './invoice-recipient.entity';

export { AccountService } from './account.service';

export const accountModule = {
  name: 'account',
  entities: [CorporateAccount, InvoiceRecipient, AccountActivity],
  resolvers: [AccountResolver, AccountActivityResolver],
};
