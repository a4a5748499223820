import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, getNullableType, isListType, isObjectType, parse } from 'graphql';
import { addDays, oneYearFrom, today } from '../../src/common/dates';
import { LIST_SIZES, MAX_PAGE_SIZE, queryCost } from '../../src/http/query-cost';
import { PortalRole, Role } from '../../src/common/roles';
import { sampleW9Pdf } from '../../src/pdf/sample-w9';
import { customer } from '../helpers/fixtures';
import type { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The cost model agrees with the page caps: every list of the schema, at its
 * largest page (or holding as many items as its service allows) and with the
 * fields README shows for it, runs without an error under the default
 * GRAPHQL_MAX_COST; a page above the cap is refused by the list itself; and
 * documents that nest big lists are refused as QUERY_TOO_COSTLY before
 * anything runs.
 */

const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));
const later = addDays(today(), 20);

type Who = 'contact' | 'rep' | 'staff';
interface PageCase {
  /** The lists (`Type.field`) the query reads at their maximum. */
  lists: string[];
  who: Who;
  /** The README's query for the list, at the largest page `n`. */
  query: (n: number) => string;
  max: number;
  /** How many rows the answer holds (at least two, so nested fields ran). */
  rows: (data: any) => number;
}

const ACCOUNTS = (n: number) => `{ accounts(filter: { status: ACTIVE }, first: ${n}, after: null) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id accountNumber organisationName salesRep { displayName } billingContact { email } } } } }`;
const OVERVIEW = (n: number) => `{ account {
  accountNumber organisationName status currency locale paymentTermsDays billingFrequency
  billTo { contactName email companyName addressLine1 addressLine2 city region postalCode country phone }
  billingContact { displayName email } salesRep { displayName email }
  invoiceRecipients { id email name }
  subscription { status termStart termEnd autoRenew cancelAtTermEnd items { seats product { code name } } }
  pendingBillingContactChange { status newContact { displayName email } }
  activity(first: ${n}) { totalCount pageInfo { endCursor hasNextPage }
    edges { node { occurredAt action actorName actorRole changes { field from to } } } } } }`;
const INVOICES = (n: number) => `{ invoices(filter: { search: "INV-" }, first: ${n}) {
  totalCount edges { node { number issueDate dueDate overdue status poNumber total { formatted }
    lines { description quantity unitPrice { formatted } amount { formatted } tax { formatted } }
    payments { status amount { formatted } paymentMethod { brand last4 } } } } } }`;
const QUOTES = (
  n: number,
) => `{ quotes(filter: { status: SENT }, first: ${n}) { edges { node { id number revision status expiresOn
  total { formatted } lines { product { code name } seatChange unitPrice { formatted } amount { formatted } }
  effect { productCode seatsNow change seatsAfter } pdfUrl } } } }`;
const SECURITY_EVENTS = (n: number) => `{ securityEvents(filter: { type: LOGIN_SUCCEEDED }, first: ${n}) {
  edges { node { occurredAt type attemptedUserId clientAddress user { billingUserId } actor { billingUserId } detail } } } }`;
const SERVICE_REQUESTS = (n: number) => `{ serviceRequests(filter: { status: OPEN, type: OTHER }, first: ${n}) {
  totalCount edges { node { reference type status subject account { organisationName } } } } }`;

const edges = (key: string) => (d: any) => d[key].edges.length;

