import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import type { Payment } from './payment.entity';
import type { PaymentMethodService } from './payment-method.service';
import type { PaymentService } from './payment.service';

export const paymentLoaders = (payments: PaymentService, methods: PaymentMethodService) => ({
  paymentMethodById: byIdLoader((ids) => methods.findByIds(ids)),
  paymentsByInvoiceId: new DataLoader<string, Payment[]>(async (ids) => {
    const rows = await payments.paymentsOf(ids);
    return ids.map((id) => rows.filter((p) => p.invoiceId === id));
  }),
});
