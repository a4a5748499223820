import {
  countryName,
  formatDate,
  formatMoney,
  formatPercent,
  formatPeriod,
  formatQuantity,
  LANGUAGES,
  pickLanguage,
  resolveLocale,
  SUPPORTED_LOCALES,
} from '../../src/common/locale-format';
import { formatMoney as moneyFormatMoney } from '../../src/common/money';
import { invoiceMail } from '../../src/modules/invoices/invoice.mails';
import { quoteSentMail } from '../../src/modules/quotes/quote.mails';
import { renderInvoicePdf, type InvoicePdfData, type RemittanceDetails } from '../../src/pdf/invoice-pdf';
import type { VendorDetails } from '../../src/pdf/invoice-pdf';
import { readPdfs } from '../helpers/pdf-text';

describe('pickLanguage', () => {
  it('gives Italian for an Italian locale, however it is written', () => {
    for (const locale of ['it-IT', 'it', 'IT_it', ' it-CH ', 'it-IT-u-nu-latn'])
      expect([locale, pickLanguage(locale)]).toEqual([locale, 'it']);
  });

  it('gives English for every other language, and for a missing or invalid locale', () => {
    for (const locale of [
      'en-US',
      'en-GB',
      'de-DE',
      'fr',
      '',
      '   ',
      null,
      undefined,
      'not a locale',
      'it x',
      'italian',
    ])
      expect([locale, pickLanguage(locale)]).toEqual([locale, 'en']);
  });

  it('has one language per supported locale', () => {
    expect(SUPPORTED_LOCALES.map((l) => pickLanguage(l))).toEqual([...LANGUAGES]);
  });
});

describe('resolveLocale', () => {
  it('canonicalises a valid tag and falls back to en-US for anything else', () => {
    expect(resolveLocale('it_it')).toBe('it-IT');
    expect(resolveLocale(' EN-us ')).toBe('en-US');
    expect(resolveLocale('not a locale')).toBe('en-US');
    expect(resolveLocale('')).toBe('en-US');
    expect(resolveLocale(null)).toBe('en-US');
  });
});

describe('formatDate', () => {
  it('writes a calendar date in the format of the locale', () => {
    expect(formatDate('2026-11-28', 'en-US')).toBe('November 28, 2026');
    expect(formatDate('2026-11-28', 'it-IT')).toBe('28 novembre 2026');
    expect(formatDate('2026-11-28', 'en-US', 'medium')).toBe('Nov 28, 2026');
    // A calendar date stays the same day in any time zone.
    expect(formatDate('2026-01-01', 'en-US')).toBe('January 1, 2026');
  });

  it('reads an invalid locale as en-US and a sloppy one as what it means', () => {
    expect(formatDate('2026-11-28', 'not a locale')).toBe('November 28, 2026');
    expect(formatDate('2026-11-28', '')).toBe('November 28, 2026');
    expect(formatDate('2026-11-28', 'it_IT')).toBe('28 novembre 2026');
    expect(formatDate('2026-11-28', ' it-IT ')).toBe('28 novembre 2026');
  });

  it('prints a value that is not a calendar date as given, without throwing', () => {
    for (const value of ['garbage', '2026-02-30', '2026-13-01', '28/11/2026', '2026-11-28T10:00:00Z', ''])
      expect(formatDate(value, 'it-IT')).toBe(value);
    expect(formatPeriod('2026-11-01', 'soon', 'en-US')).toBe('Nov\u00a01,\u00a02026 – soon');
  });
});

