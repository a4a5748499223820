import { daysBetween, oneYearFrom } from '../../common/dates';
import { BadUserInputError } from '../../common/errors';
import { fractionOf, taxOf, totalsOf } from '../../common/money';

/** A line as the rep asks for it. */
export interface QuoteLineRequest {
  productId: string;
  seatChange: number;
  unitPriceOverrideMinor?: number | null;
  discountBasisPoints: number;
  description?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
}

/** What pricing needs to know besides the lines; nothing here is read from a database. */
export interface QuotePricingInput {
  lines: readonly QuoteLineRequest[];
  products: ReadonlyArray<{ id: string; code: string; active: boolean }>;
  /** Catalogue prices per seat per year. */
  prices: ReadonlyArray<{ productId: string; currency: string; unitPriceMinor: number }>;
  currency: string;
  /** The account's current subscription term, if any: lines default to its remainder. */
  term?: { termStart: string; termEnd: string } | null;
  taxRateBasisPoints: number;
  /** Today, 'YYYY-MM-DD'. */
  today: string;
}

export interface PricedQuoteLine {
  position: number;
  productId: string;
  description: string | null;
  seatChange: number;
  listUnitPriceMinor: number;
  unitPriceOverrideMinor: number | null;
  discountBasisPoints: number;
  unitPriceMinor: number;
  amountMinor: number;
  taxRateBasisPoints: number;
  taxMinor: number;
  periodStart: string;
  periodEnd: string;
}

export interface PricedQuote {
  lines: PricedQuoteLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * Prices a quote's lines. The catalogue price is per seat per year, prorated
 * by days to the line's term (by default the rest of the current term, or a
 * year from today); an override replaces it; the discount applies per seat,
 * half to even. Seat reductions cost nothing (and are not invoiced). Bad
 * lines are BAD_USER_INPUT naming the line's field.
 */
export function priceQuote(input: QuotePricingInput): PricedQuote {
  const { products, prices, currency, term, taxRateBasisPoints: taxRate, today: on } = input;
  // One line per product: the seat change and the invoice must agree line by line.
  if (new Set(input.lines.map((l) => l.productId)).size !== input.lines.length)
    throw new BadUserInputError('Each product may appear on one line only', 'lines');
  const lines = input.lines.map((l, position): PricedQuoteLine => {
    const product = products.find((p) => p.id === l.productId);
    if (!product) throw new BadUserInputError(`Product ${l.productId} does not exist`, `lines.${position}.productId`);
    if (l.seatChange > 0 && !product.active)
      throw new BadUserInputError(`${product.code} is no longer sold`, `lines.${position}.productId`);
    const yearly = prices.find((p) => p.productId === product.id && p.currency === currency)?.unitPriceMinor;
    // Seats are only sold in a currency the catalogue prices (the subscription checks the same on acceptance).
    if (l.seatChange > 0 && yearly === undefined)
      throw new BadUserInputError(`${product.code} has no price in ${currency}`, `lines.${position}.productId`);
    const periodStart = l.periodStart ?? (term && term.termStart > on ? term.termStart : on);
    const periodEnd = l.periodEnd ?? (term && term.termEnd >= periodStart ? term.termEnd : oneYearFrom(periodStart));
    if (periodEnd < periodStart)
      throw new BadUserInputError('periodEnd must not be before periodStart', `lines.${position}.periodEnd`);
    const days = daysBetween(periodStart, periodEnd) + 1;
    const yearDays = daysBetween(periodStart, oneYearFrom(periodStart)) + 1;
    const listUnitPriceMinor = yearly === undefined ? 0 : fractionOf(yearly, days, yearDays);
    const unit = l.unitPriceOverrideMinor ?? listUnitPriceMinor;
    const unitPriceMinor = fractionOf(unit, 10_000 - l.discountBasisPoints, 10_000);
    if (!Number.isSafeInteger(l.seatChange * unitPriceMinor))
      throw new BadUserInputError('The line amount is too large', `lines.${position}.unitPriceOverrideMinor`);
    const amountMinor = l.seatChange > 0 ? l.seatChange * unitPriceMinor : 0;
    return {
      position,
      productId: product.id,
      description: l.description?.trim() || null,
      seatChange: l.seatChange,
      listUnitPriceMinor,
      unitPriceOverrideMinor: l.unitPriceOverrideMinor ?? null,
      discountBasisPoints: l.discountBasisPoints,
      unitPriceMinor,
      amountMinor,
      taxRateBasisPoints: taxRate,
      taxMinor: taxOf(amountMinor, taxRate),
      periodStart,
      periodEnd,
    };
  });
  if (!Number.isSafeInteger(lines.reduce((sum, l) => sum + l.amountMinor + l.taxMinor, 0)))
    throw new BadUserInputError('The quote total is too large', 'lines');
  return { lines, ...totalsOf(lines) };
}
