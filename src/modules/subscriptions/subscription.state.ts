import { StateMachine } from '../../common/state-machine';
import { SubscriptionStatus } from './subscription.entity';

/** Allowed changes of a subscription's status; anything else is CONFLICT. */
export const subscriptionStatusMachine = new StateMachine<SubscriptionStatus>(
  {
    [SubscriptionStatus.ACTIVE]: [SubscriptionStatus.CANCELLED, SubscriptionStatus.EXPIRED],
    [SubscriptionStatus.EXPIRED]: [SubscriptionStatus.ACTIVE],
    [SubscriptionStatus.CANCELLED]: [SubscriptionStatus.ACTIVE],
  },
  'CONFLICT',
  { name: 'subscription', values: SubscriptionStatus },
);
