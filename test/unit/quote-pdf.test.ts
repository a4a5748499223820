import { formatMoney } from '../../src/common/money';
import { renderQuotePdf, type QuotePdfData, type QuotePdfLine } from '../../src/pdf/quote-pdf';
import { flat, SAMPLE_BILL_TO, SAMPLE_US_BILL_TO, SAMPLE_VENDOR } from '../helpers/pdf-fixtures';
import { pdfText, readPdfs } from '../helpers/pdf-text';

const vendor = SAMPLE_VENDOR;

const lines: QuotePdfLine[] = [
  {
    productCode: 'PRO-SEAT',
    productName: 'Professional seat',
    description: 'Five more named users for the rest of the current term',
    seatChange: 5,
    unitPriceMinor: 24_000,
    discountBasisPoints: 1500,
    amountMinor: 102_000,
    taxRateBasisPoints: 2200,
    taxMinor: 22_440,
    periodStart: '2026-12-01',
    periodEnd: '2027-10-31',
  },
  {
    productCode: 'ENT-ADDON',
    productName: 'Enterprise add-on',
    description: null,
    seatChange: -2,
    unitPriceMinor: 9_900,
    discountBasisPoints: 0,
    amountMinor: 0,
    taxRateBasisPoints: 2200,
    taxMinor: 0,
    periodStart: '2026-12-01',
    periodEnd: '2027-10-31',
  },
];

const quote: QuotePdfData = {
  number: 'Q-2026-000045',
  revision: 3,
  status: 'SENT',
  issuedOn: '2026-12-01',
  expiresOn: '2026-12-31',
  currency: 'EUR',
  note: 'Prices include the 15% volume discount agreed on our call. Seats removed take effect at the next renewal.',
  preparedBy: 'Marco Verdi',
  billTo: { ...SAMPLE_BILL_TO, addressLine2: null },
  subtotalMinor: 1_234_567,
  taxMinor: 271_605,
  totalMinor: 1_506_172,
  lines,
  effect: [
    { productCode: 'PRO-SEAT', productName: 'Professional seat', seatsNow: 20, change: 5, seatsAfter: 25 },
    { productCode: 'ENT-ADDON', productName: 'Enterprise add-on', seatsNow: 12, change: -2, seatsAfter: 10 },
  ],
};

/** All whitespace, line breaks included, as one space: wrapped phrases compare as written. */

