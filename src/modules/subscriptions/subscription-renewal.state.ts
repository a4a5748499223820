import { StateMachine } from '../../common/state-machine';
import { RenewalStatus } from './subscription-renewal.entity';

/** An issued renewal is applied when its term starts, or cancelled when it no longer holds; once. */
export const renewalStatusMachine = new StateMachine<RenewalStatus>(
  {
    [RenewalStatus.ISSUED]: [RenewalStatus.APPLIED, RenewalStatus.CANCELLED],
    [RenewalStatus.APPLIED]: [],
    [RenewalStatus.CANCELLED]: [],
  },
  'CONFLICT',
  { name: 'renewal', values: RenewalStatus },
);
