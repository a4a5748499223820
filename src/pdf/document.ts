import PDFDocument from 'pdfkit';
import { formatMoney } from '../common/money';
import { postalAddressLines, type PostalAddress } from '../common/postal-address';
import type { VendorConfig } from '../config';

/**
 * What the printable business documents (invoices, quotes) share: locale rules,
 * formats, WinAnsi-safe text, and a pdfkit layout with the vendor block, Bill To,
 * a paginated table with a repeated header, totals, page footers and a status
 * watermark. Each document keeps its own words in one texts table per language.
 */

// ---------------------------------------------------------------------------
// Languages and shared words

export type Language = 'en' | 'it';

/** 'it' for it-*, otherwise 'en'. */
export function languageOf(locale: string): Language {
  const language = locale.trim().replace(/_/g, '-').split('-')[0]?.toLowerCase();
  return language === 'it' ? 'it' : 'en';
}

/** The words every document prints the same way: the Bill To block, table and totals headings, page footers. */
export interface DocumentTexts {
  /** Shown after the title on the second and later pages. */
  continued: string;
  issueDate: string;
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
  unitPrice: string;
  taxRate: string;
  amount: string;
  subtotal: string;
  tax: string;
  total: string;
  page: (page: number, pages: number) => string;
}

export const DOCUMENT_TEXTS: Record<Language, DocumentTexts> = {
  en: {
    continued: '(continued)',
    issueDate: 'Issue date',
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
    unitPrice: 'Unit price',
    taxRate: 'Tax rate',
    amount: 'Amount',
    subtotal: 'Subtotal',
    tax: 'Tax',
    total: 'Total',
    page: (p, n) => `Page ${p} of ${n}`,
  },
  it: {
    continued: '(segue)',
    issueDate: 'Data di emissione',
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
    unitPrice: 'Prezzo unitario',
    taxRate: 'Aliquota IVA',
    amount: 'Importo',
    subtotal: 'Imponibile',
    tax: 'IVA',
    total: 'Totale',
    page: (p, n) => `Pagina ${p} di ${n}`,
  },
};

// ---------------------------------------------------------------------------
// Formatting

