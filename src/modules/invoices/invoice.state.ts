import { StateMachine } from '../../common/state-machine';
import { InvoiceStatus } from './invoice.entity';

/** Allowed status changes of an invoice; anything else is CONFLICT. */
export const invoiceStatusMachine = new StateMachine<InvoiceStatus>(
  {
    [InvoiceStatus.OPEN]: [InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID, InvoiceStatus.VOID],
    [InvoiceStatus.PARTIALLY_PAID]: [InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID],
    [InvoiceStatus.PAID]: [],
    [InvoiceStatus.VOID]: [],
  },
  'CONFLICT',
  { name: 'invoice', values: InvoiceStatus },
);
