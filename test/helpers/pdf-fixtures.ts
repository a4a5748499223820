import type { InvoicePdfData, VendorDetails } from '../../src/pdf/invoice-pdf';

/** The vendor and customer printed on the sample invoice and quote of the PDF tests. */
export const SAMPLE_VENDOR: VendorDetails = {
  name: 'Corporate Billing Vendor S.r.l.',
  addressLines: ['Via Roma 12', '20121 Milano MI', 'Italia'],
  vatNumber: 'IT01234567890',
  email: 'billing@vendor.example',
};

export const SAMPLE_BILL_TO: InvoicePdfData['billTo'] = {
  organisationName: 'Acme Industrie S.p.A.',
  accountNumber: 'ACC-000042',
  contactName: 'Giulia Bianchi',
  billingUserId: 'usr_8f3a2c',
  email: 'giulia.bianchi@acme.example',
  companyName: 'Acme Industrie S.p.A.',
  addressLine1: 'Corso Vittorio Emanuele II 45',
  addressLine2: 'Scala B',
  city: 'Torino',
  region: 'TO',
  postalCode: '10123',
  country: 'IT',
};

/** A customer in the United States: its Bill To prints city, state code and ZIP code on one line. */
export const SAMPLE_US_BILL_TO: InvoicePdfData['billTo'] = {
  ...SAMPLE_BILL_TO,
  organisationName: 'Globex Corporation',
  accountNumber: 'ACC-000077',
  contactName: 'Hank Scorpio',
  companyName: 'Globex Corporation',
  addressLine1: '742 Evergreen Terrace',
  addressLine2: 'Suite 200',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62704',
  country: 'US',
};

/** All whitespace runs as one space, to compare extracted text with expected phrases. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ');
