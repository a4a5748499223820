import { PaymentMethod } from './payment-method.entity';
import { Payment } from './payment.entity';
import { InvoicePaymentsResolver, PaymentMethodResolver, PaymentResolver } from './payment.resolver';

export { PaymentService } from './payment.service';
export { PaymentMethodService } from './payment-method.service';

export const paymentsModule = {
  name: 'payments',
  entities: [PaymentMethod, Payment],
  resolvers: [PaymentMethodResolver, PaymentResolver, InvoicePaymentsResolver],
};
