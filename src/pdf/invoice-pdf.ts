import PDFDocument from 'pdfkit';
import { formatMoney } from '../common/money';
import type { RemittanceConfig, VendorConfig } from '../config';

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
  billTo: {
    organisationName: string;
    accountNumber: string;
    contactName: string | null;
    billingUserId: string | null;
    email: string | null;
    companyName: string | null;
    addressLine1: string | null;
    addressLine2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
    country: string;
  };
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  balanceMinor: number;
  lines: InvoicePdfLine[];
}

/** Every word printed on an invoice, in one language. */
export interface InvoiceTexts {
  /** "Invoice" / "Fattura": the title, also the subject word of invoice e-mails. */
  title: string;
  /** Shown after the title on the second and later pages. */
  continued: string;
  issueDate: string;
  dueDate: string;
  poNumber: string;
  status: string;
  statuses: Record<InvoicePdfData['status'], string>;
  vatNumber: string;
  email: string;
  billTo: string;
  accountNumber: string;
  contact: string;
  billingUserId: string;
  company: string;
  description: string;
  productCode: string;
  servicePeriod: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  subtotal: string;
  tax: string;
  total: string;
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
  page: (page: number, pages: number) => string;
}

const TEXTS: Record<'en' | 'it', InvoiceTexts> = {
  en: {
    title: 'Invoice',
    continued: '(continued)',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    poNumber: 'PO number',
    status: 'Status',
    statuses: { OPEN: 'Open', PARTIALLY_PAID: 'Partially paid', PAID: 'Paid', VOID: 'Void' },
    vatNumber: 'VAT number',
    email: 'Email',
    billTo: 'Bill To',
    accountNumber: 'Account number',
    contact: 'Contact',
    billingUserId: 'Billing user ID',
    company: 'Company',
    description: 'Description',
    productCode: 'Product code',
    servicePeriod: 'Service period',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    taxRate: 'Tax rate',
    amount: 'Amount',
    subtotal: 'Subtotal',
    tax: 'Tax',
    total: 'Total',
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
    page: (p, n) => `Page ${p} of ${n}`,
  },
  it: {
    title: 'Fattura',
    continued: '(segue)',
    issueDate: 'Data di emissione',
    dueDate: 'Data di scadenza',
    poNumber: "Numero ordine d'acquisto",
    status: 'Stato',
    statuses: { OPEN: 'Da pagare', PARTIALLY_PAID: 'Pagata in parte', PAID: 'Pagata', VOID: 'Annullata' },
    vatNumber: 'Partita IVA',
    email: 'E-mail',
    billTo: 'Intestatario',
    accountNumber: 'Codice cliente',
    contact: 'Referente',
    billingUserId: 'ID utente di fatturazione',
    company: 'Ragione sociale',
    description: 'Descrizione',
    productCode: 'Codice prodotto',
    servicePeriod: 'Periodo di servizio',
    quantity: 'Qtà',
    unitPrice: 'Prezzo unitario',
    taxRate: 'Aliquota IVA',
    amount: 'Importo',
    subtotal: 'Imponibile',
    tax: 'IVA',
    total: 'Totale',
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
    page: (p, n) => `Pagina ${p} di ${n}`,
  },
};

/** The language texts used for a locale: 'it' for it-*, otherwise 'en'. Exported so e-mails can reuse the subject words. */
export function invoiceTexts(locale: string): InvoiceTexts {
  const language = locale.trim().replace(/_/g, '-').split('-')[0]?.toLowerCase();
  return language === 'it' ? TEXTS.it : TEXTS.en;
}

// ---------------------------------------------------------------------------
// Formatting

/** A locale Intl accepts: the given one canonicalised, or en-US when it is not a valid tag. */
function resolveLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'));
    if (canonical) return canonical;
  } catch {
    // not a BCP 47 tag: fall through
  }
  return 'en-US';
}

/** 'YYYY-MM-DD' as UTC midnight, or null when it is not a calendar date. */
function parseLocalDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

function formatDate(value: string, locale: string, dateStyle: 'long' | 'medium' = 'long'): string {
  const date = parseLocalDate(value);
  return date ? new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' }).format(date) : value;
}

/** "1 nov 2026 – 30 nov 2026"; each date kept on one line (no-break spaces), so a narrow cell breaks after the dash. */
function formatPeriod(start: string | null, end: string | null, locale: string): string {
  const date = (value: string) => formatDate(value, locale, 'medium').replace(/[ \u202f\u2009]/g, '\u00a0');
  if (start && end) return `${date(start)} – ${date(end)}`;
  if (start) return `${date(start)} –`;
  if (end) return `– ${date(end)}`;
  return '';
}

function formatTaxRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

function formatQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(quantity);
}

/** A country name in the locale's language for an ISO 3166 code, else the value as given. */
function countryName(country: string, locale: string): string {
  const code = country.trim();
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames(locale, { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

// ---------------------------------------------------------------------------
// WinAnsi: the encoding of pdfkit's standard 14 fonts. pdfkit writes any other
// character as garbage, so everything drawn goes through `pdfSafe`.

/** Characters of WinAnsiEncoding's 0x80–0x9F range (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space (Intl: fr-FR thousands, some percent signs)
  '\u2007': '\u00a0', // figure space
  '\u2009': ' ', // thin space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2008': ' ',
  '\u200a': ' ',
  '\u2010': '-',
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–',
  '\u2212': '-', // minus sign (Intl in some locales)
  '\u2032': "'",
  '\u2033': '"',
  ł: 'l', // letters without a decomposition to a WinAnsi base letter
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  '\t': ' ',
  '\r': '',
  '\u200b': '', // zero-width space
  '\u200c': '',
  '\u200d': '',
  '\u200e': '', // bidi marks Intl inserts for some locales
  '\u200f': '',
  '\u061c': '',
  '\u2066': '',
  '\u2067': '',
  '\u2068': '',
  '\u2069': '',
  '\ufeff': '',
};

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Text that pdfkit's Helvetica can draw: known look-alikes mapped, accents dropped where needed, else '?'. */
function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const replaced = REPLACEMENTS[ch] ?? ch;
    if ([...replaced].every(isWinAnsi)) {
      out += replaced;
      continue;
    }
    const base = replaced.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base.length > 0 && [...base].every(isWinAnsi) ? base : '?';
  }
  return out;
}

// ---------------------------------------------------------------------------
// Layout

const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const MARGIN = 50;
const FOOTER_HEIGHT = 24;
const COLOR_TEXT = '#111111';
const COLOR_MUTED = '#555555';
const COLOR_RULE = '#bbbbbb';
const COLOR_HEADER_BG = '#eeeeee';
const COLOR_VOID = '#c62828';

interface Column {
  header: string;
  /** Width in points; 0 for the one column (description) that takes the rest. */
  width: number;
  align: 'left' | 'right';
}

/** LETTER for the United States and Canada, A4 elsewhere. */
function pageSizeFor(locale: string): 'A4' | 'LETTER' {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region === 'US' || region === 'CA' ? 'LETTER' : 'A4';
  } catch {
    return 'A4';
  }
}

class InvoiceLayout {
  private readonly doc: PDFKit.PDFDocument;
  private readonly t: InvoiceTexts;
  private readonly left: number;
  private readonly width: number;
  private y: number;

  constructor(
    doc: PDFKit.PDFDocument,
    private readonly invoice: InvoicePdfData,
    private readonly locale: string,
    private readonly vendor: VendorDetails,
    private readonly remittance: RemittanceDetails,
  ) {
    this.doc = doc;
    this.t = invoiceTexts(locale);
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.y = doc.page.margins.top;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom - FOOTER_HEIGHT;
  }

  private money(amountMinor: number): string {
    return formatMoney(amountMinor, this.invoice.currency, this.locale);
  }

  private date(value: string): string {
    return formatDate(value, this.locale);
  }

  /** Draws text at (x, y) in a box of `width`; never lets pdfkit add a page on its own. */
  private text(value: string, x: number, y: number, width: number, opts: { bold?: boolean; size?: number; color?: string; align?: 'left' | 'right' | 'center'; height?: number } = {}): number {
    const safe = pdfSafe(value);
    this.doc
      .font(opts.bold ? FONT_BOLD : FONT)
      .fontSize(opts.size ?? 9)
      .fillColor(opts.color ?? COLOR_TEXT);
    const height = this.doc.heightOfString(safe, { width, lineGap: 1 });
    const limit = opts.height;
    const options: PDFKit.Mixins.TextOptions = { width, align: opts.align ?? 'left', lineGap: 1 };
    if (limit !== undefined && limit < height) {
      this.doc.text(safe, x, y, { ...options, height: limit, ellipsis: true });
      return limit;
    }
    this.doc.text(safe, x, y, options);
    return height;
  }

