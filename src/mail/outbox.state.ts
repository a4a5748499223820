import { StateMachine } from '../common/state-machine';
import { OutboxStatus } from './outbox.entity';

/** PENDING to PENDING is a claim or a retry (the attempt count fences it); SENT and FAILED are final. */
export const outboxStatusMachine = new StateMachine<OutboxStatus>(
  {
    [OutboxStatus.PENDING]: [OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.FAILED],
    [OutboxStatus.SENT]: [],
    [OutboxStatus.FAILED]: [],
  },
  'CONFLICT',
  { name: 'outbox', values: OutboxStatus },
);
