import { randomUUID } from 'node:crypto';
import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { inTransaction } from '../../../src/common/transactions';
import { ADD_METHOD, PAY, sentQuote as quoteSent } from '../../helpers/billing';
import { codeOf, TestClient } from '../../helpers/client';
import { untilLockWait } from '../../helpers/database';
import { customer } from '../../helpers/fixtures';
import { listening, run, stop, type Run } from '../../helpers/process';
import { startTestServer, type TestServer } from '../../helpers/server';
import { verified, verifiesWith, WebhookReceiver } from '../../helpers/webhook-receiver';

const ENDPOINT = 'id url description events status disabledReason failingSince previousSecretExpiresAt account { id }';
const CREATE = gql`
  mutation CreateEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT} } }
  }
`;
const UPDATE = gql`
  mutation UpdateEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { ${ENDPOINT} }
  }
`;
const DELETE = gql`
  mutation DeleteEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`;
const ROTATE = gql`
  mutation Rotate($id: ID!) {
    rotateWebhookSecret(id: $id) { secret endpoint { ${ENDPOINT} } }
  }
`;
const ENDPOINTS = gql`
  query Endpoints {
    webhookEndpoints { ${ENDPOINT} }
  }
`;
const DELIVERY =
  'id webhookId eventType status attempts responseStatus lastError lastAttemptAt nextAttemptAt deliveredAt payload';
const DELIVERIES = gql`
  query Deliveries($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: $first) {
      totalCount
      edges { node { ${DELIVERY} } }
    }
  }
`;
const TEST = gql`
  mutation SendTest($endpointId: ID!) {
    sendTestWebhook(endpointId: $endpointId) { ${DELIVERY} }
  }
`;
const REDELIVER = gql`
  mutation Redeliver($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) { ${DELIVERY} }
  }
`;
const ACCEPT = gql`
  mutation Accept($id: ID!) {
    acceptQuote(id: $id) {
      id
      status
      invoice {
        id
        total {
          amountMinor
          currency
        }
      }
    }
  }
`;
const REJECT = gql`
  mutation Reject($input: RejectQuoteInput!) {
    rejectQuote(input: $input) {
      id
    }
  }
`;
const FILE = gql`
  mutation File($input: FileRequestInput!) {
    fileServiceRequest(input: $input) {
      id
      reference
    }
  }
`;

const mariadb = Boolean(process.env.TEST_DATABASE_URL);
let t: TestServer;
let cas: Awaited<ReturnType<TestServer['loginAs']>>;
let receiver: WebhookReceiver;
let products: Record<string, string>;
beforeAll(async () => {
  receiver = new WebhookReceiver();
  await receiver.start();
  // The receiver is on loopback over plain http: what a test may allow, never production.
  t = await startTestServer({
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_ALLOW_HTTP: 'true',
    REQUESTS_NOTIFY_EMAIL: 'cas-desk@vendor.test',
  });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  const product = await t.app.services.subscriptions.createProduct({
    code: 'ANALYTICS',
    name: 'Analytics seat',
    prices: [{ currency: 'USD', unitPriceMinor: 12_000 }],
  });
  products = { ANALYTICS: product.id };
});
afterEach(async () => {
  t.clock.reset();
  for (const e of (await cas.query(ENDPOINTS)).data.webhookEndpoints) await cas.mutate(DELETE, { id: e.id });
});
afterAll(async () => {
  await t?.stop();
  await receiver?.stop();
});

/** A new endpoint at a path of its own on the receiver. */
async function endpoint(events: string[], over: Record<string, unknown> = {}) {
  const path = `/hooks/${randomUUID()}`;
  const r = await cas.mutate(CREATE, { input: { url: `${receiver.url}${path}`, events, description: 'ERP', ...over } });
  expect(r.errors).toEqual([]);
  return { path, secret: r.data.createWebhookEndpoint.secret as string, ...r.data.createWebhookEndpoint.endpoint };
}

const deliveries = async (endpointId: string) =>
  (await cas.query(DELIVERIES, { endpointId, first: 50 })).data.webhookDeliveries.edges.map(
    (e: { node: Record<string, unknown> }) => e.node,
  );

