import { ADD_METHOD, INVOICE, ISSUE, plainLine } from '../../test/helpers/billing';
import type { Customer } from '../../test/helpers/fixtures';
import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** The invoice history, an invoice's PDF and paying it: in full, in part, declined, and never twice. */
const portal = portalSuite();
const open = portal.open;

const TEXT = {
  it: {
    title: 'Fatture',
    money: '1234,56 €',
    rest: '1000,00 €',
    part: '234,56',
    open: 'Aperta',
    paid: 'Pagata',
    partly: 'Pagata in parte',
    amount: 'Importo da pagare (EUR)',
    method: 'Metodo di pagamento',
    declinedCard: 'Carta VISA che termina con 0002',
    pay: 'Paga',
    paidInFull: 'La fattura è pagata.',
    paidPart: 'Restano da pagare 1000,00 €.',
    declined: "Il pagamento è stato rifiutato dall'emittente della carta o dalla banca.",
    pdf: 'Scarica il PDF',
    notFound: 'Pagina non trovata',
  },
  en: {
    title: 'Invoices',
    money: '$1,234.56',
    rest: '$1,000.00',
    part: '234.56',
    open: 'Open',
    paid: 'Paid',
    partly: 'Partially paid',
    amount: 'Amount to pay (USD)',
    method: 'Payment method',
    declinedCard: 'Card VISA ending in 0002',
    pay: 'Pay',
    paidInFull: 'The invoice is paid.',
    paidPart: 'The balance still to pay is $1,000.00.',
    declined: 'The payment was declined by the card issuer or the bank.',
    pdf: 'Download the PDF',
    notFound: 'Page not found',
  },
} as const;

/** An invoice of 1.234,56 (no tax) and two saved cards: a good default one and one that is declined. */
async function billed(c: Customer) {
  const issued = await c.rep.mutate(ISSUE, { input: { accountId: c.account.id, lines: [plainLine(123_456)] } });
  expect(issued.errors).toEqual([]);
  for (const token of ['tok_sandbox_visa', 'tok_sandbox_declined']) {
    const added = await c.contact.mutate(ADD_METHOD, { input: { type: 'CARD', token, makeDefault: false } });
    expect(added.errors).toEqual([]);
  }
  return issued.data.issueInvoice;
}

async function payments(c: Customer, id: string) {
  const r = await c.contact.query(INVOICE, { id });
  expect(r.errors).toEqual([]);
  return r.data.invoice;
}

