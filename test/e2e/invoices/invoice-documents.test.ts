import { gql } from '@apollo/client';
import { signPath } from '../../../src/common/signed-urls';
import { formatMoney } from '../../../src/common/money';
import { formatDate } from '../../../src/common/locale-format';
import { ISSUE } from '../../helpers/billing';
import { customer } from '../../helpers/fixtures';
import { readPdfs } from '../../helpers/pdf-text';
import { startTestServer, type TestServer } from '../../helpers/server';

const PDF_URL = gql`
  query PdfUrl($id: ID!) {
    invoice(id: $id) {
      id
      number
      dueDate
      issueDate
      pdfUrl
    }
  }
`;
const ADD_RECIPIENT = gql`
  mutation AddRecipient($input: AddInvoiceRecipientInput!) {
    addInvoiceRecipient(input: $input) {
      id
    }
  }
`;
const PO = gql`
  mutation Po($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      id
    }
  }
`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    PUBLIC_URL: 'https://billing.example',
    VENDOR_NAME: 'Vendor Software SpA',
    VENDOR_ADDRESS: 'Via Roma 1; 20121 Milano; Italia',
    REMIT_IBAN: 'IT60X0542811101000000123456',
    REMIT_SWIFT: 'BPMOIT22XXX',
    REMIT_BANK_NAME: 'Banca Esempio',
    REMIT_CHECK_PAYABLE_TO: 'Vendor Software SpA',
  });
});
afterAll(() => t.stop());

