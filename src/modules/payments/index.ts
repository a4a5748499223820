import type { ModuleDefinition } from '../module-definition';
import type { InvoiceService } from '../invoices';
import { PaymentMethod } from './payment-method.entity';
import { Payment } from './payment.entity';
import { InvoicePaymentsResolver, PaymentMethodResolver, PaymentResolver } from './payment.resolver';

// The payments module's public surface.
export { PaymentService } from './payment.service';
export { PaymentMethodService } from './payment-method.service';
export { createGateway, type PaymentGateway } from './payment-gateway';
export { paymentLoaders } from './payment.loaders';

export const paymentsModule: ModuleDefinition = {
  name: 'payments',
  entities: [PaymentMethod, Payment],
  resolvers: [PaymentMethodResolver, PaymentResolver, InvoicePaymentsResolver],
  extendedReferences: ({ invoices }: { invoices: InvoiceService }) => ({
    Invoice: (ctx, id) => invoices.visibleInvoice(ctx, id),
  }),
};
