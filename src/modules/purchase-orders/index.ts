import type { AccountService } from '../account';
import type { ModuleDefinition } from '../module-definition';
import { PurchaseOrder, PurchaseOrderReminder } from './purchase-order.entity';
import {
  AccountPurchaseOrdersResolver,
  AccountWithPurchaseOrders,
  PurchaseOrderResolver,
} from './purchase-order.resolver';

// The purchase-orders module's public surface.
export { PurchaseOrderService } from './purchase-order.service';
export { purchaseOrderLoaders } from './purchase-order.loaders';

export const purchaseOrdersModule: ModuleDefinition = {
  name: 'purchase-orders',
  entities: [PurchaseOrder, PurchaseOrderReminder],
  resolvers: [PurchaseOrderResolver, AccountPurchaseOrdersResolver],
  // Nothing here returns an account: the extension is reached through the account module's fields.
  orphanedTypes: [AccountWithPurchaseOrders],
  extendedReferences: ({ accounts }: { accounts: AccountService }) => ({
    CorporateAccount: (ctx, id) => accounts.visibleAccount(ctx, id),
  }),
};