/** GET a path of the service, with a bearer token or none. */
async function get(path: string, token?: string) {
  const res = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** An invoice of 12 345,67 + 22% tax, with a PO, for a customer in `locale`, with one extra invoice recipient. */
async function issued(name: string, locale: string, currency: string) {
  const c = await customer(t, name, { locale, currency, country: locale === 'it-IT' ? 'IT' : 'US' });
  await c.contact.mutate(ADD_RECIPIENT, { input: { email: `ap+${locale}@example.test`, name: 'Accounts payable' } });
  await c.contact.mutate(PO, {
    input: { number: `PO-${locale}`, validFrom: '2000-01-01', expiresOn: '2999-12-31', makeDefault: true },
  });
  const r = await c.rep.mutate(ISSUE, {
    input: {
      accountId: c.account.id,
      lines: [
        {
          description: 'Analytics Pro seats',
          productCode: 'ANALYTICS-PRO',
          quantity: 1,
          unitPriceMinor: 1_234_567,
          taxRateBasisPoints: 2200,
        },
      ],
    },
  });
  expect(r.errors).toEqual([]);
  return { ...c, invoice: (await c.contact.query(PDF_URL, { id: r.data.issueInvoice.id })).data.invoice };
}

describe('invoice documents', () => {
  it('are e-mailed on issue to the billing contact and the recipients, in the account language, with the PDF attached', async () => {
    const it = await issued('Rossi Srl', 'it-IT', 'EUR');
    const en = await issued('Smith Inc', 'en-US', 'USD');
    const itMail = await t.mailbox.waitFor((m) => m.subject === `Fattura ${it.invoice.number} di Vendor Software SpA`);
    const enMail = await t.mailbox.waitFor(
      (m) => m.subject === `Invoice ${en.invoice.number} from Vendor Software SpA`,
    );
    expect(itMail.to.sort()).toEqual([it.user.email, 'ap+it-it@example.test'].sort());
    expect(enMail.to.sort()).toEqual([en.user.email, 'ap+en-us@example.test'].sort());
    expect(itMail.text.replace(/\u00a0/g, ' ')).toContain('Importo totale: 15.061,72 €');
    expect(itMail.text).toContain(`Scadenza: ${formatDate(it.invoice.dueDate, 'it-IT')}`);
    expect(itMail.text).toContain(`https://billing.example/invoices/${it.invoice.id}`);
    expect(enMail.text).toContain('Total: $15,061.72');

    const attachments = [itMail, enMail].map((m) => m.raw.attachments);
    for (const [i, number] of [it.invoice.number, en.invoice.number].entries()) {
      expect(attachments[i]).toHaveLength(1);
      expect(attachments[i][0]).toMatchObject({ filename: `${number}.pdf`, contentType: 'application/pdf' });
    }
    const [itPdf, enPdf] = await readPdfs(attachments.map((a) => a[0].content));
    expect(itPdf.text).toContain(`Fattura`);
    expect(itPdf.text).toContain(it.invoice.number);
    expect(enPdf.text).toContain('Invoice');
    expect(enPdf.text).toContain(en.invoice.number);
  });

  it('print every field in the account language, reached by a signed link or the bearer token', async () => {
    const it = await issued('Bianchi SpA', 'it-IT', 'EUR');
    const en = await issued('Jones LLC', 'en-US', 'USD');
    const pdfs = [];
    for (const { invoice, contact } of [it, en]) {
      const url = new URL(invoice.pdfUrl);
      expect(url.origin).toBe('https://billing.example');
      expect(url.pathname).toBe(`/invoices/${invoice.id}.pdf`);
      const expires = Number(url.searchParams.get('expires'));
      expect(expires * 1000 - Date.now()).toBeGreaterThan(290_000);
      expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
      const signed = await get(url.pathname + url.search);
      expect(signed).toMatchObject({ status: 200, type: 'application/pdf' });
      const bearer = await get(url.pathname, contact.accessToken);
      expect(bearer.status).toBe(200);
      pdfs.push(signed.body);
    }
    const [itPdf, enPdf] = await readPdfs(pdfs);
    const itText = itPdf.text;
    for (const expected of [
      'Vendor Software SpA',
      'Via Roma 1',
      'Fattura',
      it.invoice.number,
      formatDate(it.invoice.issueDate, 'it-IT'),
      formatDate(it.invoice.dueDate, 'it-IT'),
      'Intestatario',
      'Bianchi SpA',
      'ID utente di fatturazione',
      it.user.billingUserId,
      "Numero ordine d'acquisto",
      'PO-it-IT',
      'Analytics Pro seats',
      '12.345,67 €', // subtotal
      '2716,05 €', // tax, 22% half to even (Italian groups thousands from five digits)
      '15.061,72 €', // total and balance
      'Saldo da pagare',
      'Bonifico bancario',
      'IT60X0542811101000000123456',
      'BPMOIT22XXX',
      'Assegno',
    ])
      expect(itText).toContain(expected);
    for (const expected of [
      'Invoice',
      en.invoice.number,
      formatDate(en.invoice.issueDate, 'en-US'),
      formatDate(en.invoice.dueDate, 'en-US'),
      'Bill To',
      'Jones LLC',
      'Billing user ID',
      en.user.billingUserId,
      'PO number',
      'PO-en-US',
      formatMoney(1_234_567, 'USD', 'en-US'),
      '$15,061.72',
      'Amount paid',
      'Balance due',
      'Wire transfer',
      'Cheque',
      'Banca Esempio',
    ])
      expect(enPdf.text).toContain(expected);
  });

  it("answer 404 for another account's invoice, 401 without a login and 403 for a tampered or expired link", async () => {
    const mine = await issued('Owner GmbH', 'en-US', 'USD');
    const stranger = await customer(t, 'Nosy GmbH');
    const path = `/invoices/${mine.invoice.id}.pdf`;
    expect((await get(path, stranger.contact.accessToken)).status).toBe(404);
    expect(
      (await get(`/invoices/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.pdf`, mine.contact.accessToken)).status,
    ).toBe(404);
    expect((await get(path)).status).toBe(401);
    const url = new URL(mine.invoice.pdfUrl);
    const tampered = url.search.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);
    expect((await get(path + tampered)).status).toBe(403);
    // A link for one invoice does not open another.
    const other = await issued('Other GmbH', 'en-US', 'USD');
    expect((await get(`/invoices/${other.invoice.id}.pdf${url.search}`)).status).toBe(403);
    const expired = signPath(t.app.config.urlSigningKey, path, 300, Date.now() - 301_000);
    expect((await get(expired)).status).toBe(403);
    const longer = url.search.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`);
    expect((await get(path + longer)).status).toBe(403);
  });
});