  private measure(value: string, width: number, opts: { bold?: boolean; size?: number } = {}): number {
    this.doc.font(opts.bold ? FONT_BOLD : FONT).fontSize(opts.size ?? 9);
    return this.doc.heightOfString(pdfSafe(value), { width, lineGap: 1 });
  }

  /** Starts a new page with a short running head, unless `height` still fits on this one. */
  private ensureSpace(height: number): void {
    if (this.y + height <= this.bottom) return;
    this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
    const head = `${this.t.title} ${this.invoice.number} ${this.t.continued}`;
    this.y += this.text(head, this.left, this.y, this.width, { bold: true, size: 10, color: COLOR_MUTED }) + 12;
  }

  render(): void {
    this.header();
    this.parties();
    this.linesTable();
    this.totals();
    if (this.invoice.status === 'VOID') this.voidNotice();
    else this.payment();
    this.decoratePages();
  }

  /** Vendor on the left, title, number and void mark on the right. */
  private header(): void {
    const { t, invoice, vendor } = this;
    const colWidth = this.width * 0.55;
    const rightX = this.left + colWidth + 10;
    const rightWidth = this.width - colWidth - 10;

    let ly = this.y;
    ly += this.text(vendor.name, this.left, ly, colWidth, { bold: true, size: 13 }) + 3;
    for (const line of vendor.addressLines) ly += this.text(line, this.left, ly, colWidth, { color: COLOR_MUTED });
    if (vendor.vatNumber) ly += this.text(`${t.vatNumber}: ${vendor.vatNumber}`, this.left, ly, colWidth, { color: COLOR_MUTED });
    ly += this.text(`${t.email}: ${vendor.email}`, this.left, ly, colWidth, { color: COLOR_MUTED });

    let ry = this.y;
    ry += this.text(t.title, rightX, ry, rightWidth, { bold: true, size: 22, align: 'right' }) + 2;
    ry += this.text(invoice.number, rightX, ry, rightWidth, { bold: true, size: 12, align: 'right' }) + 4;
    if (invoice.status === 'VOID') {
      ry += this.text(t.voidMark, rightX, ry, rightWidth, { bold: true, size: 16, align: 'right', color: COLOR_VOID }) + 2;
    }
    this.y = Math.max(ly, ry) + 18;
  }

  /** Bill To on the left, dates, PO number and status on the right. */
  private parties(): void {
    const { t, invoice } = this;
    const b = invoice.billTo;
    const colWidth = this.width * 0.55;
    const rightX = this.left + colWidth + 10;
    const rightWidth = this.width - colWidth - 10;

    let ly = this.y;
    ly += this.text(t.billTo, this.left, ly, colWidth, { bold: true, size: 10 }) + 3;
    const billLines: string[] = [b.organisationName, `${t.accountNumber}: ${b.accountNumber}`];
    if (b.contactName) billLines.push(`${t.contact}: ${b.contactName}`);
    if (b.billingUserId) billLines.push(`${t.billingUserId}: ${b.billingUserId}`);
    if (b.email) billLines.push(`${t.email}: ${b.email}`);
    if (b.companyName) billLines.push(`${t.company}: ${b.companyName}`);
    if (b.addressLine1) billLines.push(b.addressLine1);
    if (b.addressLine2) billLines.push(b.addressLine2);
    const cityLine = [b.postalCode, b.city, b.region].filter((s): s is string => !!s && s.trim().length > 0).join(' ');
    if (cityLine) billLines.push(cityLine);
    billLines.push(countryName(b.country, this.locale));
    billLines.forEach((line, i) => {
      ly += this.text(line, this.left, ly, colWidth, { bold: i === 0 });
    });

    const details: Array<[string, string]> = [
      [t.issueDate, this.date(invoice.issueDate)],
      [t.dueDate, this.date(invoice.dueDate)],
    ];
    if (invoice.poNumber) details.push([t.poNumber, invoice.poNumber]);
    details.push([t.status, t.statuses[invoice.status]]);
    let ry = this.y + 13;
    const labelWidth = rightWidth * 0.5;
    for (const [label, value] of details) {
      const h1 = this.text(label, rightX, ry, labelWidth - 4, { color: COLOR_MUTED });
      const h2 = this.text(value, rightX + labelWidth, ry, rightWidth - labelWidth, { bold: true, align: 'right' });
      ry += Math.max(h1, h2) + 2;
    }
    this.y = Math.max(ly, ry) + 20;
  }