/** Waits until `path` has received `count` requests and the dispatcher has recorded their outcomes. */
async function arrived(path: string, count: number) {
  const received = await receiver.waitFor(path, count);
  await t.app.services.webhookDispatcher.settled();
  return received;
}

/**
 * Moves the service's clock on (once the attempts under way are recorded: a
 * jump past an attempt's lease would let a second attempt start beside it)
 * and has the dispatcher send what is due then.
 */
async function later(ms: number): Promise<void> {
  await t.app.services.webhookDispatcher.settled();
  t.clock.advance({ ms });
  await t.app.services.webhookDispatcher.dispatchDue();
}

/** A customer with 10 seats and a sent quote for 3 more (or these lines). */
async function sentQuote(name: string, lines?: Array<{ productId: string; seatChange: number }>) {
  const c = await customer(t, name, { subscription: { items: [{ productId: products.ANALYTICS, seats: 10 }] } });
  const quote = await quoteSent(c.rep, c.account.id, lines ?? [{ productId: products.ANALYTICS, seatChange: 3 }]);
  return { ...c, quote };
}

describe('webhook endpoints', () => {
  it('are managed by account services; the signing secret is shown once and never again', async () => {
    const e = await endpoint(['quote.accepted', 'invoice.paid', 'quote.accepted']);
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(e).toMatchObject({ events: ['invoice.paid', 'quote.accepted'], status: 'ACTIVE', account: null });
    const listed = (await cas.query(ENDPOINTS)).data.webhookEndpoints;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect(JSON.stringify(listed)).not.toContain(e.secret.slice(6, 20));

    const updated = await cas.mutate(UPDATE, { input: { id: e.id, events: ['request.created'], description: 'CRM' } });
    expect(updated.data.updateWebhookEndpoint).toMatchObject({ events: ['request.created'], description: 'CRM' });

    // Bad input changes nothing.
    const unknown = await cas.mutate(UPDATE, { input: { id: e.id, events: ['quote.eaten'] } });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors[0].extensions?.field).toBe('events');
    expect(unknown.errors[0].message).toContain('quote.eaten');
    expect((await cas.query(ENDPOINTS)).data.webhookEndpoints[0].events).toEqual(['request.created']);
    expect(codeOf(await cas.mutate(CREATE, { input: { url: `${receiver.url}/x`, events: [] } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await cas.mutate(CREATE, { input: { url: `${receiver.url}/x`, events: ['x'], accountId: randomUUID() } })),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await cas.mutate(CREATE, {
          input: { url: `${receiver.url}/x`, events: ['invoice.paid'], accountId: randomUUID() },
        }),
      ),
    ).toBe('NOT_FOUND');

    // Nobody else may see or touch them.
    const c = await customer(t, 'Nosy Parker Ltd');
    for (const client of [c.rep, c.contact]) {
      expect(codeOf(await client.query(ENDPOINTS))).toBe('FORBIDDEN');
      expect(codeOf(await client.mutate(ROTATE, { id: e.id }))).toBe('FORBIDDEN');
      expect(codeOf(await client.query(DELIVERIES, { endpointId: e.id }))).toBe('FORBIDDEN');
    }
    expect(codeOf(await t.anonymous().query(ENDPOINTS))).toBe('UNAUTHENTICATED');

    expect((await cas.mutate(DELETE, { id: e.id })).data.deleteWebhookEndpoint).toBe(true);
    expect(codeOf(await cas.mutate(DELETE, { id: e.id }))).toBe('NOT_FOUND');
    expect((await cas.query(ENDPOINTS)).data.webhookEndpoints).toEqual([]);
  });

  it('refuse redirects: a 3xx answer is final and its target never hears from us', async () => {
    const e = await endpoint(['request.created']);
    receiver.answer(e.path, { status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    const d = (await cas.mutate(TEST, { endpointId: e.id })).data.sendTestWebhook;
    await arrived(e.path, 1);
    await later(48 * 3600_000);
    const [after] = await deliveries(e.id);
    expect(after).toMatchObject({ id: d.id, status: 'FAILED', attempts: 1, responseStatus: 302, nextAttemptAt: null });
    expect(after.lastError).toContain('not followed');
    expect(receiver.at('/elsewhere')).toEqual([]);
  });
});

describe('events', () => {
  it('accepting a quote and paying its invoice deliver exactly one signed event each', async () => {
    const e = await endpoint(['quote.accepted', 'invoice.paid']);
    const { contact, quote, account } = await sentQuote('Hooked Industries');
    const accepted = (await contact.mutate(ACCEPT, { id: quote.id })).data.acceptQuote;
    const [first] = await arrived(e.path, 1);
    const event = verified(first, e.secret);
    expect(event).toMatchObject({
      type: 'quote.accepted',
      payloadVersion: 1,
      data: { object: 'quote', id: quote.id, status: 'ACCEPTED', version: expect.any(Number) },
    });
    expect(event.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(first.headers['content-type']).toBe('application/json');

    const invoice = accepted.invoice;
    const card = (await contact.mutate(ADD_METHOD, { input: { type: 'CARD', token: 'tok_sandbox_visa' } })).data
      .addPaymentMethod.id;
    const paid = await contact.mutate(PAY, {
      input: { invoiceId: invoice.id, amount: invoice.total, paymentMethodId: card, idempotencyKey: randomUUID() },
    });
    expect(paid.data.payInvoice.invoice.status).toBe('PAID');
    const [, second] = await arrived(e.path, 2);
    expect(verified(second, e.secret)).toMatchObject({
      type: 'invoice.paid',
      data: { object: 'invoice', id: invoice.id, status: 'PAID', amountDue: { amountMinor: 0 } },
    });
    // Thin: no card detail, nothing of the account's Bill To.
    expect(second.body).not.toMatch(/4242|VISA|tok_sandbox/i);
    expect(first.body + second.body).not.toContain(account.organisationName);

    // Nothing more comes: one delivery per event, each delivered at the first attempt.
    await later(48 * 3600_000);
    expect(receiver.at(e.path)).toHaveLength(2);
    expect(new Set(receiver.at(e.path).map((r) => r.headers['webhook-id'])).size).toBe(2);
    const history = await deliveries(e.id);
    expect(history.map((d: { eventType: string }) => d.eventType)).toEqual(['invoice.paid', 'quote.accepted']);
    for (const d of history)
      expect(d).toMatchObject({ status: 'DELIVERED', attempts: 1, responseStatus: 204, lastError: null });
  });

  it("an account's endpoint hears only that account, and only the events it subscribed to", async () => {
    const a = await sentQuote('Listened To Ltd');
    const b = await sentQuote('Ignored Ltd');
    const e = await endpoint(['quote.rejected'], { accountId: a.account.id });
    expect(e.account).toEqual({ id: a.account.id });
    await b.contact.mutate(REJECT, { input: { id: b.quote.id, reason: 'PRICE' } });
    await a.contact.mutate(ACCEPT, { id: a.quote.id }); // accepted: not subscribed
    const file = await a.contact.mutate(FILE, {
      input: { type: 'OTHER', subject: 'Hello', details: 'A question about the invoice' },
    });
    expect(file.errors).toEqual([]);
    await t.app.services.webhookDispatcher.dispatchDue();
    expect(receiver.at(e.path)).toEqual([]);
    expect(await deliveries(e.id)).toEqual([]);
  });

  it('a receiver that fails twice then succeeds gets the same webhook-id three times; Retry-After is honoured', async () => {
    const e = await endpoint(['request.created']);
    receiver.answer(e.path, { status: 500, body: 'upstream down' }, { status: 503, headers: { 'retry-after': '120' } });
    const c = await customer(t, 'Retry Later SpA');
    const filed = (
      await c.contact.mutate(FILE, { input: { type: 'OTHER', subject: 'Retry', details: 'Please call back' } })
    ).data.fileServiceRequest;
    await arrived(e.path, 1);
    let [d] = await deliveries(e.id);
    expect(d).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      responseStatus: 500,
      lastError: 'HTTP 500: upstream down',
    });
    // The first retry waits 30 s give or take 20%.
    const wait = new Date(d.nextAttemptAt).getTime() - new Date(d.lastAttemptAt).getTime();
    expect(wait).toBeGreaterThanOrEqual(24_000);
    expect(wait).toBeLessThanOrEqual(36_000);
    await later(10_000);
    expect(receiver.at(e.path)).toHaveLength(1);

    await later(30_000);
    await arrived(e.path, 2);
    [d] = await deliveries(e.id);
    expect(d).toMatchObject({ status: 'PENDING', attempts: 2, responseStatus: 503 });
    const asked = new Date(d.nextAttemptAt).getTime() - new Date(d.lastAttemptAt).getTime();
    expect(asked).toBeGreaterThanOrEqual(120_000);
    expect(asked).toBeLessThan(125_000);
    await later(119_000);
    expect(receiver.at(e.path)).toHaveLength(2);
    await later(2_000);
    const received = await arrived(e.path, 3);

    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of received)
      expect(verified(r, e.secret)).toMatchObject({
        type: 'request.created',
        data: { object: 'service_request', id: filed.id, reference: filed.reference },
      });
    [d] = await deliveries(e.id);
    expect(d).toMatchObject({
      status: 'DELIVERED',
      attempts: 3,
      responseStatus: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(d.webhookId).toBe(received[0].headers['webhook-id']);

    // A redelivery is a new delivery of the same event: the same webhook-id again.
    const again = (await cas.mutate(REDELIVER, { deliveryId: d.id })).data.redeliverWebhook;
    expect(again).toMatchObject({ webhookId: d.webhookId, status: 'PENDING', attempts: 0 });
    const [, , , fourth] = await arrived(e.path, 4);
    expect(fourth.headers['webhook-id']).toBe(d.webhookId);
    expect(fourth.body).toBe(received[0].body);
  });

  it('a 4xx answer other than 408 and 429 is final', async () => {
    const e = await endpoint(['request.created']);
    receiver.answer(e.path, { status: 410, body: 'gone' });
    await cas.mutate(TEST, { endpointId: e.id });
    await arrived(e.path, 1);
    await later(48 * 3600_000);
    expect(receiver.at(e.path)).toHaveLength(1);
    expect((await deliveries(e.id))[0]).toMatchObject({ status: 'FAILED', attempts: 1, responseStatus: 410 });
  });

  it('a change that rolled back sends nothing, and of two racing decisions only the winner is sent', async () => {
    const e = await endpoint(['quote.accepted', 'quote.rejected', 'request.created']);
    const { account, contact, quote } = await sentQuote('Rolled Back Co');
    // An event published in a transaction that then fails leaves no trace.
    await expect(
      inTransaction(t.app.ds, async (tx) => {
        await t.app.services.events.publish(tx, {
          type: 'request.created',
          accountId: account.id,
          data: { object: 'service_request', id: randomUUID(), version: 1 },
        });
        throw new Error('the change failed after publishing');
      }),
    ).rejects.toThrow('the change failed');
    const calls = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? contact.mutate(ACCEPT, { id: quote.id })
        : contact.mutate(REJECT, { input: { id: quote.id, reason: 'PRICE' } }),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    await arrived(e.path, 1);
    await later(48 * 3600_000);
    expect(receiver.at(e.path)).toHaveLength(1);
    expect(verified(receiver.at(e.path)[0], e.secret).type).toMatch(/^quote\.(accepted|rejected)$/);
    expect(await deliveries(e.id)).toHaveLength(1);
  });

  // Row locks: SQLite runs one transaction at a time, so only MariaDB can interleave these.
  (mariadb ? it : it.skip)('an endpoint deleted while a change publishes to it costs the change nothing', async () => {
    const e = await endpoint(['quote.accepted']);
    const { contact, quote } = await sentQuote('Deleted Endpoint Co');
    // Account services' deletion of the endpoint, not yet committed when the change publishes.
    const deletion = t.app.ds.createQueryRunner();
    await deletion.connect();
    try {
      await deletion.startTransaction();
      await deletion.query('DELETE FROM webhook_endpoint WHERE id = ?', [e.id]);
      const accepting = contact.mutate(ACCEPT, { id: quote.id });
      // The acceptance waits for the deletion...
      await untilLockWait(deletion);
      // ...and goes through once the endpoint is gone, with nothing for it.
      await deletion.commitTransaction();
      const accepted = await accepting;
      expect(accepted.errors).toEqual([]);
      expect(accepted.data.acceptQuote.status).toBe('ACCEPTED');
    } finally {
      if (deletion.isTransactionActive) await deletion.rollbackTransaction();
      await deletion.release();
    }
    await later(3600_000);
    expect(receiver.at(e.path)).toEqual([]);
  });
});

describe('signing secrets', () => {
  it('after a rotation sign with both secrets during the overlap, then with the new one only', async () => {
    const e = await endpoint(['request.created']);
    const rotated = (await cas.mutate(ROTATE, { id: e.id })).data.rotateWebhookSecret;
    const fresh = rotated.secret as string;
    expect(fresh).not.toBe(e.secret);
    const overlap = new Date(rotated.endpoint.previousSecretExpiresAt).getTime() - t.clock.now().getTime();
    expect(Math.abs(overlap - 24 * 3600_000)).toBeLessThan(60_000);

    await cas.mutate(TEST, { endpointId: e.id });
    const [during] = await arrived(e.path, 1);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiesWith(during, e.secret)).toBe(true);
    expect(verifiesWith(during, fresh)).toBe(true);
    expect(verified(during, fresh)).toMatchObject({ type: 'webhook.test', data: { id: e.id } });

    await t.app.services.webhookDispatcher.settled();
    t.clock.advance({ ms: 24 * 3600_000 + 1000 });
    await cas.mutate(TEST, { endpointId: e.id });
    const [, after] = await arrived(e.path, 2);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesWith(after, fresh)).toBe(true);
    expect(verifiesWith(after, e.secret)).toBe(false);
    expect(verifiesWith(after, 'whsec_' + Buffer.alloc(32).toString('base64'))).toBe(false);
  });
});

