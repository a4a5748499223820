import type { Language } from '../common/locale-format';

/**
 * The words every document prints the same way: the Bill To block, table and totals headings, page footers.
 * Each document (invoice-pdf, quote-pdf) adds its own words in one texts table per language.
 */
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
