import { byIdLoader, groupLoader } from '../../common/loaders';
import type { PaymentMethodService } from './payment-method.service';
import type { Payment } from './payment.entity';
import type { PaymentService } from './payment.service';

export const paymentLoaders = (payments: PaymentService, methods: PaymentMethodService) => ({
  methodById: byIdLoader((ids) => methods.findByIds(ids)),
  byInvoiceId: groupLoader<Payment>((ids) => payments.paymentsOf(ids), 'invoiceId'),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.payments`. */
  interface Loaders {
    payments: ReturnType<typeof paymentLoaders>;
  }
}
