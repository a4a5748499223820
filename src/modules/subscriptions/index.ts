import { Product, ProductPrice } from './product.entity';
import { AccountSubscriptionResolver, ProductResolver, SubscriptionItemResolver, SubscriptionResolver } from './subscription.resolver';
import { Subscription, SubscriptionItem } from './subscription.entity';

export { SubscriptionService } from './subscription.service';

export const subscriptionsModule = {
  name: 'subscriptions',
  entities: [Product, ProductPrice, Subscription, SubscriptionItem],
  resolvers: [ProductResolver, SubscriptionResolver, SubscriptionItemResolver, AccountSubscriptionResolver],
};
