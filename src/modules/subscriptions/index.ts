import { referenceType } from '../../common/references';
import type { AccountService } from '../account';
import type { ModuleDefinition } from '../module-definition';
import { Product, ProductPrice } from './product.entity';
import {
  AccountSubscriptionResolver,
  AccountWithSubscription,
  ProductResolver,
  SubscriptionItemResolver,
  SubscriptionResolver,
} from './subscription.resolver';
import { Subscription, SubscriptionItem } from './subscription.entity';
import { SubscriptionRenewal } from './subscription-renewal.entity';
import type { SubscriptionService } from './subscription.service';

// The subscriptions module's public surface.
export { SubscriptionService } from './subscription.service';
export { RenewalService } from './renewal.service';
export { SubscriptionStatus } from './subscription.entity';
export type { Product } from './product.entity';
export { subscriptionLoaders, seatsOf, productsOf } from './subscription.loaders';

/** Another module's field that points at a product (`QuoteLine.product`) returns this. */
export const ProductRef = referenceType('Product');

export const subscriptionsModule: ModuleDefinition = {
  name: 'subscriptions',
  entities: [Product, ProductPrice, Subscription, SubscriptionItem, SubscriptionRenewal],
  resolvers: [ProductResolver, SubscriptionResolver, SubscriptionItemResolver, AccountSubscriptionResolver],
  // Nothing here returns an account: the extension is reached through the account module's fields.
  orphanedTypes: [AccountWithSubscription],
  references: ({ subscriptions }: { subscriptions: SubscriptionService }) => ({
    // The catalogue is not tenant data: anybody logged in sees the products their quotes and subscription name.
    Product: async (ctx, id) => (ctx.principal || ctx.system ? subscriptions.product(ctx, id) : null),
  }),
  extendedReferences: ({ accounts }: { accounts: AccountService }) => ({
    CorporateAccount: (ctx, id) => accounts.visibleAccount(ctx, id),
  }),
};
