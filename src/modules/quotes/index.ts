import type { ModuleDefinition } from '../module-definition';
import { Quote, QuoteLine, QuoteNumberSequence } from './quote.entity';
import { QuoteLineResolver, QuoteResolver } from './quote.resolver';

// The quotes module's public surface.
export { QuoteService } from './quote.service';
export { quoteLoaders } from './quote.loaders';

export const quotesModule: ModuleDefinition = {
  name: 'quotes',
  entities: [Quote, QuoteLine, QuoteNumberSequence],
  resolvers: [QuoteResolver, QuoteLineResolver],
};
