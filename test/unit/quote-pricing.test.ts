import { priceQuote, type QuotePricingInput } from '../../src/modules/quotes/quote-pricing';

const products = [
  { id: 'p-seat', code: 'SEAT', active: true },
  { id: 'p-old', code: 'LEGACY', active: false },
  { id: 'p-eur', code: 'EURONLY', active: true },
];
const prices = [
  { productId: 'p-seat', currency: 'USD', unitPriceMinor: 120_000 },
  { productId: 'p-old', currency: 'USD', unitPriceMinor: 50_000 },
  { productId: 'p-eur', currency: 'EUR', unitPriceMinor: 10_000 },
];
const base = (over: Partial<QuotePricingInput> = {}): QuotePricingInput => ({
  lines: [{ productId: 'p-seat', seatChange: 1, discountBasisPoints: 0 }],
  products,
  prices,
  currency: 'USD',
  term: null,
  taxRateBasisPoints: 0,
  today: '2027-07-02',
  ...over,
});
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { extensions: { code: string; field?: string }; message: string };
    return { code: e.extensions.code, field: e.extensions.field, message: e.message };
  }
  throw new Error('expected priceQuote to refuse the lines');
};

describe('quote pricing', () => {
  it('charges a full year from today when there is no subscription', () => {
    const q = priceQuote(base());
    expect(q.lines[0]).toMatchObject({
      periodStart: '2027-07-02',
      periodEnd: '2028-07-01',
      listUnitPriceMinor: 120_000,
      unitPriceMinor: 120_000,
      amountMinor: 120_000,
    });
    expect(q).toMatchObject({ subtotalMinor: 120_000, taxMinor: 0, totalMinor: 120_000 });
  });

  it('prorates by days to the rest of the current term, or from a term that has not started', () => {
    const rest = priceQuote(base({ term: { termStart: '2027-01-01', termEnd: '2027-12-31' } }));
    // 183 of the 366 days from 2027-07-02 (the year holds 29 February 2028).
    expect(rest.lines[0]).toMatchObject({ periodEnd: '2027-12-31', listUnitPriceMinor: 60_000 });
    const future = priceQuote(base({ term: { termStart: '2027-09-01', termEnd: '2028-08-31' } }));
    expect(future.lines[0]).toMatchObject({ periodStart: '2027-09-01', periodEnd: '2028-08-31', amountMinor: 120_000 });
  });

  it('applies an override, then the discount per seat half to even, then tax per line', () => {
    const q = priceQuote(
      base({
        lines: [{ productId: 'p-seat', seatChange: 3, unitPriceOverrideMinor: 999, discountBasisPoints: 5000 }],
        taxRateBasisPoints: 2200,
      }),
    );
    // 999 × 50 % = 499.5 → 500 (half to even); 3 seats = 1500; 22 % tax = 330.
    expect(q.lines[0]).toMatchObject({
      listUnitPriceMinor: 120_000,
      unitPriceOverrideMinor: 999,
      unitPriceMinor: 500,
      amountMinor: 1500,
      taxRateBasisPoints: 2200,
      taxMinor: 330,
    });
    expect(q).toMatchObject({ subtotalMinor: 1500, taxMinor: 330, totalMinor: 1830 });
  });

  it('charges nothing for fewer seats, even of a product no longer sold or not priced', () => {
    const q = priceQuote(
      base({
        lines: [
          { productId: 'p-old', seatChange: -2, discountBasisPoints: 0, description: '  fewer  ' },
          { productId: 'p-eur', seatChange: -1, discountBasisPoints: 0 },
        ],
      }),
    );
    expect(q.lines.map((l) => [l.position, l.amountMinor, l.description])).toEqual([
      [0, 0, 'fewer'],
      [1, 0, null],
    ]);
    expect(q.totalMinor).toBe(0);
  });

  it('refuses bad lines with the field that is wrong', () => {
    const seat = { productId: 'p-seat', seatChange: 1, discountBasisPoints: 0 };
    expect(fieldOf(() => priceQuote(base({ lines: [seat, seat] })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'lines',
    });
    expect(fieldOf(() => priceQuote(base({ lines: [seat, { ...seat, productId: 'nope' }] })))).toMatchObject({
      field: 'lines.1.productId',
      message: 'Product nope does not exist',
    });
    expect(fieldOf(() => priceQuote(base({ lines: [{ ...seat, productId: 'p-old' }] })))).toMatchObject({
      message: 'LEGACY is no longer sold',
    });
    expect(fieldOf(() => priceQuote(base({ lines: [{ ...seat, productId: 'p-eur' }] })))).toMatchObject({
      message: 'EURONLY has no price in USD',
    });
    expect(
      fieldOf(() => priceQuote(base({ lines: [{ ...seat, periodStart: '2027-08-01', periodEnd: '2027-07-31' }] }))),
    ).toMatchObject({ field: 'lines.0.periodEnd' });
    expect(
      fieldOf(() => priceQuote(base({ lines: [{ ...seat, seatChange: 1_000_000, unitPriceOverrideMinor: 2 ** 50 }] }))),
    ).toMatchObject({ field: 'lines.0.unitPriceOverrideMinor' });
    expect(
      fieldOf(() =>
        priceQuote(
          base({
            lines: [
              { ...seat, seatChange: 1, unitPriceOverrideMinor: 2 ** 52 },
              { productId: 'p-old', seatChange: -1, discountBasisPoints: 0 },
              { productId: 'p-eur', seatChange: 0, discountBasisPoints: 0 },
            ],
            taxRateBasisPoints: 10_000,
          }),
        ),
      ),
    ).toMatchObject({ field: 'lines', message: 'The quote total is too large' });
  });
});
