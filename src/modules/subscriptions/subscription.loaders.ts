import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import type { ProductPrice } from './product.entity';
import type { Subscription, SubscriptionItem } from './subscription.entity';
import type { SubscriptionService } from './subscription.service';

const groupBy = <T, K extends keyof T>(rows: T[], key: K, ids: readonly T[K][]) => ids.map((id) => rows.filter((r) => r[key] === id));

export const subscriptionLoaders = (subscriptions: SubscriptionService) => ({
  productById: byIdLoader((ids) => subscriptions.productsByIds(ids)),
  pricesByProductId: new DataLoader<string, ProductPrice[]>(async (ids) => groupBy(await subscriptions.pricesOf(ids), 'productId', ids)),
  subscriptionByAccountId: new DataLoader<string, Subscription | null>(async (ids) => {
    const rows = await subscriptions.subscriptionsOf(ids);
    return ids.map((id) => rows.find((s) => s.accountId === id) ?? null);
  }),
  itemsBySubscriptionId: new DataLoader<string, SubscriptionItem[]>(async (ids) => groupBy(await subscriptions.itemsOf(ids), 'subscriptionId', ids)),
});
