import { groupLoader } from '../../common/loaders';
import type { QuoteLine } from './quote.entity';
import type { QuoteService } from './quote.service';

export const quoteLoaders = (quotes: QuoteService) => ({
  linesByQuoteId: groupLoader<QuoteLine>((ids) => quotes.linesOf(ids), 'quoteId'),
});
