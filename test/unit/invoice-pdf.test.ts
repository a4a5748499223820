import { formatMoney } from '../../src/common/money';
import {
  invoiceTexts,
  renderInvoicePdf,
  type InvoicePdfData,
  type InvoicePdfLine,
  type RemittanceDetails,
} from '../../src/pdf/invoice-pdf';
import { flat, SAMPLE_BILL_TO, SAMPLE_US_BILL_TO, SAMPLE_VENDOR } from '../helpers/pdf-fixtures';
import { pdfText, readPdfs } from '../helpers/pdf-text';

const vendor = SAMPLE_VENDOR;

const remittance: RemittanceDetails = {
  bankName: 'Banca Esempio S.p.A.',
  accountName: 'Corporate Billing Vendor S.r.l.',
  iban: 'IT60X0542811101000000123456',
  swift: 'BEXAITMMXXX',
  checkPayableTo: 'Corporate Billing Vendor S.r.l.',
  checkMailingAddress: ['Ufficio contabilità', 'Via Roma 12', '20121 Milano MI'],
};

const lines: InvoicePdfLine[] = [
  {
    description:
      'Enterprise platform subscription, annual licence for 25 named users including premium support and onboarding workshops',
    productCode: 'ENT-25',
    quantity: 25,
    unitPriceMinor: 49_000,
    amountMinor: 1_225_000,
    taxRateBasisPoints: 2200,
    taxMinor: 269_500,
    periodStart: '2026-11-01',
    periodEnd: '2027-10-31',
  },
  {
    description: 'Implementation services',
    productCode: null,
    quantity: 1,
    unitPriceMinor: 123_456,
    amountMinor: 123_456,
    taxRateBasisPoints: 0,
    taxMinor: 0,
    periodStart: null,
    periodEnd: null,
  },
];

const invoice: InvoicePdfData = {
  number: 'INV-2026-000123',
  issueDate: '2026-11-28',
  dueDate: '2026-12-28',
  currency: 'EUR',
  poNumber: 'PO-77-ACME',
  status: 'PARTIALLY_PAID',
  billTo: SAMPLE_BILL_TO,
  subtotalMinor: 1_348_456,
  taxMinor: 269_500,
  totalMinor: 1_617_956,
  amountPaidMinor: 500_000,
  balanceMinor: 1_117_956,
  lines,
};

/** All whitespace, line breaks included, as one space: wrapped phrases compare as written. */

function manyLines(count: number): InvoicePdfLine[] {
  return Array.from({ length: count }, (_, i) => ({
    description: `Usage line ${i + 1}: metered API calls for workspace number ${i + 1}`,
    productCode: `API-${String(i + 1).padStart(3, '0')}`,
    quantity: 1000 + i,
    unitPriceMinor: 2,
    amountMinor: 2 * (1000 + i),
    taxRateBasisPoints: 2200,
    taxMinor: Math.round(2 * (1000 + i) * 0.22),
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
  }));
}

