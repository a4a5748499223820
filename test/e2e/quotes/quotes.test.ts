import { gql } from '@apollo/client';
import { addDays, oneYearFrom, today } from '../../../src/common/dates';
import { Role } from '../../../src/common/roles';
import { codeOf, TestClient } from '../../helpers/client';
import { catalogue, customer, ITALIAN } from '../../helpers/fixtures';
import { ACTIVITY } from '../../helpers/operations';
import { readPdfs } from '../../helpers/pdf-text';
import { listening, run, stop, type Run } from '../../helpers/process';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const FIELDS = `id number revision status expiresOn note poNumber rejectReason rejectComment
  subtotal { amountMinor formatted } tax { amountMinor } total { amountMinor }
  lines { position seatChange discountBasisPoints periodStart periodEnd product { code } listUnitPrice { amountMinor } unitPrice { amountMinor } amount { amountMinor } tax { amountMinor } }
  effect { productCode seatsNow change seatsAfter }
  invoice { number poNumber lines { productCode quantity unitPrice { amountMinor } } total { amountMinor } }`;
const CREATE = gql`
  mutation Create($input: CreateQuoteInput!) {
    createQuote(input: $input) { ${FIELDS} }
  }
`;
const UPDATE = gql`
  mutation Update($id: ID!, $input: QuoteDraftInput!) {
    updateQuote(id: $id, input: $input) { ${FIELDS} }
  }
`;
const SEND = gql`
  mutation Send($id: ID!) {
    sendQuote(id: $id) {
      id
      status
    }
  }
`;
const WITHDRAW = gql`
  mutation Withdraw($id: ID!) {
    withdrawQuote(id: $id) {
      id
      status
    }
  }
`;
const REVISE = gql`
  mutation Revise($id: ID!) {
    reviseQuote(id: $id) {
      id
      number
      revision
      status
    }
  }
`;
const DELETE = gql`
  mutation Delete($id: ID!) {
    deleteQuote(id: $id)
  }
`;
const ACCEPT = gql`
  mutation Accept($id: ID!, $po: String) {
    acceptQuote(id: $id, purchaseOrderNumber: $po) { ${FIELDS} }
  }
`;
const REJECT = gql`
  mutation Reject($input: RejectQuoteInput!) {
    rejectQuote(input: $input) {
      id
      status
      rejectReason
      rejectComment
    }
  }
`;
const GET = gql`
  query Get($id: ID!) {
    quote(id: $id) { ${FIELDS} pdfUrl }
  }
`;
const LIST = gql`
  query List($filter: QuoteFilter) {
    quotes(filter: $filter, first: 50) {
      totalCount
      edges {
        node {
          id
          number
          revision
          status
        }
      }
    }
  }
`;
const SEATS = gql`
  query Seats($id: ID) {
    account(id: $id) {
      subscription {
        items {
          seats
          product {
            code
          }
        }
      }
    }
  }
`;
const INVOICES = gql`
  query Invoices {
    invoices(first: 20) {
      totalCount
      edges {
        node {
          number
          poNumber
        }
      }
    }
  }
`;

let t: TestServer;
let cas: TestClient;
let products: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer({ TAX_RATES: 'IT=2200', PUBLIC_URL: 'https://billing.example' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  products = await catalogue(t, { ANALYTICS: { prices: { EUR: 120_000 } }, ARCHIVE: { prices: { EUR: 9_900 } } });
});
afterAll(() => t.stop());
afterEach(() => t.clock.reset());

/** An Italian account with its rep, an active contact and a one-year subscription of 10 ANALYTICS and 5 ARCHIVE seats. */
const subscribed = (name: string) =>
  customer(t, name, {
    ...ITALIAN,
    subscription: {
      items: [
        { productId: products.ANALYTICS, seats: 10 },
        { productId: products.ARCHIVE, seats: 5 },
      ],
    },
  });

const draft = (accountId: string, lines: Array<Record<string, unknown>>, over: Record<string, unknown> = {}) => ({
  input: {
    accountId,
    expiresOn: addDays(today(), 14),
    note: 'Prezzi validi per il rinnovo anticipato',
    lines,
    ...over,
  },
});
const seatsOf = async (c: TestClient, accountId: string) =>
  Object.fromEntries(
    (await c.query(SEATS, { id: accountId })).data.account.subscription.items.map(
      (i: { seats: number; product: { code: string } }) => [i.product.code, i.seats],
    ),
  );

