import DataLoader from 'dataloader';
import type { PurchaseOrder } from './purchase-order.entity';
import type { PurchaseOrderService } from './purchase-order.service';

export const purchaseOrderLoaders = (purchaseOrders: PurchaseOrderService) => ({
  byAccountId: new DataLoader<string, PurchaseOrder[]>(async (ids) => {
    const rows = await purchaseOrders.ofAccounts(ids);
    return ids.map((id) => rows.filter((po) => po.accountId === id));
  }),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.purchaseOrders`. */
  interface Loaders {
    purchaseOrders: ReturnType<typeof purchaseOrderLoaders>;
  }
}
