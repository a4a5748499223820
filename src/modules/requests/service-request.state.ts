import { StateMachine } from '../../common/state-machine';
import { RequestStatus } from './service-request.entity';

/** OPEN -> IN_PROGRESS -> RESOLVED or DECLINED; anything else is CONFLICT. */
export const requestStatusMachine = new StateMachine<RequestStatus>(
  {
    [RequestStatus.OPEN]: [RequestStatus.IN_PROGRESS],
    [RequestStatus.IN_PROGRESS]: [RequestStatus.RESOLVED, RequestStatus.DECLINED],
    [RequestStatus.RESOLVED]: [],
    [RequestStatus.DECLINED]: [],
  },
  'CONFLICT',
  { name: 'request', values: RequestStatus },
);