describe('quotes', () => {
  it('go from the rep to the billing contact, who accepts: seats change and one invoice is issued with the PO', async () => {
    const { account, rep, repUser, contact, user: contactUser } = await subscribed('Quotata Srl');
    const created = await rep.mutate(CREATE, draft(account.id, [{ productId: products.ANALYTICS, seatChange: 3 }]));
    expect(created.errors).toEqual([]);
    const q = created.data.createQuote;
    expect(q).toMatchObject({
      number: expect.stringMatching(new RegExp(`^QT-${today().slice(0, 4)}-\\d{5}$`)),
      revision: 1,
      status: 'DRAFT',
    });

    // Drafts are invisible to the contact, also in the account's activity trail.
    expect(codeOf(await contact.query(GET, { id: q.id }))).toBe('NOT_FOUND');
    expect((await contact.query(LIST)).data.quotes.totalCount).toBe(0);
    const trail = async () =>
      JSON.stringify((await contact.query(ACTIVITY, { id: account.id, first: 50 })).data.account.activity);
    expect(await trail()).not.toContain(q.number);
    // One line per product, so the seat change and the invoice agree.
    expect(
      codeOf(
        await rep.mutate(UPDATE, {
          id: q.id,
          input: {
            expiresOn: addDays(today(), 14),
            lines: [
              { productId: products.ANALYTICS, seatChange: 5 },
              { productId: products.ANALYTICS, seatChange: -5 },
            ],
          },
        }),
      ),
    ).toBe('BAD_USER_INPUT');

    const updated = await rep.mutate(UPDATE, {
      id: q.id,
      input: {
        expiresOn: addDays(today(), 14),
        note: 'Sconto del 10%',
        lines: [
          { productId: products.ANALYTICS, seatChange: 5, discountBasisPoints: 1000 },
          { productId: products.ARCHIVE, seatChange: -2 },
        ],
      },
    });
    expect(updated.errors).toEqual([]);
    // A full year of the catalogue price (1 200,00 €) less 10%, for 5 seats; the removed seats cost nothing; 22% IVA.
    expect(updated.data.updateQuote).toMatchObject({
      note: 'Sconto del 10%',
      subtotal: { amountMinor: 540_000 },
      tax: { amountMinor: 118_800 },
      total: { amountMinor: 658_800 },
      lines: [
        {
          seatChange: 5,
          discountBasisPoints: 1000,
          periodStart: today(),
          periodEnd: oneYearFrom(today()),
          product: { code: 'ANALYTICS' },
          listUnitPrice: { amountMinor: 120_000 },
          unitPrice: { amountMinor: 108_000 },
          amount: { amountMinor: 540_000 },
        },
        { seatChange: -2, product: { code: 'ARCHIVE' }, amount: { amountMinor: 0 } },
      ],
      effect: [
        { productCode: 'ANALYTICS', seatsNow: 10, change: 5, seatsAfter: 15 },
        { productCode: 'ARCHIVE', seatsNow: 5, change: -2, seatsAfter: 3 },
      ],
    });

    expect((await rep.mutate(SEND, { id: q.id })).data.sendQuote.status).toBe('SENT');
    expect(await trail()).toContain(q.number);
    const sent = await t.mailbox.waitFor((m) => m.subject.startsWith(`Nuovo preventivo ${q.number} rev. 1`));
    expect(sent.to).toEqual([contactUser.email]);
    expect(sent.text).toContain(`https://billing.example/quotes/${q.id}`);
    expect(
      codeOf(
        await rep.mutate(UPDATE, {
          id: q.id,
          input: { expiresOn: addDays(today(), 3), lines: [{ productId: products.ARCHIVE, seatChange: 1 }] },
        }),
      ),
    ).toBe('QUOTE_NOT_DRAFT');

    const seen = (await contact.query(GET, { id: q.id })).data.quote;
    expect(seen).toMatchObject({ status: 'SENT', total: { amountMinor: 658_800 } });

    const accepted = await contact.mutate(ACCEPT, { id: q.id, po: 'PO-Q-1' });
    expect(accepted.errors).toEqual([]);
    expect(accepted.data.acceptQuote).toMatchObject({
      status: 'ACCEPTED',
      poNumber: 'PO-Q-1',
      invoice: {
        poNumber: 'PO-Q-1',
        lines: [{ productCode: 'ANALYTICS', quantity: 5, unitPrice: { amountMinor: 108_000 } }],
        total: { amountMinor: 658_800 },
      },
    });
    expect(await seatsOf(contact, account.id)).toEqual({ ANALYTICS: 15, ARCHIVE: 3 });
    expect((await contact.query(INVOICES)).data.invoices.totalCount).toBe(1);
    expect(codeOf(await contact.mutate(ACCEPT, { id: q.id }))).toBe('QUOTE_NOT_PENDING');
    expect(codeOf(await contact.mutate(REJECT, { input: { id: q.id, reason: 'PRICE' } }))).toBe('QUOTE_NOT_PENDING');

    const toContact = await t.mailbox.waitFor((m) => m.subject === `Preventivo ${q.number} rev. 1 accettato`);
    expect(toContact.to).toEqual([contactUser.email]);
    const toRep = await t.mailbox.waitFor((m) => m.subject === `Quote ${q.number} rev. 1 accepted by Quotata Srl`);
    expect(toRep.to).toEqual([repUser.email]);
    expect(toRep.text).toContain(accepted.data.acceptQuote.invoice.number);

    // The effect stays as it was decided.
    expect((await contact.query(GET, { id: q.id })).data.quote.effect[0]).toEqual({
      productCode: 'ANALYTICS',
      seatsNow: 10,
      change: 5,
      seatsAfter: 15,
    });
    expect(codeOf(await rep.mutate(DELETE, { id: q.id }))).toBe('QUOTE_NOT_DRAFT');
  });

  it('are rejected with a reason, e-mailed to the rep', async () => {
    const { account, rep, repUser, contact } = await subscribed('Rifiuto Srl');
    const q = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: 2 }]))).data
      .createQuote;
    await rep.mutate(SEND, { id: q.id });
    expect(codeOf(await contact.mutate(REJECT, { input: { id: q.id, reason: 'TOO_EXPENSIVE' } }))).toBe(
      'BAD_USER_INPUT',
    );
    const r = await contact.mutate(REJECT, { input: { id: q.id, reason: 'PRICE', comment: 'Budget frozen until Q3' } });
    expect(r.data.rejectQuote).toEqual({
      id: q.id,
      status: 'REJECTED',
      rejectReason: 'PRICE',
      rejectComment: 'Budget frozen until Q3',
    });
    const mail = await t.mailbox.waitFor((m) => m.subject === `Quote ${q.number} rev. 1 rejected by Rifiuto Srl`);
    expect(mail.to).toEqual([repUser.email]);
    expect(mail.text).toContain('Reason: PRICE (Budget frozen until Q3)');
    expect(await seatsOf(contact, account.id)).toEqual({ ANALYTICS: 10, ARCHIVE: 5 });
    expect((await contact.query(INVOICES)).data.invoices.totalCount).toBe(0);
  });

  singleProcess(
    'cannot be sent or accepted after their expiry date, nor sent when seats would go below zero',
    async () => {
      const { account, rep, contact } = await subscribed('Scaduto Srl');
      const late = (
        await rep.mutate(
          CREATE,
          draft(account.id, [{ productId: products.ARCHIVE, seatChange: 1 }], { expiresOn: addDays(today(), -1) }),
        )
      ).data.createQuote;
      expect(codeOf(await rep.mutate(SEND, { id: late.id }))).toBe('QUOTE_EXPIRED');
      const tooMany = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: -6 }])))
        .data.createQuote;
      const below = await rep.mutate(SEND, { id: tooMany.id });
      expect(codeOf(below)).toBe('SEATS_BELOW_ZERO');
      expect(below.errors[0].extensions!.productId).toBe(products.ARCHIVE);
      expect((await rep.query(GET, { id: tooMany.id })).data.quote.status).toBe('DRAFT');

      const q = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: 1 }]))).data
        .createQuote;
      await rep.mutate(SEND, { id: q.id });
      // Time passes: the expiry date (in 14 days) is now yesterday.
      t.clock.advance({ days: 15 });
      expect((await contact.query(GET, { id: q.id })).data.quote.status).toBe('EXPIRED');
      expect(
        (await contact.query(LIST, { filter: { status: 'EXPIRED' } })).data.quotes.edges.map(
          (e: { node: { id: string } }) => e.node.id,
        ),
      ).toEqual([q.id]);
      expect((await contact.query(LIST, { filter: { status: 'SENT' } })).data.quotes.totalCount).toBe(0);
      expect(codeOf(await contact.mutate(ACCEPT, { id: q.id }))).toBe('QUOTE_EXPIRED');
      expect(await seatsOf(contact, account.id)).toEqual({ ANALYTICS: 10, ARCHIVE: 5 });
      t.clock.reset();

      // A quote whose priced term has already ended cannot be accepted either.
      const stale = (
        await rep.mutate(
          CREATE,
          draft(account.id, [
            {
              productId: products.ARCHIVE,
              seatChange: 1,
              periodStart: addDays(today(), -30),
              periodEnd: addDays(today(), -1),
            },
          ]),
        )
      ).data.createQuote;
      await rep.mutate(SEND, { id: stale.id });
      expect(codeOf(await contact.mutate(ACCEPT, { id: stale.id }))).toBe('QUOTE_EXPIRED');

      // Without an active subscription there is nothing for a quote to change.
      const cancelled = await cas.mutate(
        gql`
          mutation ($accountId: ID!) {
            cancelSubscription(accountId: $accountId, input: { immediately: true, reason: "Closed" }) {
              status
            }
          }
        `,
        { accountId: account.id },
      );
      expect(cancelled.errors).toEqual([]);
      const orphan = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: 1 }])))
        .data.createQuote;
      expect(codeOf(await rep.mutate(SEND, { id: orphan.id }))).toBe('CONFLICT');
    },
  );

  it('are withdrawn or revised by the rep; a superseded revision cannot be accepted', async () => {
    const { account, rep, contact, user: contactUser } = await subscribed('Revisione Srl');
    const w = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: 1 }]))).data
      .createQuote;
    await rep.mutate(SEND, { id: w.id });
    expect((await rep.mutate(WITHDRAW, { id: w.id })).data.withdrawQuote.status).toBe('WITHDRAWN');
    expect((await t.mailbox.waitFor((m) => m.subject === `Preventivo ${w.number} rev. 1 ritirato`)).to).toEqual([
      contactUser.email,
    ]);
    expect(codeOf(await contact.mutate(ACCEPT, { id: w.id }))).toBe('QUOTE_NOT_PENDING');

    const first = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ANALYTICS, seatChange: 2 }]))).data
      .createQuote;
    await rep.mutate(SEND, { id: first.id });
    const second = (await rep.mutate(REVISE, { id: first.id })).data.reviseQuote;
    expect(second).toMatchObject({ number: first.number, revision: 2, status: 'DRAFT' });
    expect((await contact.query(GET, { id: first.id })).data.quote.status).toBe('SUPERSEDED');
    expect(codeOf(await contact.mutate(ACCEPT, { id: first.id }))).toBe('QUOTE_NOT_PENDING');
    await rep.mutate(UPDATE, {
      id: second.id,
      input: { expiresOn: addDays(today(), 7), lines: [{ productId: products.ANALYTICS, seatChange: 1 }] },
    });
    await rep.mutate(SEND, { id: second.id });
    // Pending first, then newest first.
    const list = (await contact.query(LIST)).data.quotes.edges.map(
      (e: { node: { number: string; revision: number; status: string } }) => [e.node.revision, e.node.status],
    );
    expect(list).toEqual([
      [2, 'SENT'],
      [1, 'SUPERSEDED'],
      [1, 'WITHDRAWN'],
    ]);
    expect((await contact.mutate(ACCEPT, { id: second.id })).data.acceptQuote.status).toBe('ACCEPTED');
    expect(await seatsOf(contact, account.id)).toEqual({ ANALYTICS: 11, ARCHIVE: 5 });

    const scratch = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ARCHIVE, seatChange: 1 }]))).data
      .createQuote;
    expect((await rep.mutate(DELETE, { id: scratch.id })).data.deleteQuote).toBe(true);
    expect(codeOf(await rep.query(GET, { id: scratch.id }))).toBe('NOT_FOUND');
  });

  it('of another account are NOT_FOUND, and a rep not assigned to the account cannot create or send its quotes', async () => {
    const mine = await subscribed('Mia Srl');
    const other = await subscribed('Altra Srl');
    const q = (await mine.rep.mutate(CREATE, draft(mine.account.id, [{ productId: products.ARCHIVE, seatChange: 1 }])))
      .data.createQuote;
    expect(
      codeOf(await other.rep.mutate(CREATE, draft(mine.account.id, [{ productId: products.ARCHIVE, seatChange: 1 }]))),
    ).toBe('NOT_FOUND');
    expect(codeOf(await other.rep.mutate(SEND, { id: q.id }))).toBe('NOT_FOUND');
    expect(
      codeOf(
        await other.rep.mutate(UPDATE, {
          id: q.id,
          input: { expiresOn: addDays(today(), 3), lines: [{ productId: products.ARCHIVE, seatChange: 9 }] },
        }),
      ),
    ).toBe('NOT_FOUND');
    await mine.rep.mutate(SEND, { id: q.id });
    expect(codeOf(await other.contact.query(GET, { id: q.id }))).toBe('NOT_FOUND');
    expect(codeOf(await other.contact.mutate(ACCEPT, { id: q.id }))).toBe('NOT_FOUND');
    expect(
      codeOf(
        await mine.contact.mutate(CREATE, draft(mine.account.id, [{ productId: products.ARCHIVE, seatChange: 1 }])),
      ),
    ).toBe('FORBIDDEN');
    expect(codeOf(await mine.rep.mutate(ACCEPT, { id: q.id }))).toBe('FORBIDDEN');
    // Account services may act for any account.
    expect((await cas.mutate(WITHDRAW, { id: q.id })).data.withdrawQuote.status).toBe('WITHDRAWN');
  });

  it('print as a PDF by a signed link, in the account language', async () => {
    const { account, rep, contact } = await subscribed('Stampa Srl');
    const q = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ANALYTICS, seatChange: 4 }]))).data
      .createQuote;
    const draftUrl = new URL((await rep.query(GET, { id: q.id })).data.quote.pdfUrl);
    expect(
      (await fetch(`${t.url}${draftUrl.pathname}`, { headers: { authorization: `Bearer ${contact.accessToken}` } }))
        .status,
    ).toBe(404);
    await rep.mutate(SEND, { id: q.id });
    const url = new URL((await contact.query(GET, { id: q.id })).data.quote.pdfUrl);
    expect(url.pathname).toBe(`/quotes/${q.id}.pdf`);
    const res = await fetch(`${t.url}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const [pdf] = await readPdfs([Buffer.from(await res.arrayBuffer())]);
    for (const expected of [
      'Preventivo',
      `${q.number} rev. 1`,
      'Stampa Srl',
      'ANALYTICS',
      '+4',
      'Postazioni attuali',
      '10 +4 14',
      '4800,00 €',
      'Valido fino al',
    ])
      expect(pdf.text).toContain(expected);
    expect(
      (
        await fetch(
          `${t.url}${url.pathname}${url.search.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 60}`)}`,
        )
      ).status,
    ).toBe(403);
  });

  singleProcess('list with lines and effect in a constant number of SQL statements', async () => {
    const { account, rep, contact } = await subscribed('Costante Srl');
    const q = `{ quotes(first: 20) { edges { node { number status total { formatted } lines { seatChange product { code } amount { amountMinor } } effect { productCode seatsAfter } } } } }`;
    const make = async () => {
      const c = (
        await rep.mutate(
          CREATE,
          draft(account.id, [
            { productId: products.ANALYTICS, seatChange: 1 },
            { productId: products.ARCHIVE, seatChange: 1 },
          ]),
        )
      ).data.createQuote;
      await rep.mutate(SEND, { id: c.id });
    };
    await make();
    const one = await contact.raw(q);
    for (let i = 0; i < 4; i++) await make();
    const five = await contact.raw(q);
    expect(five.json.data.quotes.edges).toHaveLength(5);
    expect(five.json.extensions.sqlStatements).toBe(one.json.extensions.sqlStatements);
  });
});

