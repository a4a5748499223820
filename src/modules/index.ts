import type { NonEmptyArray } from 'type-graphql';
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

/** What every module's index.ts exports. */
export interface ModuleDefinition {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
}

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
];

export const entities = [...modules.flatMap((m) => m.entities), ...mailEntities];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers = modules.flatMap((m) => m.resolvers) as NonEmptyArray<Function>;
