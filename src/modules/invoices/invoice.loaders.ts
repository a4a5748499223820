import { byIdLoader, groupLoader } from '../../common/loaders';
import type { InvoiceLine } from './invoice.entity';
import type { InvoiceService } from './invoice.service';

export const invoiceLoaders = (invoices: InvoiceService) => ({
  byId: byIdLoader((ids) => invoices.findByIds(ids)),
  linesByInvoiceId: groupLoader<InvoiceLine>((ids) => invoices.linesOf(ids), 'invoiceId'),
});

declare module '../../context' {
  /** This module's loaders, as `ctx.loaders.invoices`. */
  interface Loaders {
    invoices: ReturnType<typeof invoiceLoaders>;
  }
}
