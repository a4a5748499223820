import { byIdLoader, groupLoader } from '../../common/loaders';
import type { QuoteLine } from './quote.entity';
import type { QuoteService } from './quote.service';

export const quoteLoaders = (quotes: QuoteService) => ({
  byId: byIdLoader((ids) => quotes.findByIds(ids)),
  linesByQuoteId: groupLoader<QuoteLine>((ids) => quotes.linesOf(ids), 'quoteId'),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.quotes`. */
  interface Loaders {
    quotes: ReturnType<typeof quoteLoaders>;
  }
}