/** The paged lists (connections with `first`). */
const PAGES: PageCase[] = [
  { lists: ['Query.accounts'], who: 'staff', query: ACCOUNTS, max: MAX_PAGE_SIZE, rows: edges('accounts') },
  {
    lists: [
      'CorporateAccount.activity',
      'CorporateAccount.invoiceRecipients',
      'AccountSubscription.items',
      'AccountActivity.changes',
    ],
    who: 'contact',
    query: OVERVIEW,
    max: MAX_PAGE_SIZE,
    rows: (d) =>
      Math.min(
        d.account.activity.edges.length,
        d.account.invoiceRecipients.length,
        d.account.subscription.items.length,
      ),
  },
  {
    lists: ['Query.invoices', 'Invoice.lines', 'Invoice.payments'],
    who: 'staff',
    query: INVOICES,
    max: MAX_PAGE_SIZE,
    rows: edges('invoices'),
  },
  // A billing contact sees their last 20 invoices only.
  { lists: ['Query.invoices'], who: 'contact', query: INVOICES, max: 20, rows: edges('invoices') },
  {
    lists: ['Query.quotes', 'Quote.lines', 'Quote.effect'],
    who: 'contact',
    query: QUOTES,
    max: MAX_PAGE_SIZE,
    rows: edges('quotes'),
  },
  {
    lists: ['Query.securityEvents'],
    who: 'staff',
    query: SECURITY_EVENTS,
    max: MAX_PAGE_SIZE,
    rows: edges('securityEvents'),
  },
  {
    lists: ['Query.serviceRequests'],
    who: 'staff',
    query: SERVICE_REQUESTS,
    max: MAX_PAGE_SIZE,
    rows: edges('serviceRequests'),
  },
  {
    lists: ['Query.webhookDeliveries'],
    who: 'staff',
    query: (n) => `{ webhookDeliveries(endpointId: "${f.endpointId}", first: ${n}) {
      totalCount edges { node { webhookId eventType status attempts responseStatus lastError lastAttemptAt nextAttemptAt payload } } } }`,
    max: MAX_PAGE_SIZE,
    rows: edges('webhookDeliveries'),
  },
];

/** The lists without `first`: they hold what their service lets them hold. */
const LISTS: Array<Omit<PageCase, 'max' | 'query'> & { query: () => string }> = [
  {
    lists: ['CorporateAccount.purchaseOrders'],
    who: 'contact',
    query: () =>
      '{ account { purchaseOrders { number validFrom expiresOn status deactivated isDefault expiresSoon } } }',
    rows: (d) => d.account.purchaseOrders.length,
  },
  {
    lists: ['Query.products', 'Product.prices'],
    who: 'rep',
    query: () => '{ products(includeInactive: false) { id code name prices { amountMinor currency formatted } } }',
    rows: (d) => Math.min(d.products.length, Math.max(...d.products.map((p: any) => p.prices.length))),
  },
  {
    lists: ['Query.paymentMethods'],
    who: 'contact',
    query: () => '{ paymentMethods { id type isDefault brand last4 bankName } }',
    rows: (d) => d.paymentMethods.length,
  },
  {
    lists: ['Query.documents'],
    who: 'contact',
    query: () => '{ documents { id title kind countries sizeBytes sha256 downloadPath } }',
    rows: (d) => d.documents.length,
  },
  {
    lists: ['ServiceRequest.comments'],
    who: 'contact',
    query: () =>
      `{ serviceRequest(id: "${f.requestId}") { reference status resolutionNote comments { authorName authorRole body createdAt } } }`,
    rows: (d) => d.serviceRequest.comments.length,
  },
  {
    lists: ['Query.accountUsers'],
    who: 'contact',
    query: () => '{ accountUsers { id billingUserId displayName portalRole status isBillingContact } }',
    rows: (d) => d.accountUsers.length,
  },
  {
    lists: ['Query.webhookEndpoints'],
    who: 'staff',
    query: () => '{ webhookEndpoints { id url events status failingSince account { id } } }',
    rows: (d) => d.webhookEndpoints.length,
  },
];

/** 50 ISO 4217 currencies: a product priced in as many as it may be. */
const CURRENCIES = (
  'USD EUR GBP JPY CHF CAD AUD NZD SEK NOK DKK PLN CZK HUF RON BGN ISK TRY ILS ZAR BRL MXN ARS CLP COP ' +
  'PEN UYU INR CNY HKD SGD KRW TWD THB MYR IDR PHP VND AED SAR QAR KWD BHD OMR JOD EGP MAD NGN KES GHS'
).split(' ');

let t: TestServer;
const clients = {} as Record<Who, TestClient>;
let f: { accountId: string; requestId: string; productIds: string[]; endpointId: string };

const ok = async (client: TestClient, query: string, variables: Record<string, unknown> = {}) => {
  const r = await client.raw(query, variables);
  if (r.json.errors) throw new Error(`fixture failed: ${query.slice(0, 120)}: ${JSON.stringify(r.json.errors)}`);
  return r.json.data;
};
const line = (i: number) => ({
  description: `Seats, part ${i}`,
  productCode: 'ANALYTICS',
  quantity: 2,
  unitPriceMinor: 1000 + i,
  taxRateBasisPoints: 2200,
});