  private columns(): Array<Column & { x: number; w: number }> {
    const { t } = this;
    const cols: Column[] = [
      { header: t.description, width: 0, align: 'left' },
      { header: t.productCode, width: 58, align: 'left' },
      { header: t.servicePeriod, width: 78, align: 'left' },
      { header: t.quantity, width: 34, align: 'right' },
      { header: t.unitPrice, width: 66, align: 'right' },
      { header: t.taxRate, width: 42, align: 'right' },
      { header: t.amount, width: 72, align: 'right' },
    ];
    const fixed = cols.reduce((sum, c) => sum + c.width, 0);
    let x = this.left;
    return cols.map((c) => {
      const w = c.width === 0 ? this.width - fixed : c.width;
      const col = { ...c, x, w };
      x += w;
      return col;
    });
  }

  private static readonly PAD = 4;
  private static readonly TABLE_SIZE = 8.5;

  private tableHeader(cols: Array<Column & { x: number; w: number }>): void {
    const pad = InvoiceLayout.PAD;
    const size = InvoiceLayout.TABLE_SIZE;
    const h = Math.max(...cols.map((c) => this.measure(c.header, c.w - 2 * pad, { bold: true, size }))) + 2 * pad;
    this.doc.rect(this.left, this.y, this.width, h).fill(COLOR_HEADER_BG);
    for (const c of cols) this.text(c.header, c.x + pad, this.y + pad, c.w - 2 * pad, { bold: true, size, align: c.align });
    this.y += h;
  }

  private linesTable(): void {
    const cols = this.columns();
    const pad = InvoiceLayout.PAD;
    const size = InvoiceLayout.TABLE_SIZE;
    // The header plus at least one row must fit, or the table starts on the next page.
    this.ensureSpace(60);
    this.tableHeader(cols);
    let rowsOnPage = 0;
    for (const line of this.invoice.lines) {
      const cells = [
        line.description,
        line.productCode ?? '',
        formatPeriod(line.periodStart, line.periodEnd, this.locale),
        formatQuantity(line.quantity, this.locale),
        this.money(line.unitPriceMinor),
        formatTaxRate(line.taxRateBasisPoints, this.locale),
        this.money(line.amountMinor),
      ];
      const natural = Math.max(...cells.map((cell, i) => this.measure(cell, cols[i]!.w - 2 * pad, { size })));
      // A row never spans pages; one taller than a whole page is cut with an ellipsis.
      const pageRoom = this.bottom - this.doc.page.margins.top - 80;
      let contentHeight = Math.min(natural, pageRoom);
      if (this.y + contentHeight + 2 * pad > this.bottom) {
        const roomHere = this.bottom - this.y - 2 * pad;
        if (rowsOnPage === 0 && natural > pageRoom && roomHere >= 40) {
          // It is cut either way: cut it here rather than leave a table header alone on this page.
          contentHeight = roomHere;
        } else {
          this.newPage();
          this.tableHeader(cols);
          rowsOnPage = 0;
        }
      }
      const rowHeight = contentHeight + 2 * pad;
      rowsOnPage += 1;
      cells.forEach((cell, i) => {
        const c = cols[i]!;
        this.text(cell, c.x + pad, this.y + pad, c.w - 2 * pad, { size, align: c.align, height: contentHeight });
      });
      this.y += rowHeight;
      this.doc
        .moveTo(this.left, this.y)
        .lineTo(this.left + this.width, this.y)
        .lineWidth(0.5)
        .strokeColor(COLOR_RULE)
        .stroke();
    }
    this.y += 12;
  }

  private totals(): void {
    const { t, invoice } = this;
    // [label, amount, bold, rule below]
    const rows: Array<[string, number, boolean, boolean]> = [
      [t.subtotal, invoice.subtotalMinor, false, false],
      [t.tax, invoice.taxMinor, false, false],
      [t.total, invoice.totalMinor, true, true],
      [t.amountPaid, invoice.amountPaidMinor, false, false],
      [t.balanceDue, invoice.balanceMinor, true, false],
    ];
    const boxWidth = Math.min(260, this.width);
    const x = this.left + this.width - boxWidth;
    const labelWidth = boxWidth * 0.55;
    this.ensureSpace(rows.length * 16 + 10);
    for (const [label, amount, strong, rule] of rows) {
      const size = strong ? 10.5 : 9.5;
      const h1 = this.text(label, x, this.y, labelWidth - 4, { bold: strong, size });
      const h2 = this.text(this.money(amount), x + labelWidth, this.y, boxWidth - labelWidth, { bold: strong, size, align: 'right' });
      this.y += Math.max(h1, h2) + 4;
      if (rule) {
        this.doc
          .moveTo(x, this.y - 1)
          .lineTo(x + boxWidth, this.y - 1)
          .lineWidth(0.5)
          .strokeColor(COLOR_RULE)
          .stroke();
        this.y += 3;
      }
    }
    this.y += 16;
  }

