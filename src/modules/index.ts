import type { ModuleDefinition } from './module-definition';
export type { ModuleDefinition } from './module-definition';
import { mailEntities } from '../mail';
import { accountModule } from './account';
import { documentsModule } from './documents';
import { identityModule } from './identity';
import { invoicesModule } from './invoices';
import { paymentsModule } from './payments';
import { quotesModule } from './quotes';
import { purchaseOrdersModule } from './purchase-orders';
import { requestsModule } from './requests';
import { subscriptionsModule } from './subscriptions';
import { webhooksModule } from './webhooks';

/** Every module of the service. */
export const modules: ModuleDefinition[] = [
  accountModule,
  identityModule,
  subscriptionsModule,
  purchaseOrdersModule,
  requestsModule,
  documentsModule,
  invoicesModule,
  paymentsModule,
  quotesModule,
  webhooksModule,
];

export const entities = [...modules.flatMap((m) => m.entities), ...mailEntities];
