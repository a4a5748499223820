import { Product, ProductPrice } from './product.entity';
import {
  AccountSubscriptionResolver,
  ProductResolver,
  SubscriptionItemResolver,
  SubscriptionResolver,
} from './subscription.resolver';
import { Subscription, SubscriptionItem } from './subscription.entity';
import { SubscriptionRenewal } from './subscription-renewal.entity';

export { SubscriptionService } from './subscription.service';

export const subscriptionsModule = {
  name: 'subscriptions',
  entities: [Product, ProductPrice, Subscription, SubscriptionItem, SubscriptionRenewal],
  resolvers: [ProductResolver, SubscriptionResolver, SubscriptionItemResolver, AccountSubscriptionResolver],
};