beforeAll(async () => {
  // Webhook endpoints on a closed local port: their deliveries stay in the outbox, nothing leaves the machine.
  t = await startTestServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_ALLOW_HTTP: 'true' });
  const { account, contact, rep } = await customer(t, 'Page Limits Corp');
  const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  Object.assign(clients, { contact, rep, staff });
  await t.user(Role.BILLING_CONTACT, { accountId: account.id, portalRole: PortalRole.PAYER });
  await t.account('Page Limits Second Ltd');
  await t.account('Page Limits Third Ltd');

  // Catalogue and subscription.
  const priced = (code: string, prices: Array<{ currency: string; unitPriceMinor: number }>) =>
    ok(rep, `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { code, name: `${code} seat`, prices },
    });
  expect(CURRENCIES.length).toBeGreaterThanOrEqual(LIST_SIZES['Product.prices']);
  const prices = CURRENCIES.slice(0, LIST_SIZES['Product.prices']).map((currency, i) => ({
    currency,
    unitPriceMinor: 120000 + i,
  }));
  const p1 = (await priced('PL-ANALYTICS', prices)).createProduct.id;
  const p2 = (await priced('PL-ARCHIVE', [{ currency: 'USD', unitPriceMinor: 9900 }])).createProduct.id;
  await ok(
    rep,
    `mutation($a: ID!, $input: CreateSubscriptionInput!) { createSubscription(accountId: $a, input: $input) { id } }`,
    {
      a: account.id,
      input: {
        termStart: today(),
        termEnd: oneYearFrom(today()),
        items: [
          { productId: p1, seats: 25 },
          { productId: p2, seats: 10 },
        ],
      },
    },
  );

  // Purchase orders, invoice recipients, requests and their thread, documents.
  for (const n of [1, 2])
    await ok(
      contact,
      `mutation { addInvoiceRecipient(input: { email: "ap${n}@page-limits.example", name: "AP ${n}" }) { id } }`,
    );
  for (const n of [1, 2])
    await ok(
      contact,
      `mutation { createPurchaseOrder(input: { number: "PO-PL-${n}", validFrom: "${today()}", expiresOn: "${later}" }) { id } }`,
    );
  const requestId = (
    await ok(
      contact,
      'mutation { fileServiceRequest(input: { type: OTHER, subject: "Page limits", details: "A question" }) { id } }',
    )
  ).fileServiceRequest.id;
  await ok(
    contact,
    'mutation { fileServiceRequest(input: { type: OTHER, subject: "Another", details: "And another" }) { id } }',
  );
  await ok(staff, 'mutation($id: ID!) { commentOnServiceRequest(id: $id, body: "Which one?") { id } }', {
    id: requestId,
  });
  await ok(contact, 'mutation($id: ID!) { commentOnServiceRequest(id: $id, body: "The first") { id } }', {
    id: requestId,
  });
  for (const [title, kind, countries] of [
    ['Form W-9', 'W9', 'US'],
    ['Vendor form', 'VENDOR_FORM', ''],
  ]) {
    const res = await fetch(
      `${t.url}/documents?title=${encodeURIComponent(title)}&kind=${kind}&countries=${countries}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${staff.accessToken}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(await sampleW9Pdf()),
      },
    );
    expect(res.status).toBe(201);
  }

  // Payment methods (a card first: the default) and invoices: one with as many lines as an invoice may have, paid in part.
  const card = (
    await ok(contact, 'mutation { addPaymentMethod(input: { type: CARD, token: "tok_sandbox_visa" }) { id } }')
  ).addPaymentMethod.id;
  await ok(contact, 'mutation { addPaymentMethod(input: { type: WIRE_TRANSFER }) { id } }');
  const issue = (lines: unknown[]) =>
    ok(rep, 'mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { id } }', {
      input: { accountId: account.id, lines },
    });
  const big = (await issue(Array.from({ length: LIST_SIZES['Invoice.lines'] }, (_, i) => line(i)))).issueInvoice.id;
  await issue([line(1), line(2), line(3)]);
  await issue([line(4), line(5)]);
  await ok(contact, 'mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { id } }', {
    input: {
      invoiceId: big,
      amount: { amountMinor: 5000, currency: 'USD' },
      paymentMethodId: card,
      idempotencyKey: 'page-limits-card-1',
    },
  });
  await ok(staff, 'mutation($input: RecordOfflinePaymentInput!) { recordOfflinePayment(input: $input) { id } }', {
    input: {
      invoiceId: big,
      amount: { amountMinor: 7000, currency: 'USD' },
      method: 'WIRE_TRANSFER',
      reference: 'WIRE PL 1',
      receivedOn: today(),
      idempotencyKey: 'page-limits-wire-1',
    },
  });

  // Two sent quotes, each adding seats of one product and removing seats of the other.
  for (const note of ['first', 'second']) {
    const id = (
      await ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
        input: {
          accountId: account.id,
          expiresOn: later,
          note,
          lines: [
            { productId: p1, seatChange: 5, discountBasisPoints: 1000 },
            { productId: p2, seatChange: -2 },
          ],
        },
      })
    ).createQuote.id;
    await ok(rep, 'mutation($id: ID!) { sendQuote(id: $id) { id } }', { id });
  }
  const endpoints: string[] = [];
  for (const n of [1, 2])
    endpoints.push(
      (
        await ok(
          staff,
          `mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:1/hooks/${n}", events: ["request.created"] }) { endpoint { id } } }`,
        )
      ).createWebhookEndpoint.endpoint.id,
    );
  for (let n = 0; n < 3; n++)
    await ok(staff, 'mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }', { id: endpoints[0] });
  f = { accountId: account.id, requestId, productIds: [p1, p2], endpointId: endpoints[0] };
}, 120_000);
afterAll(() => t.stop());