describe('numbers and countries', () => {
  it('formats numbers in the locale, and in en-US for an invalid locale', () => {
    expect(formatPercent(2200, 'en-US')).toBe('22%');
    expect(formatQuantity(1234.5, 'it-IT')).toBe('1234,5');
    expect(formatQuantity(12345.5, 'it-IT')).toBe('12.345,5');
    expect(formatQuantity(12345.5, 'not a locale')).toBe('12,345.5');
  });

  it('formats money with the one formatMoney of common/money', () => {
    expect(formatMoney).toBe(moneyFormatMoney);
    expect(formatMoney(1234567, 'EUR', 'it-IT')).toBe('12.345,67\u00a0€');
  });

  it('names a country in the language of the locale; anything else as given', () => {
    expect(countryName('IT', 'it-IT')).toBe('Italia');
    expect(countryName('it', 'en-US')).toBe('Italy');
    expect(countryName('IT', 'it_IT')).toBe('Italia');
    expect(countryName('IT', 'not a locale')).toBe('Italy');
    expect(countryName('Narnia', 'en-US')).toBe('Narnia');
    expect(countryName(' ', 'en-US')).toBe('');
  });
});

describe('PDFs and e-mails format alike', () => {
  const vendor: VendorDetails = { name: 'Vendor S.r.l.', addressLines: ['Via Roma 12'], vatNumber: null, email: 'v@x' };
  const remittance: RemittanceDetails = {
    bankName: 'Bank',
    accountName: 'Vendor',
    iban: 'IT60X0542811101000000123456',
    swift: 'BEXAITMMXXX',
    checkPayableTo: 'Vendor',
    checkMailingAddress: ['Via Roma 12'],
  };
  const invoice = (dueDate: string): InvoicePdfData => ({
    number: 'INV-2026-000001',
    issueDate: '2026-11-28',
    dueDate,
    currency: 'EUR',
    poNumber: null,
    status: 'OPEN',
    billTo: {
      organisationName: 'Acme',
      accountNumber: 'ACC-1',
      contactName: null,
      billingUserId: null,
      email: null,
      companyName: null,
      addressLine1: null,
      addressLine2: null,
      city: null,
      region: null,
      postalCode: null,
      country: 'IT',
    },
    subtotalMinor: 100,
    taxMinor: 0,
    totalMinor: 100,
    amountPaidMinor: 0,
    balanceMinor: 100,
    lines: [],
  });
  const mail = (dueDate: string, locale: string) =>
    invoiceMail({
      locale,
      vendorName: vendor.name,
      organisationName: 'Acme',
      invoiceNumber: 'INV-2026-000001',
      invoiceId: 'inv-1',
      total: '1,00 €',
      dueDate,
      poNumber: null,
      link: 'https://portal.example/invoices/inv-1',
    });

  // [due date, locale, the due date as both print it, a word of the language both are in]
  const cases: Array<[string, string, string, string]> = [
    ['2026-12-28', 'it-IT', '28 dicembre 2026', 'Fattura'],
    ['2026-12-28', 'en-US', 'December 28, 2026', 'Invoice'],
    ['2026-12-28', 'it_IT', '28 dicembre 2026', 'Fattura'],
    ['2026-12-28', 'not a locale', 'December 28, 2026', 'Invoice'],
    ['2026-02-30', 'it-IT', '2026-02-30', 'Fattura'],
  ];
  let pdfTexts: string[];

  beforeAll(async () => {
    const pdfs = await Promise.all(
      cases.map(([due, locale]) => renderInvoicePdf(invoice(due), locale, vendor, remittance)),
    );
    pdfTexts = (await readPdfs(pdfs)).map((p) => p.text);
  });

  it.each(cases.map((c, i) => [...c, i] as const))('due %s in %s: both print %s', (due, locale, printed, word, i) => {
    const m = mail(due, locale);
    expect(m.subject.startsWith(`${word} `)).toBe(true);
    expect(m.text).toContain(`: ${printed}\n`);
    expect(pdfTexts[i]).toContain(word);
    expect(pdfTexts[i]).toContain(printed);
  });

  it('a quote e-mail prints its expiry date like the invoice e-mail', () => {
    const text = quoteSentMail({
      locale: 'it-IT',
      displayName: 'Giulia',
      vendorName: vendor.name,
      label: 'Q-1 rev. 1',
      total: '1,00 €',
      expiresOn: '2026-12-28',
      note: null,
      link: 'https://portal.example/quotes/q-1',
    }).text;
    expect(text).toContain('entro il 28 dicembre 2026 nel portale');
  });
});