const longNote = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} of the customer note.`).join(' ');

function manyLines(count: number): QuotePdfLine[] {
  return Array.from({ length: count }, (_, i) => ({
    ...lines[0],
    productCode: `SKU-${String(i + 1).padStart(3, '0')}`,
  }));
}

describe('renderQuotePdf', () => {
  let en: string;
  let itText: string;
  let expiredEn: string;
  let expiredIt: string;
  let draftIt: string;
  let long: string[];
  let title: string | null;
  let plain: string;
  let us: string;

  beforeAll(async () => {
    const pdfs = await Promise.all([
      renderQuotePdf(quote, 'en-US', vendor),
      renderQuotePdf(quote, 'it-IT', vendor),
      renderQuotePdf({ ...quote, status: 'EXPIRED' }, 'en-US', vendor),
      renderQuotePdf({ ...quote, status: 'EXPIRED' }, 'it-IT', vendor),
      renderQuotePdf({ ...quote, status: 'DRAFT', note: null, preparedBy: null }, 'it-IT', vendor),
      renderQuotePdf({ ...quote, note: longNote, lines: manyLines(30) }, 'en-US', vendor),
      renderQuotePdf({ ...quote, currency: 'USD', billTo: SAMPLE_US_BILL_TO }, 'it-IT', vendor),
    ]);
    const [read, text] = await Promise.all([readPdfs(pdfs), pdfText(pdfs[0])]);
    plain = text;
    [en, itText, expiredEn, expiredIt, draftIt] = read.slice(0, 5).map((r) => flat(r.text));
    long = read[5].pages;
    us = flat(read[6].text);
    title = read[0].title;
  });

  it('sets the document title to the number and revision', () => {
    expect(title).toBe('Q-2026-000045 rev. 3');
  });

  it('renders an English quote with US formats', () => {
    const money = (minor: number) => formatMoney(minor, 'EUR', 'en-US');
    for (const expected of [
      vendor.name,
      'VAT number: IT01234567890',
      'Quote',
      'Q-2026-000045 rev. 3',
      'Issue date',
      'December 1, 2026',
      'Valid until',
      'December 31, 2026',
      'Bill To',
      'Acme Industrie S.p.A.',
      'Contact: Giulia Bianchi',
      'Billing user ID: usr_8f3a2c',
      'Prepared by',
      'Marco Verdi',
      'Note',
      quote.note!,
      'PRO-SEAT',
      'ENT-ADDON',
      'Five more named users for the rest of the current term',
      'Dec 1, 2026 – Oct 31, 2027',
      '+5',
      '-2',
      '15%',
      '22%',
      money(24_000),
      money(102_000),
      'Effect on your subscription',
      'Seats now',
      'Change',
      'Seats after',
      'PRO-SEAT – Professional seat 20 +5 25',
      'ENT-ADDON – Enterprise add-on 12 -2 10',
      'Subtotal',
      'Tax',
      'Total',
      money(quote.subtotalMinor),
      money(quote.taxMinor),
      money(quote.totalMinor),
      'This quote is valid until December 31, 2026. Accept or reject it in the Corporate Billing Portal.',
      'Quote Q-2026-000045 rev. 3 · Page 1 of 1',
    ]) {
      expect(en).toContain(expected);
    }
    // No discount printed for an undiscounted line, no payment instructions, no status mark on a sent quote.
    expect(en).not.toContain('0%');
    expect(en).not.toMatch(/Payment instructions|IBAN|Wire transfer|Balance due/);
    expect(en).not.toMatch(/EXPIRED|DRAFT|ACCEPTED|Preventivo/);
  });

  it('renders an Italian quote with Italian words and formats', () => {
    const money = (minor: number) => formatMoney(minor, 'EUR', 'it-IT').replace(/\s+/g, ' ');
    for (const expected of [
      vendor.name,
      'Partita IVA: IT01234567890',
      'Preventivo',
      'Q-2026-000045 rev. 3',
      'Data di emissione',
      '1 dicembre 2026',
      'Valido fino al',
      '31 dicembre 2026',
      'Intestatario',
      'Referente: Giulia Bianchi',
      'ID utente di fatturazione: usr_8f3a2c',
      'Preparato da',
      'Marco Verdi',
      'Note per il cliente',
      'PRO-SEAT',
      'ENT-ADDON',
      '+5',
      '-2',
      '15%',
      money(24_000),
      "Effetto sull'abbonamento",
      'Postazioni attuali',
      'Variazione',
      'Postazioni dopo',
      'PRO-SEAT – Professional seat 20 +5 25',
      'ENT-ADDON – Enterprise add-on 12 -2 10',
      'Imponibile',
      'IVA',
      'Totale',
      money(quote.subtotalMinor),
      money(quote.taxMinor),
      money(quote.totalMinor),
      'Questo preventivo è valido fino al 31 dicembre 2026. Può accettarlo o rifiutarlo nel portale di fatturazione aziendale.',
      'Pagina 1 di 1',
    ]) {
      expect(itText).toContain(expected);
    }
    expect(itText).not.toMatch(/Quote |Valid until|Seats now|Bonifico|SCADUTO|BOZZA/);
  });

  it('prints the Bill To address in the postal format of its country', () => {
    // The quote's Bill To has no second line.
    expect(itText).toContain('Corso Vittorio Emanuele II 45 10123 Torino TO Italia');
    expect(en).toContain('Corso Vittorio Emanuele II 45 10123 Torino TO Italy');
    // A US customer's address keeps the US format on an Italian document; only the country name is translated.
    expect(us).toContain('742 Evergreen Terrace Suite 200 Springfield, IL 62704 Stati Uniti');
  });

  it('marks an expired quote and drops the call to accept it', () => {
    expect(expiredEn).toContain('EXPIRED');
    expect(expiredEn).not.toContain('This quote is valid until');
    expect(expiredEn).toContain('Q-2026-000045 rev. 3');
    expect(expiredIt).toContain('SCADUTO');
    expect(expiredIt).not.toContain('Questo preventivo è valido fino al');
  });

  it('marks a draft, and leaves out the note and preparer when there are none', () => {
    expect(draftIt).toContain('BOZZA');
    expect(draftIt).toContain('Questo preventivo è valido fino al 31 dicembre 2026.');
    expect(draftIt).not.toContain('Preparato da');
    expect(draftIt).not.toContain('Note per il cliente');
  });

  it('wraps a long note and flows many lines onto further pages, repeating the table header', () => {
    expect(long.length).toBeGreaterThan(1);
    const all = flat(long.join('\n'));
    expect(all).toContain(longNote);
    expect(all).toContain('SKU-001');
    expect(all).toContain('SKU-030');
    expect(all).toContain(`Page ${long.length} of ${long.length}`);
    expect(long[1]).toContain('Quote Q-2026-000045 rev. 3 (continued)');
    for (const page of long) {
      if (page.includes('SKU-')) expect(flat(page)).toContain('Seat change');
    }
    expect(all).toContain('Seats after');
    expect(all).toContain('This quote is valid until December 31, 2026.');
  });

  it('is readable with pdfText', () => {
    expect(plain).toContain('Q-2026-000045 rev. 3');
  });
});
