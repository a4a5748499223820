import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { money, Money } from '../../common/money';
import { Access, STAFF } from '../../common/permissions';
import { extendedType, type EntityReference } from '../../common/references';
import { Product } from './product.entity';
import { Subscription, SubscriptionItem } from './subscription.entity';
import { SubscriptionService } from './subscription.service';
import {
  CancelSubscriptionInput,
  CreateProductInput,
  CreateSubscriptionInput,
  ReactivateSubscriptionInput,
  UpdateProductInput,
} from './subscription.types';

/** The account as the subscriptions module sees it: its id, with the `subscription` field this module adds. */
export const AccountWithSubscription = extendedType('CorporateAccount');

@Resolver(() => Product)
export class ProductResolver {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @Access(...STAFF)
  @Query(() => [Product], { description: 'The product catalogue' })
  products(@Arg('includeInactive', { defaultValue: false }) includeInactive: boolean): Promise<Product[]> {
    return this.subscriptions.listProducts(includeInactive);
  }

  @Access(...STAFF)
  @Mutation(() => Product)
  createProduct(@Arg('input') input: CreateProductInput): Promise<Product> {
    return this.subscriptions.createProduct(input);
  }

  @Access(...STAFF)
  @Mutation(() => Product)
  updateProduct(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateProductInput): Promise<Product> {
    return this.subscriptions.updateProduct(id, input);
  }

  @FieldResolver(() => [Money], { description: 'Unit price per seat per year, one per currency' })
  async prices(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<Money[]> {
    return (await ctx.loaders.subscriptions.pricesByProductId.load(product.id)).map((p) =>
      money(p.unitPriceMinor, p.currency),
    );
  }
}

@Resolver(() => Subscription)
export class SubscriptionResolver {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @Access(...STAFF)
  @Mutation(() => Subscription, { description: "Start an account's subscription" })
  createSubscription(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('input') input: CreateSubscriptionInput,
  ): Promise<Subscription> {
    return this.subscriptions.createSubscription(ctx, accountId, input);
  }

  @Access(...STAFF)
  @Mutation(() => Subscription, { description: 'Turn automatic renewal on or off' })
  setSubscriptionAutoRenew(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('autoRenew') autoRenew: boolean,
  ): Promise<Subscription> {
    return this.subscriptions.setAutoRenew(ctx, accountId, autoRenew);
  }

  @Access(...STAFF)
  @Mutation(() => Subscription, { description: 'Cancel now, or at the end of the term' })
  cancelSubscription(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('input') input: CancelSubscriptionInput,
  ): Promise<Subscription> {
    return this.subscriptions.cancelSubscription(ctx, accountId, input);
  }

  @Access(...STAFF)
  @Mutation(() => Subscription, { description: 'Make an expired or cancelled subscription active for a new term' })
  reactivateSubscription(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('input', () => ReactivateSubscriptionInput, { nullable: true }) input?: ReactivateSubscriptionInput | null,
  ): Promise<Subscription> {
    return this.subscriptions.reactivateSubscription(ctx, accountId, input ?? {});
  }

  @FieldResolver(() => [SubscriptionItem])
  items(@Root() subscription: Subscription, @Ctx() ctx: RequestContext): Promise<SubscriptionItem[]> {
    return ctx.loaders.subscriptions.itemsBySubscriptionId.load(subscription.id);
  }
}

@Resolver(() => SubscriptionItem)
export class SubscriptionItemResolver {
  @FieldResolver(() => Product)
  async product(@Root() item: SubscriptionItem, @Ctx() ctx: RequestContext): Promise<Product> {
    return (await ctx.loaders.subscriptions.productById.load(item.productId))!;
  }
}

@Resolver(() => AccountWithSubscription)
export class AccountSubscriptionResolver {
  @FieldResolver(() => Subscription, { nullable: true, description: "The account's subscription, if it has one" })
  subscription(@Root() account: EntityReference, @Ctx() ctx: RequestContext): Promise<Subscription | null> {
    return ctx.loaders.subscriptions.byAccountId.load(account.id);
  }
}
