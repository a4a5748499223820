import { formatDate, formatMoney } from '../common/locale-format';
import { postalAddressLines, type PostalAddress } from '../common/postal-address';
import type { VendorConfig } from '../config';
import type { DocumentTexts } from './texts';
import { pdfSafe } from './winansi';

/**
 * The pdfkit layout the printable business documents (invoices, quotes) share:
 * the vendor block, Bill To, a paginated table with a repeated header, totals,
 * page footers and a status watermark.
 */

const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const FOOTER_HEIGHT = 24;
const COLOR_TEXT = '#111111';
export const COLOR_MUTED = '#555555';
export const COLOR_ALERT = '#c62828';
const COLOR_RULE = '#bbbbbb';
const COLOR_HEADER_BG = '#eeeeee';

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
