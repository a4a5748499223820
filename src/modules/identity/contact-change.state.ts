import { StateMachine } from '../../common/state-machine';
import { ContactChangeStatus } from './contact-change.entity';

/** A pending change of billing contact is completed (the new contact activates) or cancelled, once. */
export const contactChangeStatusMachine = new StateMachine<ContactChangeStatus>(
  {
    [ContactChangeStatus.PENDING]: [ContactChangeStatus.COMPLETED, ContactChangeStatus.CANCELLED],
    [ContactChangeStatus.COMPLETED]: [],
    [ContactChangeStatus.CANCELLED]: [],
  },
  'CONFLICT',
  { name: 'contact change', values: ContactChangeStatus },
);
