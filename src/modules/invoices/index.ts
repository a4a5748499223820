import { referenceType } from '../../common/references';
import type { ModuleDefinition } from '../module-definition';
import { Invoice, InvoiceLine, InvoiceNumberSequence } from './invoice.entity';
import { InvoiceLineResolver, InvoiceResolver } from './invoice.resolver';
import type { InvoiceService } from './invoice.service';

// The invoices module's public surface.
export { InvoiceService, balanceOf } from './invoice.service';
export { InvoiceStatus } from './invoice.entity';
export type { Invoice } from './invoice.entity';
export type { InvoiceLineInput } from './invoice.types';
export { TaxRates } from './tax-rates';
export { invoiceLoaders } from './invoice.loaders';

/** Another module's field that points at an invoice (`Payment.invoice`, `Quote.invoice`) returns this. */
export const InvoiceRef = referenceType('Invoice');

export const invoicesModule: ModuleDefinition = {
  name: 'invoices',
  entities: [Invoice, InvoiceLine, InvoiceNumberSequence],
  resolvers: [InvoiceResolver, InvoiceLineResolver],
  references: ({ invoices }: { invoices: InvoiceService }) => ({
    Invoice: (ctx, id) => invoices.visibleInvoice(ctx, id),
  }),
};