describe('concurrent decisions', () => {
  const mariadb = Boolean(process.env.TEST_DATABASE_URL);
  let second: Run | undefined;
  afterAll(async () => {
    await stop(second);
  });

  it(`on one quote make exactly one transition, one seat change and at most one invoice${mariadb ? ', from two server processes' : ''}`, async () => {
    const { account, rep, contact } = await subscribed('Corsa Srl');
    const q = (await rep.mutate(CREATE, draft(account.id, [{ productId: products.ANALYTICS, seatChange: 7 }]))).data
      .createQuote;
    await rep.mutate(SEND, { id: q.id });
    const clients: TestClient[] = [contact];
    if (mariadb) {
      second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
      clients.push(new TestClient(await listening(second), contact.accessToken));
    }
    const calls = Array.from({ length: 20 }, (_, i) => {
      const client = clients[i % clients.length];
      return i % 2 === 0
        ? client.mutate(ACCEPT, { id: q.id })
        : client.mutate(REJECT, { input: { id: q.id, reason: 'TIMING' } });
    });
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.errors.length === 0);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.errors.length > 0).map(codeOf)).toEqual(Array(19).fill('QUOTE_NOT_PENDING'));
    const final = (await contact.query(GET, { id: q.id })).data.quote.status;
    const seats = await seatsOf(contact, account.id);
    const invoices = (await contact.query(INVOICES)).data.invoices.totalCount;
    if (final === 'ACCEPTED') {
      expect(seats.ANALYTICS).toBe(17);
      expect(invoices).toBe(1);
    } else {
      expect(final).toBe('REJECTED');
      expect(seats.ANALYTICS).toBe(10);
      expect(invoices).toBe(0);
    }
  });
});
