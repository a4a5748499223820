import type { RemittanceConfig, VendorConfig } from '../config';
import { formatPercent, formatPeriod, formatQuantity, pickLanguage, type Language } from '../common/locale-format';
import {
  COLOR_ALERT,
  commonColumns,
  DocumentLayout,
  type BillToDetails,
  type StatusMark,
  type TableColumn,
} from './layout';
import { renderDocument } from './render';
import { DOCUMENT_TEXTS, type DocumentTexts } from './texts';

/** The seller printed at the top of every invoice (the VENDOR_* settings). */
export type VendorDetails = VendorConfig;

/** How to pay: by wire transfer or by cheque (the REMIT_* settings). */
export type RemittanceDetails = Omit<RemittanceConfig, 'sample'>;

export interface InvoicePdfLine {
  description: string;
  productCode: string | null;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  taxRateBasisPoints: number;
  taxMinor: number;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface InvoicePdfData {
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  poNumber: string | null;
  status: 'OPEN' | 'PARTIALLY_PAID' | 'PAID' | 'VOID';
  billTo: BillToDetails;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  balanceMinor: number;
  lines: InvoicePdfLine[];
}

/** Every word printed on an invoice, in one language (the shared ones from `DocumentTexts`). */
export interface InvoiceTexts extends DocumentTexts {
  /** "Invoice" / "Fattura": the title, also the subject word of invoice e-mails. */
  title: string;
  dueDate: string;
  poNumber: string;
  status: string;
  statuses: Record<InvoicePdfData['status'], string>;
  quantity: string;
  amountPaid: string;
  balanceDue: string;
  /** The large mark on a voided invoice. */
  voidMark: string;
  voidNotice: string;
  paymentInstructions: string;
  wireTransfer: string;
  bank: string;
  accountName: string;
  iban: string;
  swift: string;
  quoteInvoiceNumber: (invoiceNumber: string) => string;
  cheque: string;
  payableTo: string;
  mailTo: string;
}

const TEXTS: Record<Language, InvoiceTexts> = {
  en: {
    ...DOCUMENT_TEXTS.en,
    title: 'Invoice',
    dueDate: 'Due date',
    poNumber: 'PO number',
    status: 'Status',
    statuses: { OPEN: 'Open', PARTIALLY_PAID: 'Partially paid', PAID: 'Paid', VOID: 'Void' },
    quantity: 'Qty',
    amountPaid: 'Amount paid',
    balanceDue: 'Balance due',
    voidMark: 'VOID',
    voidNotice: 'This invoice has been voided. No payment is due.',
    paymentInstructions: 'Payment instructions',
    wireTransfer: 'Wire transfer',
    bank: 'Bank',
    accountName: 'Account name',
    iban: 'IBAN',
    swift: 'SWIFT/BIC',
    quoteInvoiceNumber: (n) => `Please quote the invoice number ${n} as the payment reference.`,
    cheque: 'Cheque',
    payableTo: 'Payable to',
    mailTo: 'Mail to',
  },
  it: {
    ...DOCUMENT_TEXTS.it,
    title: 'Fattura',
    dueDate: 'Data di scadenza',
    poNumber: "Numero ordine d'acquisto",
    status: 'Stato',
    statuses: { OPEN: 'Da pagare', PARTIALLY_PAID: 'Pagata in parte', PAID: 'Pagata', VOID: 'Annullata' },
    quantity: 'Qtà',
    amountPaid: 'Importo pagato',
    balanceDue: 'Saldo da pagare',
    voidMark: 'ANNULLATA',
    voidNotice: 'Questa fattura è stata annullata. Non è dovuto alcun pagamento.',
    paymentInstructions: 'Modalità di pagamento',
    wireTransfer: 'Bonifico bancario',
    bank: 'Banca',
    accountName: 'Intestatario del conto',
    iban: 'IBAN',
    swift: 'SWIFT/BIC',
    quoteInvoiceNumber: (n) => `Si prega di indicare il numero di fattura ${n} nella causale del pagamento.`,
    cheque: 'Assegno',
    payableTo: 'Intestato a',
    mailTo: 'Indirizzo di spedizione',
  },
};

/** The language texts used for a locale (see `pickLanguage`). Exported so e-mails can reuse the subject words. */
export function invoiceTexts(locale: string): InvoiceTexts {
  return TEXTS[pickLanguage(locale)];
}

// ---------------------------------------------------------------------------
// Layout

function drawInvoice(
  layout: DocumentLayout,
  invoice: InvoicePdfData,
  vendor: VendorDetails,
  remittance: RemittanceDetails,
): void {
  const t = invoiceTexts(layout.locale);
  const mark: StatusMark | null = invoice.status === 'VOID' ? { text: t.voidMark, color: COLOR_ALERT } : null;

  layout.header(vendor, t.title, invoice.number, mark);

  const details: Array<[string, string]> = [
    [t.issueDate, layout.date(invoice.issueDate)],
    [t.dueDate, layout.date(invoice.dueDate)],
  ];
  if (invoice.poNumber) details.push([t.poNumber, invoice.poNumber]);
  details.push([t.status, t.statuses[invoice.status]]);
  layout.parties(invoice.billTo, details);

  const common = commonColumns(t);
  const columns: TableColumn[] = [
    { header: t.description, width: 0, align: 'left' },
    { header: t.productCode, width: 58, align: 'left' },
    common.period,
    { header: t.quantity, width: 34, align: 'right' },
    common.unitPrice,
    common.taxRate,
    common.amount,
  ];
  const rows = invoice.lines.map((line) => [
    line.description,
    line.productCode ?? '',
    formatPeriod(line.periodStart, line.periodEnd, layout.locale),
    formatQuantity(line.quantity, layout.locale),
    layout.money(line.unitPriceMinor),
    formatPercent(line.taxRateBasisPoints, layout.locale),
    layout.money(line.amountMinor),
  ]);
  layout.table(columns, rows);

  layout.totals([
    { label: t.subtotal, amountMinor: invoice.subtotalMinor },
    { label: t.tax, amountMinor: invoice.taxMinor },
    { label: t.total, amountMinor: invoice.totalMinor, strong: true, rule: true },
    { label: t.amountPaid, amountMinor: invoice.amountPaidMinor },
    { label: t.balanceDue, amountMinor: invoice.balanceMinor, strong: true },
  ]);

  if (mark) layout.notice(`${t.voidMark} – ${t.voidNotice}`, { bold: true, size: 11, color: COLOR_ALERT });
  else drawPayment(layout, t, invoice.number, remittance);

  layout.decoratePages(mark);
}

/** Payment instructions: wire transfer on the left, cheque on the right. */
function drawPayment(layout: DocumentLayout, t: InvoiceTexts, invoiceNumber: string, r: RemittanceDetails): void {
  const gap = 20;
  const colWidth = (layout.width - gap) / 2;
  const wire: Array<[string, boolean]> = [
    [t.wireTransfer, true],
    [`${t.bank}: ${r.bankName}`, false],
    [`${t.accountName}: ${r.accountName}`, false],
    [`${t.iban}: ${r.iban}`, false],
    [`${t.swift}: ${r.swift}`, false],
    [t.quoteInvoiceNumber(invoiceNumber), false],
  ];
  const cheque: Array<[string, boolean]> = [
    [t.cheque, true],
    [`${t.payableTo}: ${r.checkPayableTo}`, false],
    [`${t.mailTo}:`, false],
    ...r.checkMailingAddress.map((line): [string, boolean] => [line, false]),
  ];
  const heightOf = (rows: Array<[string, boolean]>) =>
    rows.reduce((sum, [s, bold]) => sum + layout.measure(s, colWidth, { bold, size: 9 }) + 1, 0);
  const titleHeight = layout.measure(t.paymentInstructions, layout.width, { bold: true, size: 11 }) + 6;
  layout.ensureSpace(titleHeight + Math.max(heightOf(wire), heightOf(cheque)));

  layout.y += layout.text(t.paymentInstructions, layout.left, layout.y, layout.width, { bold: true, size: 11 }) + 6;
  let ly = layout.y;
  for (const [s, bold] of wire) ly += layout.text(s, layout.left, ly, colWidth, { bold }) + 1;
  let ry = layout.y;
  for (const [s, bold] of cheque) ry += layout.text(s, layout.left + colWidth + gap, ry, colWidth, { bold }) + 1;
  layout.y = Math.max(ly, ry) + 10;
}

/** A printable invoice in the locale's language and formats (A4, or LETTER for the US and Canada). */
export function renderInvoicePdf(
  invoice: InvoicePdfData,
  locale: string,
  vendor: VendorDetails,
  remittance: RemittanceDetails,
): Promise<Buffer> {
  return renderDocument(locale, (resolved) => {
    const t = invoiceTexts(resolved);
    return {
      info: { title: invoice.number, subject: `${t.title} ${invoice.number}`, author: vendor.name },
      draw: (doc) =>
        drawInvoice(
          new DocumentLayout(doc, resolved, invoice.currency, t, `${t.title} ${invoice.number}`),
          invoice,
          vendor,
          remittance,
        ),
    };
  });
}
