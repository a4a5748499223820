import DataLoader from 'dataloader';
import type { PurchaseOrder } from './purchase-order.entity';
import type { PurchaseOrderService } from './purchase-order.service';

export const purchaseOrderLoaders = (purchaseOrders: PurchaseOrderService) => ({
  purchaseOrdersByAccountId: new DataLoader<string, PurchaseOrder[]>(async (ids) => {
    const rows = await purchaseOrders.ofAccounts(ids);
    return ids.map((id) => rows.filter((po) => po.accountId === id));
  }),
});
