import { StateMachine } from '../../common/state-machine';
import { PaymentStatus } from './payment.entity';

/** A payment is recorded PENDING (online) or SUCCEEDED (offline); the gateway's answer settles a PENDING one once. */
export const paymentStatusMachine = new StateMachine<PaymentStatus>(
  {
    [PaymentStatus.PENDING]: [PaymentStatus.SUCCEEDED, PaymentStatus.FAILED],
    [PaymentStatus.SUCCEEDED]: [],
    [PaymentStatus.FAILED]: [],
  },
  'CONFLICT',
  { name: 'payment', values: PaymentStatus },
);
