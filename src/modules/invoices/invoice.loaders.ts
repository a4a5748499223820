import { byIdLoader, groupLoader } from '../../common/loaders';
import type { InvoiceLine } from './invoice.entity';
import type { InvoiceService } from './invoice.service';

export const invoiceLoaders = (invoices: InvoiceService) => ({
  invoiceById: byIdLoader((ids) => invoices.findByIds(ids)),
  linesByInvoiceId: groupLoader<InvoiceLine>((ids) => invoices.linesOf(ids), 'invoiceId'),
});
