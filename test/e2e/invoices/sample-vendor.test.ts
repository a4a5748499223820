import { gql } from '@apollo/client';
import { ADD_METHOD, ISSUE } from '../../helpers/billing';
import { customer } from '../../helpers/fixtures';
import { readPdfs } from '../../helpers/pdf-text';
import { startTestServer, type TestServer } from '../../helpers/server';

/**
 * Outside production, until VENDOR_* and REMIT_* are set, invoices print the
 * built-in sample vendor and bank details, every one of them marked as a
 * sample; with real settings nothing says sample.
 */
const PDF_URL = gql`
  query PdfUrl($id: ID!) {
    invoice(id: $id) {
      pdfUrl
    }
  }
`;

/** Each printed piece of the built-in details, without its mark. */
const SAMPLE_PIECES = [
  'Corporate Billing Vendor Inc.',
  '100 Example Avenue',
  'Suite 200',
  'Springfield, IL 62701',
  'Example Bank, not a real account',
  'IT60X0542811101000000123456',
  'BPMOIT22XXX',
];

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

/** The text of an invoice's PDF (lines joined by spaces) and the wire transfer and cheque methods' instructions. */
async function printed(env: Record<string, string>, locale: 'en-US' | 'it-IT') {
  const t = await startTestServer(env);
  servers.push(t);
  const c = await customer(
    t,
    `Acme ${locale}`,
    locale === 'it-IT' ? { locale, currency: 'EUR', country: 'IT' } : { locale },
  );
  const issued = await c.rep.mutate(ISSUE, {
    input: {
      accountId: c.account.id,
      lines: [{ description: 'Seats', quantity: 1, unitPriceMinor: 10_000, taxRateBasisPoints: 0 }],
    },
  });
  expect(issued.errors).toEqual([]);
  const { pdfUrl } = (await c.contact.query(PDF_URL, { id: issued.data.issueInvoice.id })).data.invoice;
  const link = new URL(pdfUrl);
  const res = await fetch(`${t.url}${link.pathname}${link.search}`);
  expect(res.status).toBe(200);
  const [pdf] = await readPdfs([Buffer.from(await res.arrayBuffer())]);
  const methods = [];
  for (const type of ['WIRE_TRANSFER', 'CHECK'] as const) {
    const added = await c.contact.mutate(ADD_METHOD, { input: { type } });
    expect(added.errors).toEqual([]);
    methods.push(added.data.addPaymentMethod.remittanceInstructions!);
  }
  return { text: pdf.text.replace(/\n/g, ' '), methods };
}

const count = (text: string, piece: string) => text.split(piece).length - 1;

describe('sample vendor details', () => {
  it.each(['en-US', 'it-IT'] as const)(
    'are each marked as samples on the invoice PDF and in the remittance instructions (%s)',
    async (locale) => {
      const { text, methods } = await printed({}, locale);
      for (const piece of SAMPLE_PIECES) {
        expect([piece, count(text, piece)]).toEqual([piece, expect.any(Number)]);
        expect([piece, count(text, piece)]).not.toEqual([piece, 0]);
        // Every time it is printed, the mark follows.
        expect([piece, count(text, `${piece} (sample)`)]).toEqual([piece, count(text, piece)]);
      }
      // The vendor name is also the account holder and the cheque payee; the address is also where cheques go.
      expect(count(text, 'Corporate Billing Vendor Inc. (sample)')).toBe(3);
      expect(count(text, '100 Example Avenue (sample)')).toBe(2);
      expect(count(text, 'US (sample)')).toBe(2);

      for (const r of methods) {
        for (const field of ['bankName', 'accountName', 'iban', 'swift', 'checkPayableTo'] as const)
          expect([field, r[field]]).toEqual([field, expect.stringMatching(/ \(sample\)$/)]);
        for (const line of r.checkMailingAddress) expect(line).toMatch(/ \(sample\)$/);
      }
    },
  );

  it('are not printed, nor anything marked sample, once the vendor is configured', async () => {
    const { text, methods } = await printed(
      {
        VENDOR_NAME: 'Vendor Software SpA',
        VENDOR_ADDRESS: 'Via Roma 1; 20121 Milano; Italia',
        REMIT_IBAN: 'IT02 L123 4512 3451 2345 6789 012',
        REMIT_SWIFT: 'BCITITMM',
        REMIT_BANK_NAME: 'Banca Esempio',
      },
      'it-IT',
    );
    expect(text).toContain('Vendor Software SpA');
    expect(text).toContain('IT02L1234512345123456789012');
    expect(text).not.toMatch(/sample/i);
    expect(JSON.stringify(methods)).not.toMatch(/sample/i);
    for (const piece of SAMPLE_PIECES) expect(text).not.toContain(piece);
  });
});
