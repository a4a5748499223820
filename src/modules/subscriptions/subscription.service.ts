import type { ActivityAction } from '../account';
import { In, LessThan, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { EventBus } from '../../common/events';
import { systemClock, type Clock } from '../../common/clock';
import { oneYearFrom } from '../../common/dates';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { AccountStatus } from '../account';
import { Product, ProductPrice } from './product.entity';
import { Subscription, SubscriptionItem, SubscriptionStatus } from './subscription.entity';
import { subscriptionStatusMachine } from './subscription.state';
import type {
  CancelSubscriptionInput,
  CreateProductInput,
  CreateSubscriptionInput,
  PriceInput,
  ReactivateSubscriptionInput,
  SeatChange,
  UpdateProductInput,
} from './subscription.types';

function checkTerm(termStart: string, termEnd: string): void {
  if (termEnd < termStart) throw new BadUserInputError('termEnd must not be before termStart', 'termEnd');
}

/**
 * `subscription.updated` for a subscription changed in `tx` (by this service
 * or the renewals): read back after the change, with its version, status,
 * seats per product, the account's billing frequency, its term and `change`,
 * the activity action recorded for the change. Never the cancellation reason.
 */
export async function publishSubscriptionUpdated(
  events: EventBus,
  accounts: AccountService,
  tx: Tx,
  subscriptionId: string,
  change: ActivityAction,
): Promise<void> {
  const s = await tx.manager.findOneByOrFail(Subscription, { id: subscriptionId });
  const items = await tx.manager.find(SubscriptionItem, { where: { subscriptionId }, order: { id: 'ASC' } });
  const account = await accounts.findById(s.accountId, tx);
  await events.publish(tx, {
    type: 'subscription.updated',
    accountId: s.accountId,
    data: {
      id: s.id,
      object: 'subscription',
      version: s.version,
      status: s.status,
      items: items.map((i) => ({ productId: i.productId, seats: i.seats })),
      billingFrequency: account?.billingFrequency ?? null,
      termStart: s.termStart,
      termEnd: s.termEnd,
      autoRenew: s.autoRenew,
      cancelAtTermEnd: s.cancelAtTermEnd,
      change,
    },
  });
}

/**
 * The product catalogue and the subscriptions of accounts. Status changes go
 * through the transition table and a conditional UPDATE; every change is
 * written to the account's activity trail in the same transaction.
 */
export class SubscriptionService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly clock: Clock = systemClock,
  ) {
    // The billing frequency is the account's, but what the subscription is billed at: its receivers hear of it.
    accounts.onBillingFrequencyChanged(async (_ctx, tx, accountId, action) => {
      const s = await tx.manager.findOne(Subscription, { where: { accountId }, ...forUpdate(tx) });
      if (!s) return;
      await tx.manager.update(Subscription, { id: s.id }, { updatedAt: new Date() });
      await this.publish(tx, s.id, action);
    });
  }

  private publish(tx: Tx, subscriptionId: string, change: ActivityAction): Promise<void> {
    return publishSubscriptionUpdated(this.events, this.accounts, tx, subscriptionId, change);
  }

  // ---- catalogue -----------------------------------------------------------

  listProducts(includeInactive: boolean): Promise<Product[]> {
    return this.ds
      .getRepository(Product)
      .find({ where: includeInactive ? {} : { active: true }, order: { code: 'ASC' } });
  }

  async createProduct(input: CreateProductInput): Promise<Product> {
    try {
      return await inTransaction(this.ds, async (tx) => {
        const product = tx.manager.create(Product, {
          code: input.code,
          name: input.name.trim(),
          description: input.description?.trim() || null,
        });
        await tx.manager.insert(Product, product);
        await this.replacePrices(tx, product.id, input.prices);
        return product;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`Product code ${input.code} is already in use`);
      throw err;
    }
  }

  async updateProduct(id: string, input: UpdateProductInput): Promise<Product> {
    return inTransaction(this.ds, async (tx) => {
      const product = await tx.manager.findOne(Product, { where: { id }, ...forUpdate(tx) });
      if (!product) throw new NotFoundError('Product');
      const changes: Partial<Product> = { updatedAt: new Date() };
      if (input.name) changes.name = input.name.trim();
      if (input.description !== undefined) changes.description = input.description?.trim() || null;
      if (input.active !== undefined && input.active !== null) changes.active = input.active;
      await tx.manager.update(Product, { id }, changes);
      if (input.prices) await this.replacePrices(tx, id, input.prices);
      return Object.assign(product, changes);
    });
  }

  private async replacePrices(tx: Tx, productId: string, prices: PriceInput[]): Promise<void> {
    const currencies = prices.map((p) => p.currency.toUpperCase());
    if (new Set(currencies).size !== currencies.length)
      throw new BadUserInputError('prices has a currency twice', 'prices');
    await tx.manager.delete(ProductPrice, { productId });
    if (prices.length)
      await tx.manager.insert(
        ProductPrice,
        prices.map((p) =>
          tx.manager.create(ProductPrice, {
            productId,
            currency: p.currency.toUpperCase(),
            unitPriceMinor: p.unitPriceMinor,
          }),
        ),
      );
  }

  pricesOf(productIds: readonly string[], tx?: Tx): Promise<ProductPrice[]> {
    return (tx?.manager ?? this.ds.manager)
      .getRepository(ProductPrice)
      .find({ where: { productId: In([...productIds]) }, order: { currency: 'ASC' } });
  }

  /** A product of the catalogue through the request's loader, or null: the reference resolver of Product. */
  async product(ctx: RequestContext, id: string): Promise<Product | null> {
    return (await ctx.loaders.subscriptions.productById.load(id)) ?? null;
  }

  productsByIds(ids: readonly string[], tx?: Tx): Promise<Product[]> {
    return (tx?.manager ?? this.ds.manager).findBy(Product, { id: In([...ids]) });
  }

  // ---- subscriptions -------------------------------------------------------

  subscriptionsOf(accountIds: readonly string[], tx?: Tx): Promise<Subscription[]> {
    return (tx?.manager ?? this.ds.manager).findBy(Subscription, { accountId: In([...accountIds]) });
  }

  itemsOf(subscriptionIds: readonly string[], tx?: Tx): Promise<SubscriptionItem[]> {
    return (tx?.manager ?? this.ds.manager)
      .getRepository(SubscriptionItem)
      .find({ where: { subscriptionId: In([...subscriptionIds]) }, order: { id: 'ASC' } });
  }

  /** Staff: the first subscription of an account. */
  async createSubscription(
    ctx: RequestContext,
    accountId: string,
    input: CreateSubscriptionInput,
  ): Promise<Subscription> {
    checkTerm(input.termStart, input.termEnd);
    const productIds = input.items.map((i) => i.productId);
    if (new Set(productIds).size !== productIds.length)
      throw new BadUserInputError('items lists a product twice', 'items');
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      if (await tx.manager.findOneBy(Subscription, { accountId }))
        throw new ConflictError('This account already has a subscription');
      await this.requireSellable(tx, productIds, account.currency);
      const subscription = tx.manager.create(Subscription, {
        accountId,
        termStart: input.termStart,
        termEnd: input.termEnd,
        autoRenew: input.autoRenew,
      });
      await tx.manager.insert(Subscription, subscription);
      await tx.manager.insert(
        SubscriptionItem,
        input.items.map((i) =>
          tx.manager.create(SubscriptionItem, {
            subscriptionId: subscription.id,
            productId: i.productId,
            seats: i.seats,
          }),
        ),
      );
      await this.activity.record(ctx, tx, accountId, 'SUBSCRIPTION_CREATED', [
        { field: 'term', from: null, to: `${input.termStart}..${input.termEnd}` },
        ...input.items.map((i) => ({ field: `seats (${i.productId})`, from: null, to: String(i.seats) })),
      ]);
      await this.publish(tx, subscription.id, 'SUBSCRIPTION_CREATED');
      return subscription;
    });
  }

  async setAutoRenew(ctx: RequestContext, accountId: string, autoRenew: boolean): Promise<Subscription> {
    return this.change(ctx, accountId, async (tx, s) => {
      if (s.status !== SubscriptionStatus.ACTIVE)
        throw new ConflictError(`A ${s.status.toLowerCase()} subscription does not renew`);
      if (s.autoRenew === autoRenew) return s;
      await tx.manager.update(Subscription, { id: s.id }, { autoRenew, updatedAt: new Date() });
      await this.activity.record(ctx, tx, accountId, 'SUBSCRIPTION_UPDATED', [
        { field: 'autoRenew', from: String(s.autoRenew), to: String(autoRenew) },
      ]);
      await this.publish(tx, s.id, 'SUBSCRIPTION_UPDATED');
      return { ...s, autoRenew };
    });
  }

  cancelSubscription(ctx: RequestContext, accountId: string, input: CancelSubscriptionInput): Promise<Subscription> {
    return inTransaction(this.ds, (tx) => this.cancel(ctx, tx, accountId, input));
  }

  /** Cancels now, or at the end of the term (the subscription stays active until then and does not renew). */
  async cancel(ctx: RequestContext, tx: Tx, accountId: string, input: CancelSubscriptionInput): Promise<Subscription> {
    const s = await this.lock(ctx, tx, accountId);
    const reason = input.reason.trim();
    if (!input.immediately) {
      subscriptionStatusMachine.assert(s.status, SubscriptionStatus.CANCELLED, 'subscription status');
      if (s.cancelAtTermEnd) throw new ConflictError('This subscription is already cancelled at the end of its term');
      const changes = { cancelAtTermEnd: true, autoRenew: false, cancelReason: reason, updatedAt: new Date() };
      await tx.manager.update(Subscription, { id: s.id, status: SubscriptionStatus.ACTIVE }, changes);
      await this.activity.record(ctx, tx, accountId, 'SUBSCRIPTION_CANCELLED_AT_TERM_END', [
        { field: 'cancelAtTermEnd', from: 'false', to: 'true' },
        { field: 'cancelReason', from: s.cancelReason, to: reason },
      ]);
      await this.publish(tx, s.id, 'SUBSCRIPTION_CANCELLED_AT_TERM_END');
      return { ...s, ...changes };
    }
    const changes = { cancelledAt: new Date(), cancelReason: reason, autoRenew: false, cancelAtTermEnd: false };
    return this.transition(ctx, tx, s, SubscriptionStatus.CANCELLED, changes, 'SUBSCRIPTION_CANCELLED');
  }

  reactivateSubscription(
    ctx: RequestContext,
    accountId: string,
    input: ReactivateSubscriptionInput,
  ): Promise<Subscription> {
    return inTransaction(this.ds, (tx) => this.reactivate(ctx, tx, accountId, input));
  }

  /** An expired or cancelled subscription becomes active for a new term (one year from today by default). */
  async reactivate(
    ctx: RequestContext,
    tx: Tx,
    accountId: string,
    input: ReactivateSubscriptionInput,
  ): Promise<Subscription> {
    const termStart = input.termStart ?? this.clock.today();
    const termEnd = input.termEnd ?? oneYearFrom(termStart);
    checkTerm(termStart, termEnd);
    const s = await this.lock(ctx, tx, accountId);
    return this.transition(
      ctx,
      tx,
      s,
      SubscriptionStatus.ACTIVE,
      { termStart, termEnd, autoRenew: true, cancelAtTermEnd: false, cancelledAt: null, cancelReason: null },
      'SUBSCRIPTION_REACTIVATED',
    );
  }

  /**
   * Changes seat counts in the caller's transaction (the Quotes module calls
   * this when a quote is accepted). Seats never go below zero: such a change
   * is SEATS_BELOW_ZERO and nothing is applied.
   */
  async changeSeats(
    ctx: RequestContext,
    tx: Tx,
    accountId: string,
    requested: SeatChange[],
  ): Promise<SubscriptionItem[]> {
    // One change per product: deltas for the same product add up.
    const merged = new Map<string, number>();
    for (const c of requested) {
      if (!Number.isSafeInteger(c.delta))
        throw new BadUserInputError(`Seat change ${c.delta} is not a whole number`, 'delta');
      merged.set(c.productId, (merged.get(c.productId) ?? 0) + c.delta);
    }
    const changes = [...merged].map(([productId, delta]) => ({ productId, delta }));
    const s = await tx.manager.findOne(Subscription, { where: { accountId }, ...forUpdate(tx) });
    if (!s) throw new NotFoundError('Subscription');
    if (s.status !== SubscriptionStatus.ACTIVE) throw new ConflictError('Seats change only on an active subscription');
    const account = await this.accounts.findById(accountId, tx);
    const items = await tx.manager.findBy(SubscriptionItem, { subscriptionId: s.id });
    const added = changes
      .filter((c) => c.delta > 0 && !items.some((i) => i.productId === c.productId))
      .map((c) => c.productId);
    if (added.length) await this.requireSellable(tx, added, account!.currency);
    const trail = [];
    for (const change of changes) {
      const item = items.find((i) => i.productId === change.productId);
      const before = item?.seats ?? 0;
      const after = before + change.delta;
      if (after < 0)
        throw new AppError(
          'SEATS_BELOW_ZERO',
          `Seats of product ${change.productId} would go below zero (${before} ${change.delta})`,
          {
            productId: change.productId,
          },
        );
      if (item && after === 0) await tx.manager.delete(SubscriptionItem, { id: item.id });
      else if (item) await tx.manager.update(SubscriptionItem, { id: item.id }, { seats: after });
      else if (after > 0)
        await tx.manager.insert(
          SubscriptionItem,
          tx.manager.create(SubscriptionItem, { subscriptionId: s.id, productId: change.productId, seats: after }),
        );
      trail.push({ field: `seats (${change.productId})`, from: String(before), to: String(after) });
    }
    await tx.manager.update(Subscription, { id: s.id }, { updatedAt: new Date() });
    await this.activity.record(ctx, tx, accountId, 'SEATS_CHANGED', trail);
    await this.publish(tx, s.id, 'SEATS_CHANGED');
    return tx.manager.findBy(SubscriptionItem, { subscriptionId: s.id });
  }

  /**
   * The expiry job: active subscriptions whose term ended before `asOf` and
   * that do not renew become EXPIRED (or CANCELLED when cancelled at term
   * end). Idempotent: each row moves once, by a conditional UPDATE.
   * Auto-renewing subscriptions are left to the renewal path.
   */
  async expireDue(ctx: RequestContext, asOf = this.clock.today()): Promise<number> {
    const due = await this.ds.getRepository(Subscription).find({
      where: { status: SubscriptionStatus.ACTIVE, termEnd: LessThan(asOf) },
    });
    let moved = 0;
    for (const s of due) {
      if (s.autoRenew && !s.cancelAtTermEnd) continue;
      const to = s.cancelAtTermEnd ? SubscriptionStatus.CANCELLED : SubscriptionStatus.EXPIRED;
      const done = await inTransaction(this.ds, async (tx) => {
        // Account first, like every other path that changes a subscription (quotes, renewals, requests).
        await this.accounts.lockVisibleAccount(ctx, tx, s.accountId);
        const current = await tx.manager.findOne(Subscription, { where: { id: s.id }, ...forUpdate(tx) });
        if (!current || current.status !== SubscriptionStatus.ACTIVE || current.termEnd >= asOf) return false;
        await this.transition(
          ctx,
          tx,
          current,
          to,
          to === SubscriptionStatus.CANCELLED ? { cancelledAt: new Date() } : {},
          `SUBSCRIPTION_${to}`,
        );
        return true;
      });
      if (done) moved += 1;
    }
    return moved;
  }

  // ---- helpers ---------------------------------------------------------------

  private change<T>(ctx: RequestContext, accountId: string, fn: (tx: Tx, s: Subscription) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, async (tx) => fn(tx, await this.lock(ctx, tx, accountId)));
  }

  /** The subscription of an account the caller can see, locked after the account, or NOT_FOUND. */
  private async lock(ctx: RequestContext, tx: Tx, accountId: string): Promise<Subscription> {
    await this.accounts.lockVisibleAccount(ctx, tx, accountId);
    const s = await tx.manager.findOne(Subscription, { where: { accountId }, ...forUpdate(tx) });
    if (!s) throw new NotFoundError('Subscription');
    return s;
  }

  /** One status move through the table, as a conditional UPDATE; the account's status follows. */
  private async transition(
    ctx: RequestContext,
    tx: Tx,
    s: Subscription,
    to: SubscriptionStatus,
    changes: Partial<Subscription>,
    action: ActivityAction,
  ): Promise<Subscription> {
    subscriptionStatusMachine.assert(s.status, to, 'subscription status');
    const moved = await subscriptionStatusMachine.update(
      tx.manager,
      Subscription,
      { id: s.id },
      to,
      { ...changes, updatedAt: new Date() },
      s.status,
    );
    if (!moved) throw new ConflictError('The subscription changed at the same time; try again');
    await this.accounts.setStatus(ctx, tx, s.accountId, to as unknown as AccountStatus);
    await this.activity.record(ctx, tx, s.accountId, action, [
      { field: 'status', from: s.status, to },
      ...(changes.termStart
        ? [{ field: 'term', from: `${s.termStart}..${s.termEnd}`, to: `${changes.termStart}..${changes.termEnd}` }]
        : []),
      ...(changes.cancelReason ? [{ field: 'cancelReason', from: s.cancelReason, to: changes.cancelReason }] : []),
    ]);
    await this.publish(tx, s.id, action);
    return { ...s, ...changes, status: to };
  }

  /** Products must exist, be active and have a price in the account's currency. */
  private async requireSellable(tx: Tx, productIds: string[], currency: string): Promise<void> {
    if (productIds.length === 0) return;
    const products = await tx.manager.findBy(Product, { id: In(productIds) });
    const prices = await tx.manager.findBy(ProductPrice, { productId: In(productIds), currency });
    for (const id of productIds) {
      const product = products.find((p) => p.id === id);
      if (!product || !product.active)
        throw new BadUserInputError(`Product ${id} does not exist or is not active`, 'productId');
      if (!prices.some((p) => p.productId === id))
        throw new BadUserInputError(`Product ${product.code} has no price in ${currency}`, 'productId');
    }
  }
}
