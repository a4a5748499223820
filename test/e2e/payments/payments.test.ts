import { randomUUID } from 'node:crypto';
import { gql } from '@apollo/client';
import { today, addDays } from '../../../src/common/dates';
import { systemContext } from '../../../src/context';
import { Role } from '../../../src/common/roles';
import { ADD_METHOD, INVOICE, ISSUE, PAY, RECORD_OFFLINE, plainLine } from '../../helpers/billing';
import { codeOf, TestClient } from '../../helpers/client';
import { customer } from '../../helpers/fixtures';
import type { VariablesOf } from '../../helpers/graphql';
import { ACTIVITY } from '../../helpers/operations';
import { listening, run, stop, type Run } from '../../helpers/process';
import { startTestServer, type TestServer } from '../../helpers/server';

const VOID = gql`
  mutation Void($id: ID!, $reason: String!) {
    voidInvoice(id: $id, reason: $reason) {
      id
      status
    }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  // The sandbox answers after 20 ms, so concurrent payments really overlap at the gateway.
  t = await startTestServer({ PAYMENT_SANDBOX_LATENCY_MS: '20' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

type MethodType = VariablesOf<typeof ADD_METHOD>['input']['type'];

/** A customer with one invoice of `totalMinor` and a method for each sandbox outcome. */
async function billed(name: string, totalMinor = 10_000, options: { currency?: string; locale?: string } = {}) {
  const c = await customer(t, name, options);
  const invoice = (await c.rep.mutate(ISSUE, { input: { accountId: c.account.id, lines: [plainLine(totalMinor)] } }))
    .data.issueInvoice;
  const method = async (type: MethodType, token?: string) =>
    (await c.contact.mutate(ADD_METHOD, { input: { type, token, makeDefault: false } })).data.addPaymentMethod.id;
  return { ...c, invoice, method };
}

const pay = (
  c: TestClient,
  invoiceId: string,
  amountMinor: number,
  paymentMethodId: string,
  key: string = randomUUID(),
  currency = 'USD',
) => c.mutate(PAY, { input: { invoiceId, amount: { amountMinor, currency }, paymentMethodId, idempotencyKey: key } });

describe('paying an invoice', () => {
  it('in part and then in full moves amount paid, balance and status, and e-mails a receipt', async () => {
    const { contact, invoice, method } = await billed('Payer One', 10_000);
    const card = await method('CARD', 'tok_sandbox_visa');
    const first = await pay(contact, invoice.id, 4_000, card);
    expect(first.errors).toEqual([]);
    expect(first.data.payInvoice).toMatchObject({
      status: 'SUCCEEDED',
      channel: 'ONLINE',
      methodType: 'CARD',
      failureCode: null,
      gatewayTransactionId: expect.stringMatching(/^sandbox_tx_/),
      amount: { amountMinor: 4_000, currency: 'USD', formatted: '$40.00' },
      invoice: { status: 'PARTIALLY_PAID', amountPaid: { amountMinor: 4_000 }, balance: { amountMinor: 6_000 } },
    });
    const receipt = await t.mailbox.waitFor((m) => m.subject === `Payment receipt: invoice ${invoice.number}`);
    expect(receipt.to).toEqual([`ap.payerone@example.test`]);
    expect(receipt.text).toContain('We received a payment of $40.00');
    expect(receipt.text).toContain('VISA •••• 4242');
    expect(receipt.text).toContain('Balance remaining: $60.00');

    const rest = await pay(contact, invoice.id, 6_000, card);
    expect(rest.data.payInvoice.invoice).toEqual({
      id: invoice.id,
      status: 'PAID',
      amountPaid: { amountMinor: 10_000 },
      balance: { amountMinor: 0 },
    });
    expect(codeOf(await pay(contact, invoice.id, 1, card))).toBe('INVOICE_NOT_PAYABLE');
    const seen = (await contact.query(INVOICE, { id: invoice.id })).data.invoice;
    expect(
      seen.payments.map((p: { status: string; amount: { amountMinor: number } }) => [p.status, p.amount.amountMinor]),
    ).toEqual([
      ['SUCCEEDED', 4_000],
      ['SUCCEEDED', 6_000],
    ]);
  });

  it('records each declined sandbox outcome as FAILED with its reason and leaves the balance', async () => {
    const { contact, invoice, method } = await billed('Decliner Inc', 5_000);
    const outcomes: Array<[MethodType, string, string]> = [
      ['CARD', 'tok_sandbox_declined', 'DECLINED'],
      ['CARD', 'tok_sandbox_insufficient_funds', 'INSUFFICIENT_FUNDS'],
      ['DIRECT_DEBIT', 'btok_sandbox_insufficient_funds', 'INSUFFICIENT_FUNDS'],
      ['DIRECT_DEBIT', 'btok_sandbox_declined', 'DECLINED'],
    ];
    for (const [type, token, code] of outcomes) {
      const r = await pay(contact, invoice.id, 5_000, await method(type, token));
      expect(r.errors).toEqual([]);
      expect(r.data.payInvoice).toMatchObject({
        status: 'FAILED',
        failureCode: code,
        failureMessage: expect.any(String),
        invoice: { status: 'OPEN', balance: { amountMinor: 5_000 } },
      });
    }
    const ok = await pay(contact, invoice.id, 5_000, await method('DIRECT_DEBIT', 'btok_sandbox_success'));
    expect(ok.data.payInvoice).toMatchObject({
      status: 'SUCCEEDED',
      methodType: 'DIRECT_DEBIT',
      invoice: { status: 'PAID' },
    });
    const seen = (await contact.query(INVOICE, { id: invoice.id })).data.invoice;
    expect(seen.payments.map((p: { status: string; failureCode: string | null }) => p.failureCode ?? p.status)).toEqual(
      ['DECLINED', 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS', 'DECLINED', 'SUCCEEDED'],
    );
  });

  it('keeps a payment the gateway did not answer PENDING with its amount held, until the reconcile job settles it', async () => {
    const { account, contact, invoice, method } = await billed('Silent Gateway Ltd', 5_000);
    const silent = await method('CARD', 'tok_sandbox_gateway_error');
    const r = await pay(contact, invoice.id, 3_000, silent);
    expect(r.errors).toEqual([]);
    expect(r.data.payInvoice).toMatchObject({
      status: 'PENDING',
      failureCode: null,
      invoice: { status: 'OPEN', balance: { amountMinor: 5_000 } },
    });
    // The held amount cannot be paid a second time meanwhile.
    const card = await method('CARD', 'tok_sandbox_visa');
    expect(codeOf(await pay(contact, invoice.id, 2_001, card))).toBe('AMOUNT_EXCEEDS_BALANCE');

    const services = t.app.services;
    const reconcile = (msFromNow: number) =>
      services.payments.reconcilePending(systemContext(services, 'test'), new Date(Date.now() + msFromNow));
    expect(await reconcile(0)).toEqual({ settled: 0, pending: 0 }); // too recent: its request may still be working on it
    expect(await reconcile(3 * 60_000)).toEqual({ settled: 0, pending: 1 }); // asked again, still no answer
    // Given up: FAILED and the amount released, once, also when two reconcile passes overlap.
    const passes = await Promise.all([reconcile(25 * 3600_000), reconcile(25 * 3600_000)]);
    expect(passes.map((p) => p.pending)).toEqual([0, 0]);
    const seen = (await contact.query(INVOICE, { id: invoice.id })).data.invoice;
    expect(seen.payments).toMatchObject([{ status: 'FAILED', failureCode: 'GATEWAY_ERROR' }]);
    const actions = (await contact.query(ACTIVITY, { id: account.id })).data.account.activity.edges.map(
      (e: { node: { action: string } }) => e.node.action,
    );
    expect(actions.filter((a: string) => a === 'PAYMENT_FAILED')).toHaveLength(1);
    expect((await pay(contact, invoice.id, 5_000, card)).data.payInvoice.invoice.status).toBe('PAID');
  });

  it('is idempotent: a retry with the same key returns the first result, other parameters are refused', async () => {
    const a = await billed('Retry Ltd', 10_000);
    const card = await a.method('CARD', 'tok_sandbox_visa');
    const key = `pay-${randomUUID()}`;
    const first = (await pay(a.contact, a.invoice.id, 2_500, card, key)).data.payInvoice;
    const again = (await pay(a.contact, a.invoice.id, 2_500, card, key)).data.payInvoice;
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('SUCCEEDED');
    expect(codeOf(await pay(a.contact, a.invoice.id, 2_600, card, key))).toBe('IDEMPOTENCY_KEY_REUSED');
    // A declined payment is answered the same way on retry, without charging again.
    const declining = await a.method('CARD', 'tok_sandbox_declined');
    const failedKey = `pay-${randomUUID()}`;
    const failed = (await pay(a.contact, a.invoice.id, 1_000, declining, failedKey)).data.payInvoice;
    expect((await pay(a.contact, a.invoice.id, 1_000, declining, failedKey)).data.payInvoice).toMatchObject({
      id: failed.id,
      status: 'FAILED',
    });
    // Concurrent retries of one key: one charge.
    const burstKey = `pay-${randomUUID()}`;
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => pay(a.contact, a.invoice.id, 1_500, card, burstKey)),
    );
    expect(new Set(burst.map((r) => r.data.payInvoice.id)).size).toBe(1);

    const seen = (await a.contact.query(INVOICE, { id: a.invoice.id })).data.invoice;
    expect(seen.amountPaid.amountMinor).toBe(4_000);
    expect(seen.payments).toHaveLength(3);
    // Keys belong to the account: another account may use the same key.
    const b = await billed('Other Retry Ltd', 10_000);
    expect(
      (await pay(b.contact, b.invoice.id, 2_500, await b.method('CARD', 'tok_sandbox_visa'), key)).data.payInvoice
        .status,
    ).toBe('SUCCEEDED');
    expect(codeOf(await pay(a.contact, a.invoice.id, 2_500, card, 'short'))).toBe('BAD_USER_INPUT');
  });

  it('refuses amounts above the balance, other currencies, pay-by-invoice methods and void invoices, changing nothing', async () => {
    const { contact, invoice, method, account, rep } = await billed('Strict Inc', 3_000);
    const card = await method('CARD', 'tok_sandbox_visa');
    const over = await pay(contact, invoice.id, 3_001, card);
    expect(codeOf(over)).toBe('AMOUNT_EXCEEDS_BALANCE');
    expect(over.errors[0].extensions!.balanceMinor).toBe(3_000);
    expect(codeOf(await pay(contact, invoice.id, 0, card))).toBe('BAD_USER_INPUT');
    expect(codeOf(await pay(contact, invoice.id, -5, card))).toBe('BAD_USER_INPUT');
    expect(codeOf(await pay(contact, invoice.id, 1_000, card, randomUUID(), 'EUR'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await pay(contact, invoice.id, 1_000, await method('WIRE_TRANSFER')))).toBe('BAD_USER_INPUT');
    expect(codeOf(await pay(contact, invoice.id, 1_000, randomUUID()))).toBe('NOT_FOUND');
    const seen = (await contact.query(INVOICE, { id: invoice.id })).data.invoice;
    expect(seen).toMatchObject({ status: 'OPEN', amountPaid: { amountMinor: 0 }, payments: [] });

    const other = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [plainLine(1_000)] } })).data
      .issueInvoice;
    await cas.mutate(VOID, { id: other.id, reason: 'Issued twice' });
    expect(codeOf(await pay(contact, other.id, 1_000, card))).toBe('INVOICE_NOT_PAYABLE');
    // An invoice with a payment can no longer be voided.
    await pay(contact, invoice.id, 1_000, card);
    expect(codeOf(await cas.mutate(VOID, { id: invoice.id, reason: 'Too late' }))).toBe('INVOICE_HAS_PAYMENTS');
  });

  it('of another account is NOT_FOUND, and staff cannot pay for the customer', async () => {
    const mine = await billed('Target Corp', 1_000);
    const theirs = await billed('Thief Corp', 1_000);
    const myCard = await mine.method('CARD', 'tok_sandbox_visa');
    const theirCard = await theirs.method('CARD', 'tok_sandbox_visa');
    expect(codeOf(await pay(theirs.contact, mine.invoice.id, 1_000, theirCard))).toBe('NOT_FOUND');
    expect(codeOf(await pay(theirs.contact, theirs.invoice.id, 1_000, myCard))).toBe('NOT_FOUND');
    expect(codeOf(await pay(cas, mine.invoice.id, 1_000, myCard))).toBe('FORBIDDEN');
    expect((await mine.contact.query(INVOICE, { id: mine.invoice.id })).data.invoice.payments).toEqual([]);
  });
});

describe('offline payments', () => {
  const offline = (c: TestClient, invoiceId: string, amountMinor: number, over: Record<string, unknown> = {}) =>
    c.mutate(RECORD_OFFLINE, {
      input: {
        invoiceId,
        amount: { amountMinor, currency: 'EUR' },
        method: 'WIRE_TRANSFER',
        reference: 'BONIFICO 0001',
        receivedOn: today(),
        idempotencyKey: randomUUID(),
        ...over,
      },
    });

  it('are recorded by account services with a reference and date, under the same rules, with an Italian receipt', async () => {
    const { contact, invoice } = await billed('Bonifico Srl', 12_345, { currency: 'EUR', locale: 'it-IT' });
    const wire = await offline(cas, invoice.id, 10_000, { receivedOn: addDays(today(), -2) });
    expect(wire.errors).toEqual([]);
    expect(wire.data.recordOfflinePayment).toMatchObject({
      status: 'SUCCEEDED',
      channel: 'OFFLINE',
      methodType: 'WIRE_TRANSFER',
      reference: 'BONIFICO 0001',
      receivedOn: addDays(today(), -2),
      invoice: { status: 'PARTIALLY_PAID', balance: { amountMinor: 2_345 } },
    });
    const receipt = await t.mailbox.waitFor((m) => m.subject === `Ricevuta di pagamento: fattura ${invoice.number}`);
    const text = receipt.text.replace(/\u00a0/g, ' ');
    expect(text).toContain('abbiamo ricevuto un pagamento di 100,00 €');
    expect(text).toContain('Metodo di pagamento: Bonifico bancario');
    expect(text).toContain('Saldo residuo: 23,45 €');

    expect(codeOf(await offline(cas, invoice.id, 2_346, { method: 'CHECK' }))).toBe('AMOUNT_EXCEEDS_BALANCE');
    expect(codeOf(await offline(cas, invoice.id, 1, { receivedOn: addDays(today(), 1) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await offline(cas, invoice.id, 1, { method: 'CARD' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await offline(contact, invoice.id, 1))).toBe('FORBIDDEN');
    const key = randomUUID();
    const ach = await offline(cas, invoice.id, 2_345, {
      method: 'DIRECT_DEBIT',
      reference: 'ACH 77',
      idempotencyKey: key,
    });
    expect(ach.data.recordOfflinePayment.invoice.status).toBe('PAID');
    expect(
      (await offline(cas, invoice.id, 2_345, { method: 'DIRECT_DEBIT', reference: 'ACH 77', idempotencyKey: key })).data
        .recordOfflinePayment.id,
    ).toBe(ach.data.recordOfflinePayment.id);
    expect(
      codeOf(
        await offline(cas, invoice.id, 2_345, { method: 'DIRECT_DEBIT', reference: 'ACH 78', idempotencyKey: key }),
      ),
    ).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('concurrent payments', () => {
  const mariadb = Boolean(process.env.TEST_DATABASE_URL);
  let second: Run | undefined;
  afterAll(async () => {
    await stop(second);
  });

  it(`never take the amount paid above the total${mariadb ? ', from two server processes' : ''}`, async () => {
    const { contact, invoice, method } = await billed('Rush Inc', 10_000);
    const card = await method('CARD', 'tok_sandbox_visa');
    const clients: TestClient[] = [contact];
    if (mariadb) {
      // A second server process on the same database, with the same signing key: the contact's token works on both.
      second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
      clients.push(new TestClient(await listening(second), contact.accessToken));
    }
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(clients[i % clients.length], invoice.id, 2_500, card)),
    );
    const payments = results.filter((r) => r.errors.length === 0).map((r) => r.data.payInvoice);
    const refused = results.filter((r) => r.errors.length > 0).map(codeOf);
    expect(payments).toHaveLength(4);
    expect(payments.every((p) => p.status === 'SUCCEEDED')).toBe(true);
    expect(refused).toHaveLength(16);
    expect(refused.filter((c) => c !== 'AMOUNT_EXCEEDS_BALANCE' && c !== 'INVOICE_NOT_PAYABLE')).toEqual([]);
    const seen = (await contact.query(INVOICE, { id: invoice.id })).data.invoice;
    expect(seen).toMatchObject({ status: 'PAID', amountPaid: { amountMinor: 10_000 }, balance: { amountMinor: 0 } });
    // Every charge that reached the gateway is a payment row, and only those.
    expect(seen.payments.map((p: { id: string }) => p.id).sort()).toEqual(payments.map((p) => p.id).sort());
  });
});
