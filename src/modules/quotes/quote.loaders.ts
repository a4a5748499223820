import { byIdLoader, groupLoader } from '../../common/loaders';
import type { QuoteLine } from './quote.entity';
import type { QuoteService } from './quote.service';

export const quoteLoaders = (quotes: QuoteService) => ({
  quoteById: byIdLoader((ids) => quotes.findByIds(ids)),
  linesByQuoteId: groupLoader<QuoteLine>((ids) => quotes.linesOf(ids), 'quoteId'),
});
