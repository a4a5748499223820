import { StateMachine } from '../../common/state-machine';
import { UserStatus } from './billing-user.entity';

/** Allowed changes of a user's status. */
export const userStatusMachine = new StateMachine<UserStatus>(
  {
    [UserStatus.INVITED]: [UserStatus.ACTIVE, UserStatus.DISABLED],
    [UserStatus.ACTIVE]: [UserStatus.DISABLED],
    [UserStatus.DISABLED]: [UserStatus.ACTIVE],
  },
  'INVALID_USER_STATUS',
  { name: 'user', values: UserStatus },
);
