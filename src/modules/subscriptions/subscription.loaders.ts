import DataLoader from 'dataloader';
import { byIdLoader, groupLoader } from '../../common/loaders';
import type { ProductPrice } from './product.entity';
import type { Subscription, SubscriptionItem } from './subscription.entity';
import type { SubscriptionService } from './subscription.service';

export const subscriptionLoaders = (subscriptions: SubscriptionService) => ({
  productById: byIdLoader((ids) => subscriptions.productsByIds(ids)),
  pricesByProductId: groupLoader<ProductPrice>((ids) => subscriptions.pricesOf(ids), 'productId'),
  subscriptionByAccountId: new DataLoader<string, Subscription | null>(async (ids) => {
    const rows = await subscriptions.subscriptionsOf(ids);
    return ids.map((id) => rows.find((s) => s.accountId === id) ?? null);
  }),
  itemsBySubscriptionId: groupLoader<SubscriptionItem>((ids) => subscriptions.itemsOf(ids), 'subscriptionId'),
});
