import { PurchaseOrder, PurchaseOrderReminder } from './purchase-order.entity';
import { AccountPurchaseOrdersResolver, PurchaseOrderResolver } from './purchase-order.resolver';

export { PurchaseOrderService } from './purchase-order.service';

export const purchaseOrdersModule = {
  name: 'purchase-orders',
  entities: [PurchaseOrder, PurchaseOrderReminder],
  resolvers: [PurchaseOrderResolver, AccountPurchaseOrdersResolver],
};
