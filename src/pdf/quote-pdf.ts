import {
  formatPercent,
  formatPeriod,
  formatQuantity,
  formatSignedCount,
  pickLanguage,
  type Language,
} from '../common/locale-format';
import type { InvoicePdfData, VendorDetails } from './invoice-pdf';
import { COLOR_ALERT, COLOR_MUTED, commonColumns, DocumentLayout, type StatusMark, type TableColumn } from './layout';
import { renderDocument } from './render';
import { DOCUMENT_TEXTS, type DocumentTexts } from './texts';

export type QuoteStatusForPdf = 'DRAFT' | 'SENT' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN' | 'SUPERSEDED';

export interface QuotePdfLine {
  productCode: string;
  productName: string;
  description: string | null;
  /** May be negative (seats removed). */
  seatChange: number;
  /** Per seat for the line's term, after override, before discount. */
  unitPriceMinor: number;
  /** 0..10000 */
  discountBasisPoints: number;
  /** 0 for seat reductions. */
  amountMinor: number;
  taxRateBasisPoints: number;
  taxMinor: number;
  /** 'YYYY-MM-DD' */
  periodStart: string | null;
  /** 'YYYY-MM-DD' */
  periodEnd: string | null;
}

export interface QuoteEffectRow {
  productCode: string;
  productName: string;
  seatsNow: number;
  change: number;
  seatsAfter: number;
}

export interface QuotePdfData {
  number: string;
  revision: number;
  status: QuoteStatusForPdf;
  /** 'YYYY-MM-DD' */
  issuedOn: string;
  /** 'YYYY-MM-DD' */
  expiresOn: string;
  currency: string;
  note: string | null;
  /** The sales rep's name. */
  preparedBy: string | null;
  billTo: InvoicePdfData['billTo'];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  lines: QuotePdfLine[];
  effect: QuoteEffectRow[];
}

/** Every word printed on a quote, in one language (the shared ones from `DocumentTexts`). */
interface QuoteTexts extends DocumentTexts {
  title: string;
  validUntil: string;
  preparedBy: string;
  note: string;
  product: string;
  seatChange: string;
  discount: string;
  effect: string;
  seatsNow: string;
  change: string;
  seatsAfter: string;
  /** The closing sentence of an open (draft or sent) quote. */
  validity: (expiresOn: string) => string;
  /** The status mark in the header and as a watermark; none on a sent quote. */
  marks: Record<QuoteStatusForPdf, string | null>;
}

const TEXTS: Record<Language, QuoteTexts> = {
  en: {
    ...DOCUMENT_TEXTS.en,
    title: 'Quote',
    validUntil: 'Valid until',
    preparedBy: 'Prepared by',
    note: 'Note',
    product: 'Product',
    seatChange: 'Seat change',
    discount: 'Discount',
    effect: 'Effect on your subscription',
    seatsNow: 'Seats now',
    change: 'Change',
    seatsAfter: 'Seats after',
    validity: (date) => `This quote is valid until ${date}. Accept or reject it in the Corporate Billing Portal.`,
    marks: {
      DRAFT: 'DRAFT',
      SENT: null,
      ACCEPTED: 'ACCEPTED',
      REJECTED: 'REJECTED',
      EXPIRED: 'EXPIRED',
      WITHDRAWN: 'WITHDRAWN',
      SUPERSEDED: 'SUPERSEDED',
    },
  },
  it: {
    ...DOCUMENT_TEXTS.it,
    title: 'Preventivo',
    validUntil: 'Valido fino al',
    preparedBy: 'Preparato da',
    note: 'Note per il cliente',
    product: 'Prodotto',
    seatChange: 'Variazione postazioni',
    discount: 'Sconto',
    effect: "Effetto sull'abbonamento",
    seatsNow: 'Postazioni attuali',
    change: 'Variazione',
    seatsAfter: 'Postazioni dopo',
    validity: (date) =>
      `Questo preventivo è valido fino al ${date}. Può accettarlo o rifiutarlo nel portale di fatturazione aziendale.`,
    marks: {
      DRAFT: 'BOZZA',
      SENT: null,
      ACCEPTED: 'ACCETTATO',
      REJECTED: 'RIFIUTATO',
      EXPIRED: 'SCADUTO',
      WITHDRAWN: 'RITIRATO',
      SUPERSEDED: 'SOSTITUITO',
    },
  },
};