/** A locale Intl accepts: the given one canonicalised, or en-US when it is not a valid tag. */
export function resolveLocale(locale: string): string {
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

/** A 'YYYY-MM-DD' date in the locale's format; any other value as given. */
export function formatDate(value: string, locale: string, dateStyle: 'long' | 'medium' = 'long'): string {
  const date = parseLocalDate(value);
  return date ? new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' }).format(date) : value;
}

/** "1 nov 2026 – 30 nov 2026"; each date kept on one line (no-break spaces), so a narrow cell breaks after the dash. */
export function formatPeriod(start: string | null, end: string | null, locale: string): string {
  const date = (value: string) => formatDate(value, locale, 'medium').replace(/[ \u202f\u2009]/g, '\u00a0');
  if (start && end) return `${date(start)} – ${date(end)}`;
  if (start) return `${date(start)} –`;
  if (end) return `– ${date(end)}`;
  return '';
}

/** Basis points as a percentage: 2200 -> "22%" (en) or "22 %" (fr). */
export function formatPercent(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

export function formatQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(quantity);
}

/** A change with its sign: "+5", "-2" (pdfSafe maps a U+2212 minus), "0". */
export function formatSignedCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(count);
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
export function pdfSafe(text: string): string {
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
// Page setup

const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const MARGIN = 50;
const FOOTER_HEIGHT = 24;
const COLOR_TEXT = '#111111';
export const COLOR_MUTED = '#555555';
export const COLOR_ALERT = '#c62828';
const COLOR_RULE = '#bbbbbb';
const COLOR_HEADER_BG = '#eeeeee';

/** LETTER for the United States and Canada, A4 elsewhere. */
function pageSizeFor(locale: string): 'A4' | 'LETTER' {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region === 'US' || region === 'CA' ? 'LETTER' : 'A4';
  } catch {
    return 'A4';
  }
}

export interface DocumentInfo {
  /** The PDF's Title (shown by viewers instead of the file name). */
  title: string;
  subject: string;
  /** Author and Creator: the vendor. */
  author: string;
}

/**
 * Renders one document: `build` gets the resolved locale (see `resolveLocale`) and
 * returns the document information and the drawing, which runs on a pdfkit
 * document sized for the locale (A4, or LETTER for the US and Canada) with
 * buffered pages.
 */
export function renderDocument(
  locale: string,
  build: (resolvedLocale: string) => { info: DocumentInfo; draw: (doc: PDFKit.PDFDocument) => void },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const resolved = resolveLocale(locale);
    const { info, draw } = build(resolved);
    const doc = new PDFDocument({
      size: pageSizeFor(resolved),
      margin: MARGIN,
      bufferPages: true,
      lang: resolved,
      displayTitle: true,
      info: {
        Title: pdfSafe(info.title),
        Subject: pdfSafe(info.subject),
        Author: pdfSafe(info.author),
        Creator: pdfSafe(info.author),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

// ---------------------------------------------------------------------------
// Layout

/** The customer a document is addressed to. */
export interface BillToDetails extends PostalAddress {
  organisationName: string;
  accountNumber: string;
  contactName: string | null;
  billingUserId: string | null;
  email: string | null;
  companyName: string | null;
}

/** A status word printed in the header and as a large diagonal watermark on every page. */
export interface StatusMark {
  text: string;
  color: string;
}

export interface TableColumn {
  header: string;
  /** Width in points; 0 for the one column (e.g. the description) that takes the rest. */
  width: number;
  align: 'left' | 'right';
}

/** The columns invoices and quotes print alike. */
export function commonColumns(t: DocumentTexts): Record<'period' | 'unitPrice' | 'taxRate' | 'amount', TableColumn> {
  return {
    period: { header: t.servicePeriod, width: 78, align: 'left' },
    unitPrice: { header: t.unitPrice, width: 66, align: 'right' },
    taxRate: { header: t.taxRate, width: 42, align: 'right' },
    amount: { header: t.amount, width: 72, align: 'right' },
  };
}

export interface TotalsRow {
  label: string;
  amountMinor: number;
  strong?: boolean;
  /** A rule below the row (under the total). */
  rule?: boolean;
}

export interface TextOptions {
  bold?: boolean;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
  /** Cuts the text with an ellipsis when it is taller. */
  height?: number;
}

const PAD = 4;
const TABLE_SIZE = 8.5;

/**
 * Draws a document top to bottom, keeping `y` and starting pages itself (with a
 * running head) so pdfkit never adds one on its own.
 */
export class DocumentLayout {
  readonly left: number;
  readonly width: number;
  y: number;

  /**
   * @param heading the document word and number, e.g. "Invoice INV-2026-000123": the running head of
   *   later pages ("… (continued)") and the start of every page footer.
   */
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly locale: string,
    private readonly currency: string,
    private readonly t: DocumentTexts,
    private readonly heading: string,
  ) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.y = doc.page.margins.top;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom - FOOTER_HEIGHT;
  }

  money(amountMinor: number): string {
    return formatMoney(amountMinor, this.currency, this.locale);
  }

  date(value: string): string {
    return formatDate(value, this.locale);
  }

  /** Draws text at (x, y) in a box of `width` and returns its height; never lets pdfkit add a page on its own. */
  text(value: string, x: number, y: number, width: number, opts: TextOptions = {}): number {
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

  measure(value: string, width: number, opts: { bold?: boolean; size?: number } = {}): number {
    this.doc.font(opts.bold ? FONT_BOLD : FONT).fontSize(opts.size ?? 9);
    return this.doc.heightOfString(pdfSafe(value), { width, lineGap: 1 });
  }

  /** Starts a new page with a short running head, unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (this.y + height <= this.bottom) return;
    this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
    this.y +=
      this.text(`${this.heading} ${this.t.continued}`, this.left, this.y, this.width, {
        bold: true,
        size: 10,
        color: COLOR_MUTED,
      }) + 12;
  }

  /** The split of the header and Bill To blocks: a wider left column, and the right one. */
  private halves(): { colWidth: number; rightX: number; rightWidth: number } {
    const colWidth = this.width * 0.55;
    return { colWidth, rightX: this.left + colWidth + 10, rightWidth: this.width - colWidth - 10 };
  }

  /** Vendor on the left; title, document number and status mark on the right. */
  header(vendor: VendorConfig, title: string, reference: string, mark: StatusMark | null): void {
    const { t } = this;
    const { colWidth, rightX, rightWidth } = this.halves();

    let ly = this.y;
    ly += this.text(vendor.name, this.left, ly, colWidth, { bold: true, size: 13 }) + 3;
    for (const line of vendor.addressLines) ly += this.text(line, this.left, ly, colWidth, { color: COLOR_MUTED });
    if (vendor.vatNumber)
      ly += this.text(`${t.vatNumber}: ${vendor.vatNumber}`, this.left, ly, colWidth, { color: COLOR_MUTED });
    ly += this.text(`${t.email}: ${vendor.email}`, this.left, ly, colWidth, { color: COLOR_MUTED });

    let ry = this.y;
    ry += this.text(title, rightX, ry, rightWidth, { bold: true, size: 22, align: 'right' }) + 2;
    ry += this.text(reference, rightX, ry, rightWidth, { bold: true, size: 12, align: 'right' }) + 4;
    if (mark)
      ry +=
        this.text(mark.text, rightX, ry, rightWidth, { bold: true, size: 16, align: 'right', color: mark.color }) + 2;
    this.y = Math.max(ly, ry) + 18;
  }

  /** Bill To on the left; label–value pairs (dates, references) on the right. */
  parties(b: BillToDetails, details: Array<[label: string, value: string]>): void {
    const { t } = this;
    const { colWidth, rightX, rightWidth } = this.halves();

    let ly = this.y;
    ly += this.text(t.billTo, this.left, ly, colWidth, { bold: true, size: 10 }) + 3;
    const billLines: string[] = [b.organisationName, `${t.accountNumber}: ${b.accountNumber}`];
    if (b.contactName) billLines.push(`${t.contact}: ${b.contactName}`);
    if (b.billingUserId) billLines.push(`${t.billingUserId}: ${b.billingUserId}`);
    if (b.email) billLines.push(`${t.email}: ${b.email}`);
    if (b.companyName) billLines.push(`${t.company}: ${b.companyName}`);
    // Street, city, postcode, region and country in the postal format of the country.
    billLines.push(...postalAddressLines(b, this.locale));
    billLines.forEach((line, i) => {
      ly += this.text(line, this.left, ly, colWidth, { bold: i === 0 });
    });

    let ry = this.y + 13;
    const labelWidth = rightWidth * 0.5;
    for (const [label, value] of details) {
      const h1 = this.text(label, rightX, ry, labelWidth - 4, { color: COLOR_MUTED });
      const h2 = this.text(value, rightX + labelWidth, ry, rightWidth - labelWidth, { bold: true, align: 'right' });
      ry += Math.max(h1, h2) + 2;
    }
    this.y = Math.max(ly, ry) + 20;
  }

  private placeColumns(columns: TableColumn[]): Array<TableColumn & { x: number; w: number }> {
    const fixed = columns.reduce((sum, c) => sum + c.width, 0);
    let x = this.left;
    return columns.map((c) => {
      const w = c.width === 0 ? this.width - fixed : c.width;
      const col = { ...c, x, w };
      x += w;
      return col;
    });
  }

  private tableHeader(cols: Array<TableColumn & { x: number; w: number }>): void {
    const h =
      Math.max(...cols.map((c) => this.measure(c.header, c.w - 2 * PAD, { bold: true, size: TABLE_SIZE }))) + 2 * PAD;
    this.doc.rect(this.left, this.y, this.width, h).fill(COLOR_HEADER_BG);
    for (const c of cols)
      this.text(c.header, c.x + PAD, this.y + PAD, c.w - 2 * PAD, { bold: true, size: TABLE_SIZE, align: c.align });
    this.y += h;
  }

  /**
   * A table of text cells (one per column) that continues on further pages,
   * repeating its header there. A row never spans pages; one taller than a
   * whole page is cut with an ellipsis. `title`, when given, is a heading kept
   * on the page of the table's first row.
   */
  table(columns: TableColumn[], rows: string[][], title?: string): void {
    const cols = this.placeColumns(columns);
    const titleHeight = title === undefined ? 0 : this.measure(title, this.width, { bold: true, size: 11 }) + 6;
    // The header plus at least one row must fit, or the table starts on the next page.
    this.ensureSpace(60 + titleHeight);
    if (title !== undefined) this.y += this.text(title, this.left, this.y, this.width, { bold: true, size: 11 }) + 6;
    this.tableHeader(cols);
    let rowsOnPage = 0;
    for (const cells of rows) {
      const natural = Math.max(
        ...cells.map((cell, i) => this.measure(cell, cols[i].w - 2 * PAD, { size: TABLE_SIZE })),
      );
      const pageRoom = this.bottom - this.doc.page.margins.top - 80;
      let contentHeight = Math.min(natural, pageRoom);
      if (this.y + contentHeight + 2 * PAD > this.bottom) {
        const roomHere = this.bottom - this.y - 2 * PAD;
        if (rowsOnPage === 0 && natural > pageRoom && roomHere >= 40) {
          // It is cut either way: cut it here rather than leave a table header alone on this page.
          contentHeight = roomHere;
        } else {
          this.newPage();
          this.tableHeader(cols);
          rowsOnPage = 0;
        }
      }
      const rowHeight = contentHeight + 2 * PAD;
      rowsOnPage += 1;
      cells.forEach((cell, i) => {
        const c = cols[i];
        this.text(cell, c.x + PAD, this.y + PAD, c.w - 2 * PAD, {
          size: TABLE_SIZE,
          align: c.align,
          height: contentHeight,
        });
      });
      this.y += rowHeight;
      this.rule(this.left, this.width, this.y);
    }
    this.y += 12;
  }

  private rule(x: number, width: number, y: number): void {
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(0.5)
      .strokeColor(COLOR_RULE)
      .stroke();
  }

  /** Labelled amounts, right-aligned under the table, kept on one page. */
  totals(rows: TotalsRow[]): void {
    const boxWidth = Math.min(260, this.width);
    const x = this.left + this.width - boxWidth;
    const labelWidth = boxWidth * 0.55;
    this.ensureSpace(rows.length * 16 + 10);
    for (const { label, amountMinor, strong = false, rule = false } of rows) {
      const size = strong ? 10.5 : 9.5;
      const h1 = this.text(label, x, this.y, labelWidth - 4, { bold: strong, size });
      const h2 = this.text(this.money(amountMinor), x + labelWidth, this.y, boxWidth - labelWidth, {
        bold: strong,
        size,
        align: 'right',
      });
      this.y += Math.max(h1, h2) + 4;
      if (rule) {
        this.rule(x, boxWidth, this.y - 1);
        this.y += 3;
      }
    }
    this.y += 16;
  }

  /** A short full-width statement (a few lines at most), kept on one page. */
  notice(value: string, opts: { bold?: boolean; size?: number; color?: string } = {}): void {
    this.ensureSpace(Math.max(40, this.measure(value, this.width, opts)));
    this.y += this.text(value, this.left, this.y, this.width, opts) + 10;
  }

  /**
   * A labelled block of free text of any length, wrapped to the page width and
   * continued on further pages; the label stays with the first line.
   */
  paragraph(label: string, value: string): void {
    const size = 9;
    const lines = this.wrap(pdfSafe(value), this.width, size);
    const lineHeight = this.measure('X', this.width, { size });
    const labelHeight = this.measure(label, this.width, { bold: true, size: 10 }) + 3;
    this.ensureSpace(labelHeight + lineHeight);
    this.y += this.text(label, this.left, this.y, this.width, { bold: true, size: 10 }) + 3;
    for (const line of lines) {
      this.ensureSpace(lineHeight);
      this.text(line, this.left, this.y, this.width, { size });
      this.y += lineHeight;
    }
    this.y += 14;
  }

  /** Lines of at most `width` points: at spaces, or inside a word longer than a line. */
  private wrap(value: string, width: number, size: number): string[] {
    this.doc.font(FONT).fontSize(size);
    const fits = (s: string) => this.doc.widthOfString(s) <= width - 1;
    const lines: string[] = [];
    for (const source of value.split('\n')) {
      let line = '';
      for (const word of source.split(' ')) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line !== '') lines.push(line);
        let rest = word;
        while (!fits(rest)) {
          let n = rest.length - 1;
          while (n > 1 && !fits(rest.slice(0, n))) n -= 1;
          lines.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
      }
      lines.push(line);
    }
    while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
    return lines;
  }

  /** Page footers ("<heading> · Page x of y") on every page, and the watermark. Needs `bufferPages`. */
  decoratePages(watermark: StatusMark | null): void {
    const { doc, t } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Drawing inside the bottom margin must not make pdfkit add a page.
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const footerY = doc.page.height - bottomMargin - FOOTER_HEIGHT + 10;
      this.text(`${this.heading} · ${t.page(i - range.start + 1, range.count)}`, this.left, footerY, this.width, {
        size: 8,
        color: COLOR_MUTED,
        align: 'right',
      });
      if (watermark) this.watermark(watermark);
      doc.page.margins.bottom = bottomMargin;
    }
  }

  private watermark(mark: StatusMark): void {
    const { doc } = this;
    const cx = doc.page.width / 2;
    const cy = doc.page.height / 2;
    const word = pdfSafe(mark.text);
    // 96 pt, smaller for a word wider than the page.
    doc.font(FONT_BOLD).fontSize(96);
    const size = Math.min(96, Math.floor((96 * doc.page.width) / Math.max(1, doc.widthOfString(word))));
    doc.save();
    doc.rotate(-35, { origin: [cx, cy] });
    doc.fillOpacity(0.15);
    doc
      .font(FONT_BOLD)
      .fontSize(size)
      .fillColor(mark.color)
      .text(word, 0, cy - size / 2, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.restore();
  }
}
