import { byIdLoader, groupLoader } from '../../common/loaders';
import type { PaymentMethodService } from './payment-method.service';
import type { Payment } from './payment.entity';
import type { PaymentService } from './payment.service';

export const paymentLoaders = (payments: PaymentService, methods: PaymentMethodService) => ({
  paymentMethodById: byIdLoader((ids) => methods.findByIds(ids)),
  paymentsByInvoiceId: groupLoader<Payment>((ids) => payments.paymentsOf(ids), 'invoiceId'),
});
