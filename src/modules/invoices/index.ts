import { Invoice, InvoiceLine, InvoiceNumberSequence } from './invoice.entity';
import { InvoiceLineResolver, InvoiceResolver } from './invoice.resolver';

export { InvoiceService } from './invoice.service';

export const invoicesModule = {
  name: 'invoices',
  entities: [Invoice, InvoiceLine, InvoiceNumberSequence],
  resolvers: [InvoiceResolver, InvoiceLineResolver],
};
