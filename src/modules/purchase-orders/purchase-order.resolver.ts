import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Money } from '../../common/money';
import { extendedType, type EntityReference } from '../../common/references';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { inAccountCurrency, targetAccountId } from '../account';
import { PurchaseOrder, PurchaseOrderStatus } from './purchase-order.entity';
import { PurchaseOrderService } from './purchase-order.service';
import { CreatePurchaseOrderInput, UpdatePurchaseOrderInput } from './purchase-order.types';

/** The account as the purchase-orders module sees it: its id, with the `purchaseOrders` field this module adds. */
export const AccountWithPurchaseOrders = extendedType('CorporateAccount');

@Resolver(() => PurchaseOrder)
export class PurchaseOrderResolver {
  constructor(private readonly purchaseOrders: PurchaseOrderService) {}

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => PurchaseOrder, { description: 'Add a purchase order (staff pass accountId)' })
  createPurchaseOrder(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreatePurchaseOrderInput,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
  ): Promise<PurchaseOrder> {
    return this.purchaseOrders.create(ctx, targetAccountId(ctx, accountId), input);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => PurchaseOrder, {
    description: 'Change the number, description, dates or ceiling of a purchase order',
  })
  updatePurchaseOrder(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdatePurchaseOrderInput,
  ): Promise<PurchaseOrder> {
    return this.purchaseOrders.update(ctx, id, input);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => PurchaseOrder, { description: 'Stop using a purchase order' })
  deactivatePurchaseOrder(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<PurchaseOrder> {
    return this.purchaseOrders.deactivate(ctx, id);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => PurchaseOrder, { description: 'Quote this purchase order on new invoices while it is active' })
  setDefaultPurchaseOrder(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<PurchaseOrder> {
    return this.purchaseOrders.setDefault(ctx, id);
  }

  @FieldResolver(() => PurchaseOrderStatus, { description: 'From the dates, today (UTC)' })
  status(@Root() po: PurchaseOrder): PurchaseOrderStatus {
    return this.purchaseOrders.statusOf(po);
  }

  @FieldResolver(() => Boolean, { description: 'Expires within 30 days' })
  expiresSoon(@Root() po: PurchaseOrder): boolean {
    return this.purchaseOrders.expiresSoon(po);
  }

  @FieldResolver(() => Money, { nullable: true, description: "Spending ceiling in the account's currency" })
  async ceiling(@Root() po: PurchaseOrder, @Ctx() ctx: RequestContext): Promise<Money | null> {
    if (po.ceilingMinor === null) return null;
    return inAccountCurrency(ctx, po.accountId, po.ceilingMinor);
  }
}

@Resolver(() => AccountWithPurchaseOrders)
export class AccountPurchaseOrdersResolver {
  @FieldResolver(() => [PurchaseOrder], { description: 'Purchase orders, latest expiry first' })
  purchaseOrders(@Root() account: EntityReference, @Ctx() ctx: RequestContext): Promise<PurchaseOrder[]> {
    return ctx.loaders.purchaseOrders.byAccountId.load(account.id);
  }
}
