import { StateMachine } from '../../common/state-machine';
import { AccountStatus } from './corporate-account.entity';

/** The account's status follows its subscription's moves (see subscription.state.ts); anything else is CONFLICT. */
export const accountStatusMachine = new StateMachine<AccountStatus>(
  {
    [AccountStatus.ACTIVE]: [AccountStatus.CANCELLED, AccountStatus.EXPIRED],
    [AccountStatus.EXPIRED]: [AccountStatus.ACTIVE],
    [AccountStatus.CANCELLED]: [AccountStatus.ACTIVE],
  },
  'CONFLICT',
  { name: 'account', values: AccountStatus },
);