describe('renderInvoicePdf', () => {
  let en: string;
  let itText: string;
  let voided: string;
  let noPo: string;
  let long: string[];
  let title: string | null;
  let foreign: string;
  let plain: string;
  let longPageObjects: number;
  let us: string;

  beforeAll(async () => {
    const pdfs = await Promise.all([
      renderInvoicePdf(invoice, 'en-US', vendor, remittance),
      renderInvoicePdf(invoice, 'it-IT', vendor, remittance),
      renderInvoicePdf({ ...invoice, status: 'VOID' }, 'it-IT', vendor, remittance),
      renderInvoicePdf({ ...invoice, poNumber: null }, 'en-US', vendor, remittance),
      renderInvoicePdf({ ...invoice, lines: manyLines(60) }, 'en-US', vendor, remittance),
      renderInvoicePdf(
        { ...invoice, lines: [{ ...lines[1], description: 'Łódź – Zażółć gęślą 日本 “x”' }] },
        'fr-FR',
        vendor,
        remittance,
      ),
      renderInvoicePdf({ ...invoice, currency: 'USD', billTo: SAMPLE_US_BILL_TO }, 'en-US', vendor, remittance),
    ]);
    // One extractor process for the batch, a second one in parallel for pdfText.
    const [read, text] = await Promise.all([readPdfs(pdfs), pdfText(pdfs[0])]);
    plain = text;
    longPageObjects = (pdfs[4].toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    [en, itText, voided, noPo] = read.slice(0, 4).map((r) => flat(r.text));
    long = read[4].pages;
    title = read[0].title;
    foreign = flat(read[5].text);
    us = flat(read[6].text);
  });

  it('sets the document title to the invoice number', () => {
    expect(title).toBe(invoice.number);
  });

  it('renders an English invoice with US formats', () => {
    for (const expected of [
      vendor.name,
      'IT01234567890',
      'Invoice',
      invoice.number,
      'November 28, 2026',
      'December 28, 2026',
      'Bill To',
      'Acme Industrie S.p.A.',
      'ACC-000042',
      'Giulia Bianchi',
      'Billing user ID: usr_8f3a2c',
      'PO number',
      'PO-77-ACME',
      'Italy',
      lines[0].description,
      lines[1].description,
      'ENT-25',
      '22%',
      'Nov 1, 2026 – Oct 31, 2027',
      formatMoney(invoice.subtotalMinor, 'EUR', 'en-US'),
      formatMoney(invoice.taxMinor, 'EUR', 'en-US'),
      formatMoney(invoice.totalMinor, 'EUR', 'en-US'),
      formatMoney(invoice.amountPaidMinor, 'EUR', 'en-US'),
      formatMoney(invoice.balanceMinor, 'EUR', 'en-US'),
      '€1,234.56',
      'Subtotal',
      'Tax',
      'Total',
      'Amount paid',
      'Balance due',
      'Wire transfer',
      remittance.iban,
      remittance.swift,
      'quote the invoice number',
      'Cheque',
      `Payable to: ${remittance.checkPayableTo}`,
      'Ufficio contabilità',
      'Page 1 of 1',
    ]) {
      expect(en).toContain(expected);
    }
    expect(en).not.toContain('Fattura');
    expect(en).not.toContain('VOID');
  });

  it('renders an Italian invoice with Italian words and formats', () => {
    const money = (minor: number) => formatMoney(minor, 'EUR', 'it-IT').replace(/\s+/g, ' ');
    for (const expected of [
      vendor.name,
      'Partita IVA: IT01234567890',
      'Fattura',
      invoice.number,
      '28 novembre 2026',
      '28 dicembre 2026',
      'Intestatario',
      'Giulia Bianchi',
      'ID utente di fatturazione: usr_8f3a2c',
      "Numero ordine d'acquisto",
      'PO-77-ACME',
      'Italia',
      lines[0].description,
      lines[1].description,
      '22%',
      money(invoice.subtotalMinor),
      money(invoice.taxMinor),
      money(invoice.totalMinor),
      money(invoice.amountPaidMinor),
      money(invoice.balanceMinor),
      // CLDR groups Italian thousands only from five digits: 1234,56 € but 13.484,56 €.
      '1234,56 €',
      '13.484,56 €',
      '12.250,00 €',
      'Imponibile',
      'IVA',
      'Totale',
      'Importo pagato',
      'Saldo da pagare',
      'Bonifico bancario',
      remittance.iban,
      'indicare il numero di fattura',
      'Assegno',
      `Intestato a: ${remittance.checkPayableTo}`,
      'Pagina 1 di 1',
    ]) {
      expect(itText).toContain(expected);
    }
    expect(itText).not.toContain('Invoice');
    expect(itText).not.toContain('Balance due');
  });

  it('prints the Bill To address in the postal format of its country', () => {
    // Italy: CAP, city and province on one line; the country named in the reader's language.
    expect(itText).toContain('Corso Vittorio Emanuele II 45 Scala B 10123 Torino TO Italia');
    expect(en).toContain('Corso Vittorio Emanuele II 45 Scala B 10123 Torino TO Italy');
    // United States: city, state code and ZIP code.
    expect(us).toContain('742 Evergreen Terrace Suite 200 Springfield, IL 62704 United States of America');
    expect(us).not.toContain('62704 Springfield');
  });

  it('leaves out the PO number when there is none', () => {
    expect(noPo).not.toContain('PO number');
    expect(noPo).toContain(invoice.number);
  });

  it('marks a void invoice', () => {
    expect(voided).toContain('ANNULLATA');
    expect(voided).toContain(invoiceTexts('it-IT').voidNotice);
    expect(voided).not.toContain('Bonifico bancario');
    expect(itText).not.toContain('ANNULLATA');
  });

  it('flows many lines onto further pages, repeating the table header', () => {
    expect(long.length).toBeGreaterThan(1);
    expect(longPageObjects).toBe(long.length);
    const all = flat(long.join('\n'));
    expect(all).toContain('Usage line 1: metered API calls for workspace number 1');
    expect(all).toContain('Usage line 60: metered API calls for workspace number 60');
    expect(all).toContain(`Page ${long.length} of ${long.length}`);
    for (const page of long) {
      if (page.includes('Usage line')) expect(page).toContain('Description');
    }
    expect(long[1]).toContain(`Invoice ${invoice.number} (continued)`);
    expect(all).toContain('Balance due');
  });

  it('draws only characters the standard fonts can encode', () => {
    // Helvetica is WinAnsi: letters without a glyph lose their accent or become '?'; Intl's narrow spaces become spaces.
    expect(foreign).toContain('Lódz – Zazólc gesla ?? “x”');
    expect(foreign).toContain('28 novembre 2026');
    expect(foreign).toContain('0 %');
    expect(foreign).toContain(formatMoney(invoice.totalMinor, 'EUR', 'fr-FR').replace(/\s+/g, ' '));
  });

  it('is readable with pdfText', () => {
    expect(plain).toContain(invoice.number);
    expect(plain).toContain('Balance due');
  });
});

describe('invoiceTexts', () => {
  it('picks Italian for it-* and English otherwise', () => {
    expect(invoiceTexts('it').title).toBe('Fattura');
    expect(invoiceTexts('it-CH').title).toBe('Fattura');
    expect(invoiceTexts('it_IT').title).toBe('Fattura');
    expect(invoiceTexts('en-GB').title).toBe('Invoice');
    expect(invoiceTexts('de-DE').title).toBe('Invoice');
    expect(invoiceTexts('').title).toBe('Invoice');
  });
});
