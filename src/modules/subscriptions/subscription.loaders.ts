import DataLoader from 'dataloader';
import { byIdLoader, groupLoader } from '../../common/loaders';
import type { RequestContext } from '../../context';
import { Product, type ProductPrice } from './product.entity';
import type { Subscription, SubscriptionItem } from './subscription.entity';
import type { SubscriptionService } from './subscription.service';

export const subscriptionLoaders = (subscriptions: SubscriptionService) => ({
  productById: byIdLoader((ids) => subscriptions.productsByIds(ids)),
  pricesByProductId: groupLoader<ProductPrice>((ids) => subscriptions.pricesOf(ids), 'productId'),
  byAccountId: new DataLoader<string, Subscription | null>(async (ids) => {
    const rows = await subscriptions.subscriptionsOf(ids);
    return ids.map((id) => rows.find((s) => s.accountId === id) ?? null);
  }),
  itemsBySubscriptionId: groupLoader<SubscriptionItem>((ids) => subscriptions.itemsOf(ids), 'subscriptionId'),
});

/** An account's seats per product (none without a subscription), through the request's loaders. */
export async function seatsOf(ctx: RequestContext, accountId: string): Promise<SubscriptionItem[]> {
  const subscription = await ctx.loaders.subscriptions.byAccountId.load(accountId);
  return subscription ? ctx.loaders.subscriptions.itemsBySubscriptionId.load(subscription.id) : [];
}

/** The catalogue's products of these ids (unknown ones left out), through the request's loaders. */
export async function productsOf(ctx: RequestContext, ids: readonly string[]): Promise<Product[]> {
  const products = await ctx.loaders.subscriptions.productById.loadMany([...new Set(ids)]);
  return products.filter((p): p is Product => p instanceof Product);
}

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.subscriptions`. */
  interface Loaders {
    subscriptions: ReturnType<typeof subscriptionLoaders>;
  }
}