describe('an endpoint that keeps failing', () => {
  it('is disabled after WEBHOOK_DISABLE_AFTER_HOURS, account services are e-mailed, and it can be enabled again', async () => {
    const e = await endpoint(['request.created']);
    receiver.answer(e.path, ...Array.from({ length: 20 }, () => ({ status: 500 })));
    await cas.mutate(TEST, { endpointId: e.id });
    await arrived(e.path, 1);
    let [state] = (await cas.query(ENDPOINTS)).data.webhookEndpoints;
    expect(state).toMatchObject({ status: 'ACTIVE', failingSince: expect.any(String) });

    await t.app.services.webhookDispatcher.settled();
    t.clock.advance({ hours: 73 });
    await cas.mutate(TEST, { endpointId: e.id });
    await t.app.services.webhookDispatcher.dispatchDue();
    await arrived(e.path, 2);
    [state] = (await cas.query(ENDPOINTS)).data.webhookEndpoints;
    expect(state).toMatchObject({ status: 'DISABLED', disabledReason: expect.stringContaining('72 hours') });
    const mail = await t.mailbox.waitFor((m) => m.subject === `Webhook endpoint disabled: ${e.url}`);
    expect(mail.to).toEqual(['cas-desk@vendor.test']);
    expect(mail.text).toContain('HTTP 500');
    // Nothing is sent while disabled: the two events wait.
    expect(codeOf(await cas.mutate(TEST, { endpointId: e.id }))).toBe('CONFLICT');
    const sent = receiver.at(e.path).length;
    await later(3600_000);
    expect(receiver.at(e.path)).toHaveLength(sent);
    expect(
      (await cas.query(DELIVERIES, { endpointId: e.id, status: 'PENDING' })).data.webhookDeliveries.totalCount,
    ).toBe(2);

    // Enabled again, it gets what waited.
    const enabled = (await cas.mutate(UPDATE, { input: { id: e.id, enabled: true } })).data.updateWebhookEndpoint;
    expect(enabled).toMatchObject({ status: 'ACTIVE', disabledReason: null, failingSince: null });
    await later(3600_000);
    await arrived(e.path, sent + 2);
  });
});

describe(`delivery${mariadb ? ' from two server processes' : ''}`, () => {
  let second: Run | undefined;
  afterAll(() => stop(second));

  it('sends each event once', async () => {
    const e = await endpoint(['request.created']);
    const clients: TestClient[] = [cas];
    if (mariadb) {
      second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
      clients.push(new TestClient(await listening(second), cas.accessToken));
    }
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => clients[i % clients.length].mutate(TEST, { endpointId: e.id })),
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    await arrived(e.path, 12);
    // Both dispatchers look again: nothing is sent twice.
    await t.app.services.webhookDispatcher.dispatchDue();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ids = receiver.at(e.path).map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    for (const r of receiver.at(e.path)) expect(verifiesWith(r, e.secret)).toBe(true);
  });
});