/** The first error of an answer, with the cost the model gives its document (to read a failure). */
const failure = (r: { status: number; json: any }, query: string, variables?: Record<string, unknown>) => ({
  status: r.status,
  error: r.json.errors?.[0] ? `${r.json.errors[0].extensions?.code}: ${r.json.errors[0].message}` : undefined,
  cost: queryCost(schema, parse(query), { variables }),
});

describe('the cost model and the page caps', () => {
  it('covers every list of the schema', () => {
    const paged: string[] = [];
    const plain: string[] = [];
    for (const type of Object.values(schema.getTypeMap()))
      if (isObjectType(type) && !type.name.startsWith('__'))
        for (const field of Object.values(type.getFields())) {
          const name = `${type.name}.${field.name}`;
          if (field.args.some((a) => a.name === 'first')) paged.push(name);
          else if (
            isListType(getNullableType(field.type)) &&
            isObjectType(getNamedType(field.type)) &&
            !(field.name === 'edges' && type.name.endsWith('Connection'))
          )
            plain.push(name);
        }
    // This file runs every list of the schema.
    const tested = new Set([...PAGES, ...LISTS].flatMap((c) => c.lists));
    expect([...paged, ...plain].filter((l) => !tested.has(l))).toEqual([]);
    // The model has a size for every list without first, and none for a list that is gone.
    expect(plain.sort()).toEqual(Object.keys(LIST_SIZES).sort());
  });

  it.each(PAGES.map((c) => [c.lists[0], c.who, c] as const))(
    'runs %s at its largest page as %s, with the README fields',
    async (_name, who, c) => {
      const query = c.query(c.max);
      const r = await clients[who].raw(query);
      expect(failure(r, query)).toMatchObject({ status: 200, error: undefined });
      expect(c.rows(r.json.data)).toBeGreaterThanOrEqual(2);
    },
  );

  it.each(LISTS.map((c) => [c.lists[0], c.who, c] as const))(
    'runs %s as %s, with the README fields',
    async (_name, who, c) => {
      const query = c.query();
      const r = await clients[who].raw(query);
      expect(failure(r, query)).toMatchObject({ status: 200, error: undefined });
      expect(c.rows(r.json.data)).toBeGreaterThanOrEqual(2);
    },
  );

  it('holds real rows at the largest sizes the services allow', async () => {
    const invoices = (await ok(clients.staff, INVOICES(MAX_PAGE_SIZE))).invoices;
    expect(Math.max(...invoices.edges.map((e: any) => e.node.lines.length))).toBe(LIST_SIZES['Invoice.lines']);
    expect(Math.max(...invoices.edges.map((e: any) => e.node.payments.length))).toBe(2);
    const products = (await ok(clients.rep, LISTS[1].query())).products;
    expect(Math.max(...products.map((p: any) => p.prices.length))).toBe(LIST_SIZES['Product.prices']);
  });

  it.each(PAGES.map((c) => [c.lists[0], c.who, c] as const))(
    "refuses %s one page above its cap as %s, with the list's own code",
    async (_name, who, c) => {
      const r = await clients[who].raw(c.query(c.max + 1));
      expect(r.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.json.errors[0].message).toMatch(new RegExp(`first must (be at most|not be greater than) ${c.max}`));
    },
  );

  it('refuses, when they are written, more items than the model counts in each list without first', async () => {
    const { contact, rep, staff } = clients;
    // Invoice recipients and payment methods: fill up to the limit, then one more.
    const recipients = (await ok(contact, OVERVIEW(1))).account.invoiceRecipients.length;
    for (let i = recipients; i < LIST_SIZES['CorporateAccount.invoiceRecipients']; i++)
      await ok(
        contact,
        `mutation { addInvoiceRecipient(input: { email: "more${i}@page-limits.example", name: "AP ${i}" }) { id } }`,
      );
    const overview = await contact.raw(OVERVIEW(MAX_PAGE_SIZE));
    expect(failure(overview, OVERVIEW(MAX_PAGE_SIZE))).toMatchObject({ status: 200, error: undefined });
    expect(overview.json.data.account.invoiceRecipients).toHaveLength(LIST_SIZES['CorporateAccount.invoiceRecipients']);
    const recipient = await contact.raw(
      'mutation { addInvoiceRecipient(input: { email: "one.more@page-limits.example" }) { id } }',
    );
    expect(recipient.json.errors?.[0]?.extensions?.code).toBe('RECIPIENT_LIMIT');

    const methods = (await ok(contact, '{ paymentMethods { id } }')).paymentMethods.length;
    for (let i = methods; i < LIST_SIZES['Query.paymentMethods']; i++)
      await ok(contact, 'mutation { addPaymentMethod(input: { type: CARD, token: "tok_sandbox_mastercard" }) { id } }');
    const list = await contact.raw(LISTS[2].query());
    expect(failure(list, LISTS[2].query())).toMatchObject({ status: 200, error: undefined });
    expect(list.json.data.paymentMethods).toHaveLength(LIST_SIZES['Query.paymentMethods']);
    const method = await contact.raw(
      'mutation { addPaymentMethod(input: { type: CARD, token: "tok_sandbox_amex" }) { id } }',
    );
    expect(method.json.errors?.[0]?.extensions?.code).toBe('PAYMENT_METHOD_LIMIT');

    // Lines of an invoice and of a quote, items of a subscription, prices of a product: refused as input.
    const tooMany = async (client: TestClient, query: string, variables: Record<string, unknown>, size: number) => {
      const r = await client.raw(query, variables);
      expect(r.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.json.errors[0].message).toMatch(new RegExp(`no more than ${size} elements`));
    };
    const lines = LIST_SIZES['Invoice.lines'] + 1;
    await tooMany(
      rep,
      'mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { id } }',
      { input: { accountId: f.accountId, lines: Array.from({ length: lines }, (_, i) => line(i)) } },
      lines - 1,
    );
    const quoteLines = LIST_SIZES['Quote.lines'] + 1;
    await tooMany(
      rep,
      'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }',
      {
        input: {
          accountId: f.accountId,
          expiresOn: later,
          lines: Array.from({ length: quoteLines }, () => ({ productId: f.productIds[0], seatChange: 1 })),
        },
      },
      quoteLines - 1,
    );
    const items = LIST_SIZES['AccountSubscription.items'] + 1;
    const other = await t.account('Page Limits Fourth Ltd');
    await tooMany(
      staff,
      'mutation($a: ID!, $input: CreateSubscriptionInput!) { createSubscription(accountId: $a, input: $input) { id } }',
      {
        a: other.id,
        input: {
          termStart: today(),
          termEnd: oneYearFrom(today()),
          items: Array.from({ length: items }, () => ({ productId: f.productIds[1], seats: 1 })),
        },
      },
      items - 1,
    );
    const prices = LIST_SIZES['Product.prices'] + 1;
    await tooMany(
      rep,
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      {
        input: {
          code: 'PL-TOO-MANY',
          name: 'Too many prices',
          prices: Array.from({ length: prices }, () => ({ currency: 'USD', unitPriceMinor: 1 })),
        },
      },
      prices - 1,
    );
  });
});

