import { Quote, QuoteLine, QuoteNumberSequence } from './quote.entity';
import { QuoteLineResolver, QuoteResolver } from './quote.resolver';

export { QuoteService } from './quote.service';

export const quotesModule = {
  name: 'quotes',
  entities: [Quote, QuoteLine, QuoteNumberSequence],
  resolvers: [QuoteResolver, QuoteLineResolver],
};
