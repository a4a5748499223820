import { referenceType } from '../../common/references';
import { AccountActivity } from './account-activity.entity';
import { AccountActivityResolver, AccountResolver } from './account.resolver';
import type { ModuleDefinition } from '../module-definition';
import type { AccountService } from './account.service';
import { CorporateAccount } from './corporate-account.entity';
import { InvoiceRecipient } from './invoice-recipient.entity';

// The account module's public surface: what other modules and the composition root may use.
export { AccountService } from './account.service';
export { AccountOnboardingService } from './account-onboarding.service';
export { ActivityService, diff } from './activity.service';
export type { ActivityAction } from './activity-actions';
export { accountLoaders, accountMoney, inAccountCurrency } from './account.loaders';
export { AccountStatus, BillingFrequency, SUPPORTED_LOCALES } from './corporate-account.entity';
export type { CorporateAccount } from './corporate-account.entity';
export { targetAccountId } from './tenancy';

/** Another module's field that points at an account (`Invoice.account`) returns this. */
export const CorporateAccountRef = referenceType('CorporateAccount');

export const accountModule: ModuleDefinition = {
  name: 'account',
  entities: [CorporateAccount, InvoiceRecipient, AccountActivity],
  resolvers: [AccountResolver, AccountActivityResolver],
  references: ({ accounts }: { accounts: AccountService }) => ({
    CorporateAccount: (ctx, id) => accounts.visibleAccount(ctx, id),
  }),
};