describe('costly documents', () => {
  let authStatements: number;
  beforeAll(async () => {
    authStatements = (await clients.staff.raw('{ __typename }')).json.extensions.sqlStatements;
  });

  // Every row has its variables (jest would take a missing third argument for `done`).
  const refused: Array<[string, string, Record<string, unknown> | undefined]> = [
    [
      'a page of 100 with nested lists in nested lists',
      '{ invoices(first: 100) { edges { node { payments { invoice { lines { id description } payments { id } } } } } } }',
      undefined,
    ],
    [
      'pages of 100 inside pages of 100 with their lists',
      '{ accounts(first: 100) { edges { node { activity(first: 100) { edges { node { changes { field from to } } } } } } } }',
      undefined,
    ],
    [
      'page sizes given as variables',
      'query($n: Int!) { accounts(first: $n) { edges { node { activity(first: $n) { edges { node { action changes { field } } } } } } } }',
      { n: 100 },
    ],
    [
      'lists spread through fragments',
      'query { accounts(first: 100) { edges { node { ...Account } } } } ' +
        'fragment Account on CorporateAccount { purchaseOrders { number status validFrom expiresOn ceiling { formatted } } activity(first: 100) { edges { node { id changes { field } } } } }',
      undefined,
    ],
  ];

  it.each(refused)('refuses %s as QUERY_TOO_COSTLY before anything runs', async (_name, query, variables) => {
    const r = await clients.staff.raw(query, variables);
    expect(r.status).toBe(400);
    expect(r.json.data).toBeUndefined();
    const error = r.json.errors?.[0];
    expect(error?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    const { maxCost } = t.app.config.graphql;
    expect(maxCost).toBe(250_000); // the default
    expect(error.extensions).toMatchObject({ maxCost, cost: queryCost(schema, parse(query), { variables }) });
    expect(error.extensions.cost).toBeGreaterThan(maxCost);
    expect(error.message).toContain(
      `Query Cost limit of ${maxCost} exceeded: this query costs ${error.extensions.cost}`,
    );
    expect(r.json.extensions.sqlStatements).toBe(authStatements);
  });

  it('refuses a fragment bomb as QUERY_TOO_COSTLY when the depth limit lets it through', async () => {
    // Each fragment spreads the next one twice: 2^15 selections from a few hundred characters.
    let query = 'query { ...F0 }';
    for (let i = 0; i < 15; i++) query += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
    query += ' fragment F15 on Query { me { id } }';
    expect((await clients.staff.raw(query)).json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP'); // armor counts spreads as depth
    const deep = await startTestServer({ GRAPHQL_MAX_DEPTH: '50' });
    try {
      const client = await deep.loginAs(await deep.user(Role.ACCOUNT_SERVICES));
      const auth = (await client.raw('{ __typename }')).json.extensions.sqlStatements;
      const r = await client.raw(query);
      expect(r.status).toBe(400);
      expect(r.json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
      expect(r.json.errors[0].message).toMatch(/too many fields once its fragments are expanded/);
      expect(r.json.extensions.sqlStatements).toBe(auth);
    } finally {
      await deep.stop();
    }
  });

  it('counts page sizes given as variables: the same document with small pages runs', async () => {
    const r = await clients.staff.raw(refused[2][1], { n: 2 });
    expect(failure(r, refused[2][1], { n: 2 })).toMatchObject({ status: 200, error: undefined });
    expect(r.json.data.accounts.edges.length).toBe(2);
  });
});
