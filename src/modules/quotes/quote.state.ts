import { StateMachine } from '../../common/state-machine';
import { QuoteStatus } from './quote.entity';

/** Allowed stored status changes of a quote (EXPIRED is derived, never stored); anything else is QUOTE_NOT_PENDING. */
export const quoteStatusMachine = new StateMachine<QuoteStatus>(
  {
    [QuoteStatus.DRAFT]: [QuoteStatus.SENT],
    [QuoteStatus.SENT]: [QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.WITHDRAWN, QuoteStatus.SUPERSEDED],
    [QuoteStatus.ACCEPTED]: [],
    [QuoteStatus.REJECTED]: [],
    [QuoteStatus.EXPIRED]: [],
    [QuoteStatus.WITHDRAWN]: [],
    [QuoteStatus.SUPERSEDED]: [],
  },
  'QUOTE_NOT_PENDING',
  { name: 'quote', values: QuoteStatus },
);
