import { StateMachine } from '../../common/state-machine';
import { PaymentMethodStatus } from './payment-method.entity';

/** A removed method is gone for the account: changing it again is NOT_FOUND, as for an unknown id. */
export const paymentMethodStatusMachine = new StateMachine<PaymentMethodStatus>(
  {
    [PaymentMethodStatus.ACTIVE]: [PaymentMethodStatus.REMOVED],
    [PaymentMethodStatus.REMOVED]: [],
  },
  'NOT_FOUND',
  { name: 'payment method', values: PaymentMethodStatus },
);