describe.each(['it', 'en'] as const)('the invoices (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Fatture Srl' : 'Invoices Corp';

  async function onInvoice(c: Customer, id: string) {
    const p = await open(language);
    await p.page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto(`/invoices/${id}`);
    return p;
  }

  it('lists the invoices with their PDF, and pays one in full', async () => {
    const c = await portal.customer(language, `${name} Full`);
    const invoice = await billed(c);
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/invoices');
    await page.getByRole('heading', { level: 1, name: say.title }).waitFor();
    const row = page.getByRole('row').filter({ hasText: invoice.number });
    await shows(row, say.money);
    await shows(row, say.open);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('invoices');

    // The PDF is fetched with the bearer token and is a PDF.
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/invoices/${invoice.id}.pdf`),
      row.getByRole('button').click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await row.getByRole('link', { name: invoice.number }).click();
    await page.waitForURL(`**/invoices/${invoice.id}`);
    const main = page.getByRole('main');
    await shows(main, say.money);
    await visible(main.getByRole('button', { name: say.pdf }));
    expect(await main.getByLabel(say.amount).inputValue()).toBe(
      say.money.replace(/[^\d.,]/g, '').replace(/,(?=\d{3})/, ''),
    );
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('invoice');

    await main.getByRole('button', { name: say.pay, exact: true }).click();
    await shows(page.getByRole('status'), say.paidInFull);
    await shows(main.locator('.facts'), say.paid);
    const after = await payments(c, invoice.id);
    expect(after.status).toBe('PAID');
    expect(after.payments.map((x) => x.status)).toEqual(['SUCCEEDED']);
  });

  it('pays part of an invoice and shows the balance left', async () => {
    const c = await portal.customer(language, `${name} Part`);
    const invoice = await billed(c);
    const p = await onInvoice(c, invoice.id);
    const main = p.page.getByRole('main');
    await main.getByLabel(say.amount).fill(say.part);
    await main.getByRole('button', { name: say.pay, exact: true }).click();
    await shows(p.page.getByRole('status'), say.paidPart);
    await shows(main.locator('.invoice-balance'), say.rest, { exact: true });
    await shows(main.locator('.facts'), say.partly);
    const after = await payments(c, invoice.id);
    expect(after.status).toBe('PARTIALLY_PAID');
    expect(after.balance.amountMinor).toBe(100_000);
  });

  it('says why a declined card failed, and the invoice stays open', async () => {
    const c = await portal.customer(language, `${name} Declined`);
    const invoice = await billed(c);
    const p = await onInvoice(c, invoice.id);
    const main = p.page.getByRole('main');
    await main.getByLabel(say.method).selectOption({ label: say.declinedCard });
    await main.getByRole('button', { name: say.pay, exact: true }).click();
    await shows(p.page.getByRole('alert'), say.declined);
    await shows(main.locator('.facts'), say.open);
    expect(await p.accessibility()).toEqual([]);
    const after = await payments(c, invoice.id);
    expect(after.status).toBe('OPEN');
    expect(after.payments.map((x) => [x.status, x.failureCode])).toEqual([['FAILED', 'DECLINED']]);
  });

  it('retries a payment whose answer was lost with the same idempotency key, so it is charged once', async () => {
    const c = await portal.customer(language, `${name} Retry`);
    const invoice = await billed(c);
    const p = await onInvoice(c, invoice.id);
    const main = p.page.getByRole('main');
    const keys: string[] = [];
    let lose = true;
    await p.page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('payInvoice')) return route.continue();
      keys.push(
        (JSON.parse(body) as { variables: { input: { idempotencyKey: string } } }).variables.input.idempotencyKey,
      );
      // The first attempt reaches the service, which charges; its answer never comes back.
      const response = await route.fetch();
      if (lose) {
        lose = false;
        expect(response.status()).toBe(200);
        return route.abort('failed');
      }
      return route.fulfill({ response });
    });
    await main.getByRole('button', { name: say.pay, exact: true }).click();
    await visible(p.page.getByRole('alert'));
    await main.getByRole('button', { name: say.pay, exact: true }).click();
    await shows(p.page.getByRole('status'), say.paidInFull);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const after = await payments(c, invoice.id);
    expect(after.payments).toHaveLength(1);
    expect(after.amountPaid.amountMinor).toBe(123_456);
    // The aborted request is logged by Chromium as a failed load: expected here.
    p.problems.splice(0, p.problems.length, ...p.problems.filter((m) => !/ERR_FAILED/.test(m)));
  });

  it('makes one payment for a double click on Pay, and hides invoices of other accounts', async () => {
    const c = await portal.customer(language, `${name} Double`);
    const invoice = await billed(c);
    const other = await portal.customer(language, `${name} Other`);
    const foreign = await billed(other);
    const p = await onInvoice(c, invoice.id);
    const main = p.page.getByRole('main');
    let requests = 0;
    p.page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('payInvoice')) requests += 1;
    });
    await main.getByRole('button', { name: say.pay, exact: true }).dblclick();
    await shows(p.page.getByRole('status'), say.paidInFull);
    const after = await payments(c, invoice.id);
    expect(after.payments).toHaveLength(1);
    expect(after.status).toBe('PAID');
    expect(requests).toBe(1);

    await p.goto(`/invoices/${foreign.id}`);
    await p.page.getByRole('heading', { level: 1, name: say.notFound }).waitFor();
  });
});
