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

/** All whitespace runs as one space, to compare extracted text with expected phrases. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ');
