import DataLoader from 'dataloader';
import { byIdLoader } from '../../common/loaders';
import type { InvoiceLine } from './invoice.entity';
import type { InvoiceService } from './invoice.service';

export const invoiceLoaders = (invoices: InvoiceService) => ({
  invoiceById: byIdLoader((ids) => invoices.findByIds(ids)),
  linesByInvoiceId: new DataLoader<string, InvoiceLine[]>(async (ids) => {
    const rows = await invoices.linesOf(ids);
    return ids.map((id) => rows.filter((l) => l.invoiceId === id));
  }),
});