const COLOR_ACCEPTED = '#2e7d32';

/** "Q-2026-000045 rev. 3", in every language: the PDF title and the number printed under "Quote". */
function reference(quote: QuotePdfData): string {
  return `${quote.number} rev. ${quote.revision}`;
}

function statusMark(status: QuoteStatusForPdf, t: QuoteTexts): StatusMark | null {
  const text = t.marks[status];
  if (text === null) return null;
  const color = status === 'DRAFT' ? COLOR_MUTED : status === 'ACCEPTED' ? COLOR_ACCEPTED : COLOR_ALERT;
  return { text, color };
}

const productLabel = (code: string, name: string): string => `${code} – ${name}`;

function drawQuote(layout: DocumentLayout, quote: QuotePdfData, vendor: VendorDetails): void {
  const t = TEXTS[pickLanguage(layout.locale)];
  const { locale } = layout;
  const mark = statusMark(quote.status, t);

  layout.header(vendor, t.title, reference(quote), mark);

  const details: Array<[string, string]> = [
    [t.issueDate, layout.date(quote.issuedOn)],
    [t.validUntil, layout.date(quote.expiresOn)],
  ];
  if (quote.preparedBy?.trim()) details.push([t.preparedBy, quote.preparedBy.trim()]);
  layout.parties(quote.billTo, details);

  if (quote.note?.trim()) layout.paragraph(t.note, quote.note.trim());

  const common = commonColumns(t);
  const lineColumns: TableColumn[] = [
    { header: t.product, width: 0, align: 'left' },
    common.period,
    { header: t.seatChange, width: 56, align: 'right' },
    common.unitPrice,
    { header: t.discount, width: 48, align: 'right' },
    common.taxRate,
    common.amount,
  ];
  const lineRows = quote.lines.map((line) => [
    [productLabel(line.productCode, line.productName), line.description?.trim() ?? '']
      .filter((s) => s !== '')
      .join('\n'),
    formatPeriod(line.periodStart, line.periodEnd, locale),
    formatSignedCount(line.seatChange, locale),
    layout.money(line.unitPriceMinor),
    line.discountBasisPoints === 0 ? '' : formatPercent(line.discountBasisPoints, locale),
    formatPercent(line.taxRateBasisPoints, locale),
    layout.money(line.amountMinor),
  ]);
  layout.table(lineColumns, lineRows);

  layout.totals([
    { label: t.subtotal, amountMinor: quote.subtotalMinor },
    { label: t.tax, amountMinor: quote.taxMinor },
    { label: t.total, amountMinor: quote.totalMinor, strong: true, rule: true },
  ]);

  if (quote.effect.length > 0) {
    const effectColumns: TableColumn[] = [
      { header: t.product, width: 0, align: 'left' },
      { header: t.seatsNow, width: 80, align: 'right' },
      { header: t.change, width: 80, align: 'right' },
      { header: t.seatsAfter, width: 80, align: 'right' },
    ];
    const effectRows = quote.effect.map((row) => [
      productLabel(row.productCode, row.productName),
      formatQuantity(row.seatsNow, locale),
      formatSignedCount(row.change, locale),
      formatQuantity(row.seatsAfter, locale),
    ]);
    layout.table(effectColumns, effectRows, t.effect);
  }

  // A closed quote (accepted, expired, …) can no longer be acted on: its mark says why.
  if (quote.status === 'SENT' || quote.status === 'DRAFT')
    layout.notice(t.validity(layout.date(quote.expiresOn)), { size: 10 });

  layout.decoratePages(mark);
}

/** A printable quote in the locale's language and formats (A4, or LETTER for the US and Canada). No payment instructions. */
export function renderQuotePdf(quote: QuotePdfData, locale: string, vendor: VendorDetails): Promise<Buffer> {
  return renderDocument(locale, (resolved) => {
    const t = TEXTS[pickLanguage(resolved)];
    const ref = reference(quote);
    return {
      info: { title: ref, subject: `${t.title} ${ref}`, author: vendor.name },
      draw: (doc) =>
        drawQuote(new DocumentLayout(doc, resolved, quote.currency, t, `${t.title} ${ref}`), quote, vendor),
    };
  });
}