  private voidNotice(): void {
    this.ensureSpace(40);
    this.y += this.text(`${this.t.voidMark} – ${this.t.voidNotice}`, this.left, this.y, this.width, { bold: true, size: 11, color: COLOR_VOID }) + 10;
  }

  /** Wire transfer on the left, cheque on the right. */
  private payment(): void {
    const { t, invoice, remittance: r } = this;
    const gap = 20;
    const colWidth = (this.width - gap) / 2;
    const wire: Array<[string, boolean]> = [
      [t.wireTransfer, true],
      [`${t.bank}: ${r.bankName}`, false],
      [`${t.accountName}: ${r.accountName}`, false],
      [`${t.iban}: ${r.iban}`, false],
      [`${t.swift}: ${r.swift}`, false],
      [t.quoteInvoiceNumber(invoice.number), false],
    ];
    const cheque: Array<[string, boolean]> = [
      [t.cheque, true],
      [`${t.payableTo}: ${r.checkPayableTo}`, false],
      [`${t.mailTo}:`, false],
      ...r.checkMailingAddress.map((line): [string, boolean] => [line, false]),
    ];
    const heightOf = (rows: Array<[string, boolean]>) => rows.reduce((sum, [s, bold]) => sum + this.measure(s, colWidth, { bold, size: 9 }) + 1, 0);
    const titleHeight = this.measure(t.paymentInstructions, this.width, { bold: true, size: 11 }) + 6;
    this.ensureSpace(titleHeight + Math.max(heightOf(wire), heightOf(cheque)));

    this.y += this.text(t.paymentInstructions, this.left, this.y, this.width, { bold: true, size: 11 }) + 6;
    let ly = this.y;
    for (const [s, bold] of wire) ly += this.text(s, this.left, ly, colWidth, { bold }) + 1;
    let ry = this.y;
    for (const [s, bold] of cheque) ry += this.text(s, this.left + colWidth + gap, ry, colWidth, { bold }) + 1;
    this.y = Math.max(ly, ry) + 10;
  }

  /** Page numbers on every page, and the void watermark. Needs `bufferPages`. */
  private decoratePages(): void {
    const { doc, t, invoice } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Drawing inside the bottom margin must not make pdfkit add a page.
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const footerY = doc.page.height - bottomMargin - FOOTER_HEIGHT + 10;
      const footer = `${t.title} ${invoice.number} · ${t.page(i - range.start + 1, range.count)}`;
      this.text(footer, this.left, footerY, this.width, { size: 8, color: COLOR_MUTED, align: 'right' });
      if (invoice.status === 'VOID') {
        const cx = doc.page.width / 2;
        const cy = doc.page.height / 2;
        doc.save();
        doc.rotate(-35, { origin: [cx, cy] });
        doc.fillOpacity(0.15);
        doc
          .font(FONT_BOLD)
          .fontSize(96)
          .fillColor(COLOR_VOID)
          .text(pdfSafe(t.voidMark), 0, cy - 48, { width: doc.page.width, align: 'center', lineBreak: false });
        doc.restore();
      }
      doc.page.margins.bottom = bottomMargin;
    }
  }
}

/** A printable invoice in the locale's language and formats (A4, or LETTER for the US and Canada). */
export function renderInvoicePdf(invoice: InvoicePdfData, locale: string, vendor: VendorDetails, remittance: RemittanceDetails): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const resolved = resolveLocale(locale);
    const t = invoiceTexts(resolved);
    const doc = new PDFDocument({
      size: pageSizeFor(resolved),
      margin: MARGIN,
      bufferPages: true,
      lang: resolved,
      displayTitle: true,
      info: {
        Title: pdfSafe(invoice.number),
        Subject: pdfSafe(`${t.title} ${invoice.number}`),
        Author: pdfSafe(vendor.name),
        Creator: pdfSafe(vendor.name),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      new InvoiceLayout(doc, invoice, resolved, vendor, remittance).render();
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
