import { randomUUID } from 'node:crypto';
import { gql } from '@apollo/client';
import { addDays, today } from '../../../src/common/dates';
import { Role } from '../../../src/common/roles';
import { ADD_METHOD, PAY } from '../../helpers/billing';
import { codeOf, TestClient } from '../../helpers/client';
import { listening, run, stop, type Run } from '../../helpers/process';
import { customer, ITALIAN } from '../../helpers/fixtures';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const FIELDS = `id number issueDate dueDate currency poNumber status overdue voidReason
  billTo { organisationName accountNumber contactName billingUserId city country }
  lines { position description productCode quantity taxRateBasisPoints periodStart periodEnd unitPrice { amountMinor } amount { amountMinor } tax { amountMinor } }
  subtotal { amountMinor formatted } tax { amountMinor } total { amountMinor formatted } amountPaid { amountMinor } balance { amountMinor }`;
const ISSUE = gql`
  mutation ($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) { ${FIELDS} }
  }
`;
const VOID = gql`
  mutation ($id: ID!, $reason: String!) {
    voidInvoice(id: $id, reason: $reason) {
      id
      status
      voidReason
      balance {
        amountMinor
      }
    }
  }
`;
const LIST = gql`
  query ($filter: InvoiceFilter, $first: Int, $after: String) {
    invoices(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          poNumber
          status
        }
      }
    }
  }
`;
const ASSIGN = gql`
  mutation ($accountId: ID!, $salesRepId: ID!) {
    assignSalesRep(accountId: $accountId, salesRepId: $salesRepId) {
      id
    }
  }
`;
const GET = gql`
  query ($id: ID!) {
    invoice(id: $id) { ${FIELDS} }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer();
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

const line = (over: Record<string, unknown> = {}) => ({
  description: 'Analytics seats',
  productCode: 'ANALYTICS',
  quantity: 3,
  unitPriceMinor: 335,
  taxRateBasisPoints: 2200,
  ...over,
});

describe("a rep's invoice list", () => {
  const mariadb = Boolean(process.env.TEST_DATABASE_URL);
  let second: Run | undefined;
  afterAll(() => stop(second));

  it(`follows the account to its new rep, invoices issued during the move included${mariadb ? ' (from two server processes)' : ''}`, async () => {
    const { account, rep } = await customer(t, 'Reassigned Spa', ITALIAN);
    const newRepUser = await t.user(Role.SALES_REP);
    const newRep = await t.loginAs(newRepUser);
    const ids = async (c: TestClient) =>
      ((await c.query(LIST, { first: 100 })).data.invoices.edges as Array<{ node: { id: string } }>)
        .map((e) => e.node.id)
        .sort();
    const before = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } })).data.issueInvoice;
    expect(await ids(rep)).toEqual([before.id]);
    expect(await ids(newRep)).toEqual([]);

    const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    const issuers: TestClient[] = [staff];
    if (mariadb) {
      second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
      issuers.push(new TestClient(await listening(second), staff.accessToken));
    }
    const [moved, ...issued] = await Promise.all([
      staff.mutate(ASSIGN, { accountId: account.id, salesRepId: newRepUser.id }),
      ...Array.from({ length: 6 }, (_, i) =>
        issuers[i % issuers.length].mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } }),
      ),
    ]);
    expect(moved.errors).toEqual([]);
    expect(issued.map((a) => a.errors)).toEqual(issued.map(() => []));
    expect(await ids(newRep)).toEqual([before.id, ...issued.map((a) => a.data.issueInvoice.id)].sort());
    expect(await ids(rep)).toEqual([]);
    expect(codeOf(await rep.query(GET, { id: before.id }))).toBe('NOT_FOUND');
  });

  singleProcess('costs the same number of SQL statements for 1 or 4 invoices, as for staff', async () => {
    const { account, rep } = await customer(t, 'Rep Statements Srl', ITALIAN);
    const q = `{ invoices(first: 20) { totalCount edges { node { number total { formatted } lines { description } payments { status } } } } }`;
    const issue = async () =>
      expect((await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line(), line()] } })).errors).toEqual(
        [],
      );
    await issue();
    const [repOne, casOne] = [await rep.raw(q), await cas.raw(q)];
    for (let i = 0; i < 3; i++) await issue();
    const [repFour, casFour] = [await rep.raw(q), await cas.raw(q)];
    expect(repOne.json.data.invoices.totalCount).toBe(1);
    expect(repFour.json.data.invoices.totalCount).toBe(4);
    expect(repFour.json.extensions.sqlStatements).toBe(repOne.json.extensions.sqlStatements);
    expect(casFour.json.extensions.sqlStatements).toBe(casOne.json.extensions.sqlStatements);
  });
});

describe('invoices', () => {
  it('are issued from lines with tax per line rounded half to even, due after the payment terms, with snapshots', async () => {
    const { account, user, contact, rep } = await customer(t, 'Stark Italia', ITALIAN);
    await contact.mutate(gql`
      mutation {
        createPurchaseOrder(
          input: { number: "PO-77", validFrom: "2000-01-01", expiresOn: "2999-12-31", makeDefault: true }
        ) {
          id
        }
      }
    `);
    const r = await rep.mutate(ISSUE, {
      input: {
        accountId: account.id,
        lines: [
          line(),
          line({
            description: 'Archive',
            productCode: 'ARCHIVE',
            quantity: 1,
            unitPriceMinor: 25,
            taxRateBasisPoints: 1000,
            periodStart: '2027-01-01',
            periodEnd: '2027-12-31',
          }),
        ],
      },
    });
    expect(r.errors).toEqual([]);
    const inv = r.data.issueInvoice;
    expect(inv).toMatchObject({
      number: expect.stringMatching(new RegExp(`^INV-${today().slice(0, 4)}-\\d{6}$`)),
      issueDate: today(),
      dueDate: addDays(today(), 30),
      currency: 'EUR',
      poNumber: 'PO-77',
      status: 'OPEN',
      overdue: false,
      billTo: {
        organisationName: 'Stark Italia',
        accountNumber: account.accountNumber,
        billingUserId: user.billingUserId,
        country: 'IT',
      },
    });
    // 3 × 3.35 = 10.05, tax 22% = 2.211 -> 2.21; 0.25 at 10% = 0.025 -> 0.02 (half to even).
    expect(inv.lines.map((l: any) => [l.amount.amountMinor, l.tax.amountMinor])).toEqual([
      [1005, 221],
      [25, 2],
    ]);
    expect(inv.subtotal.amountMinor).toBe(1030);
    expect(inv.tax.amountMinor).toBe(223);
    expect(inv.total).toEqual({ amountMinor: 1253, formatted: '12,53\u00a0€' });
    expect(inv.balance.amountMinor).toBe(1253);

    // Later edits to the PO or the Bill To never change an issued invoice.
    await contact.mutate(gql`
      mutation {
        updateBillTo(input: { city: "Torino" }) {
          id
        }
      }
    `);
    const again = await contact.query(GET, { id: inv.id });
    expect(again.data.invoice.billTo.city).toBe(inv.billTo.city);
  });

  singleProcess('are overdue once the server clock passes the due date', async () => {
    const { account, rep, contact } = await customer(t, 'Clockwork Srl', ITALIAN);
    const issued = await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } });
    expect(issued.data.issueInvoice).toMatchObject({ dueDate: addDays(today(), 30), overdue: false });
    const { id } = issued.data.issueInvoice;
    try {
      t.clock.advance({ days: 31 });
      expect((await contact.query(GET, { id })).data.invoice).toMatchObject({ status: 'OPEN', overdue: true });
    } finally {
      t.clock.reset();
    }
    expect((await contact.query(GET, { id })).data.invoice.overdue).toBe(false);
  });

  it('are numbered without gaps or duplicates when issued at the same time', async () => {
    const { account, rep } = await customer(t, 'Concurrent Spa', ITALIAN);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } })),
    );
    expect(answers.map((a) => a.errors)).toEqual(answers.map(() => []));
    const numbers = answers.map((a) => Number(a.data.issueInvoice.number.slice(-6))).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers.at(-1)! - numbers[0]).toBe(9);
  });

  it('refuse bad lines and accounts out of reach', async () => {
    const { account, rep, contact } = await customer(t, 'Refusals Srl', ITALIAN);
    expect(codeOf(await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [] } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line({ quantity: 0 })] } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(
        await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line({ taxRateBasisPoints: 10_001 })] } }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await rep.mutate(ISSUE, {
          input: { accountId: account.id, lines: [line({ periodStart: '2027-02-01', periodEnd: '2027-01-01' })] },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    const other = await customer(t, 'Someone Else Srl', ITALIAN);
    expect(codeOf(await rep.mutate(ISSUE, { input: { accountId: other.account.id, lines: [line()] } }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await contact.mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } }))).toBe(
      'FORBIDDEN',
    );
    expect((await contact.query(LIST, {})).data.invoices.totalCount).toBe(0);
  });

  it('are voided by account services only while unpaid', async () => {
    const { account, rep, contact } = await customer(t, 'Void Srl', ITALIAN);
    const inv = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [line()] } })).data.issueInvoice;
    expect(codeOf(await rep.mutate(VOID, { id: inv.id, reason: 'Wrong price' }))).toBe('FORBIDDEN');
    expect(codeOf(await cas.mutate(VOID, { id: inv.id, reason: '  ' }))).toBe('BAD_USER_INPUT');
    const voided = await cas.mutate(VOID, { id: inv.id, reason: 'Wrong price' });
    expect(voided.data.voidInvoice).toMatchObject({
      status: 'VOID',
      voidReason: 'Wrong price',
      balance: { amountMinor: 0 },
    });
    expect(codeOf(await cas.mutate(VOID, { id: inv.id, reason: 'Again' }))).toBe('CONFLICT');
    expect((await contact.query(GET, { id: inv.id })).data.invoice.status).toBe('VOID');
  });

  it('show a billing contact their last 20, newest first, searchable; staff the whole history', async () => {
    const { account, rep, contact } = await customer(t, 'History Srl', ITALIAN);
    for (let i = 0; i < 23; i++) {
      await rep.mutate(ISSUE, {
        input: {
          accountId: account.id,
          issueDate: addDays('2025-01-01', i),
          lines: [line()],
          purchaseOrderNumber: i === 5 ? 'PO-SPECIAL' : null,
        },
      });
    }
    const mine = (await contact.query(LIST, { first: 20 })).data.invoices;
    expect(mine.edges).toHaveLength(20);
    expect(mine.totalCount).toBe(20);
    expect(mine.pageInfo.hasNextPage).toBe(false);
    const numbers = mine.edges.map((e: any) => e.node.number);
    expect([...numbers].sort().reverse()).toEqual(numbers);
    expect(codeOf(await contact.query(LIST, { first: 21 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await contact.query(LIST, { first: 5, after: mine.pageInfo.endCursor }))).toBe('BAD_USER_INPUT');

    // Searches start at the beginning of the number or PO number, in any case.
    const byPo = (await contact.query(LIST, { filter: { search: 'po-spec' } })).data.invoices;
    expect(byPo.edges.map((e: any) => e.node.poNumber)).toEqual(['PO-SPECIAL']);
    expect((await contact.query(LIST, { filter: { search: 'special' } })).data.invoices.edges).toEqual([]);
    const byNumber = (await contact.query(LIST, { filter: { search: numbers[3].toLowerCase() } })).data.invoices;
    expect(byNumber.edges.map((e: any) => e.node.number)).toEqual([numbers[3]]);
    const byPrefix = (await contact.query(LIST, { filter: { search: numbers[3].slice(0, -1) } })).data.invoices;
    expect(byPrefix.edges.map((e: any) => e.node.number)).toContain(numbers[3]);
    expect(byPrefix.edges.every((e: any) => e.node.number.startsWith(numbers[3].slice(0, -1)))).toBe(true);
    expect((await contact.query(LIST, { filter: { status: 'PAID' } })).data.invoices.totalCount).toBe(0);

    const all = [];
    let after: string | null = null;
    do {
      const page: any = (await cas.query(LIST, { filter: { accountId: account.id }, first: 10, after })).data.invoices;
      all.push(...page.edges);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(all).toHaveLength(23);

    const stranger = (await customer(t, 'Stranger Srl', ITALIAN)).contact;
    expect(codeOf(await stranger.query(GET, { id: mine.edges[0].node.id }))).toBe('NOT_FOUND');
    expect((await stranger.query(LIST, {})).data.invoices.totalCount).toBe(0);
  });

  singleProcess(
    'list 20 invoices with their lines, payments and PO in a constant number of SQL statements',
    async () => {
      const { account, rep, contact } = await customer(t, 'Constant Srl', ITALIAN);
      const q = `{ invoices(first: 20) { edges { node { number poNumber pdfUrl total { formatted } lines { description amount { amountMinor } tax { amountMinor } }
      payments { status amount { formatted } paymentMethod { brand last4 } } } } } }`;
      const card = (
        await contact.mutate(ADD_METHOD, { input: { type: 'CARD', token: 'tok_sandbox_visa', makeDefault: true } })
      ).data.addPaymentMethod.id;
      const issueAndPay = async (lines: unknown[]) => {
        const invoice = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines } })).data.issueInvoice;
        const paid = await contact.mutate(PAY, {
          input: {
            invoiceId: invoice.id,
            amount: { amountMinor: 100, currency: 'EUR' },
            paymentMethodId: card,
            idempotencyKey: randomUUID(),
          },
        });
        expect(paid.errors).toEqual([]);
      };
      await issueAndPay([line()]);
      const one = await contact.raw(q);
      for (let i = 0; i < 5; i++) await issueAndPay([line(), line(), line()]);
      const six = await contact.raw(q);
      expect(six.json.data.invoices.edges).toHaveLength(6);
      expect(six.json.data.invoices.edges[0].node.payments).toEqual([
        {
          status: 'SUCCEEDED',
          amount: { formatted: expect.stringContaining('1,00') },
          paymentMethod: { brand: 'VISA', last4: '4242' },
        },
      ]);
      expect(six.json.extensions.sqlStatements).toBe(one.json.extensions.sqlStatements);

      // The invoice history as the portal's list reads it (amounts in minor units, no total):
      // the session, the page, the lines and the payments, and nothing else.
      const history = `{ invoices(first: 20) { edges { node { number status total { amountMinor } balance { amountMinor }
        lines { quantity amount { amountMinor } } payments { status amount { amountMinor } } } } } }`;
      const read = await contact.raw(history);
      expect(read.json.errors).toBeUndefined();
      expect(read.json.data.invoices.edges).toHaveLength(6);
      expect(read.json.data.invoices.edges.map((e: any) => e.node.lines.length)).toEqual([3, 3, 3, 3, 3, 1]);
      expect(read.json.data.invoices.edges[5].node.payments).toEqual([
        { status: 'SUCCEEDED', amount: { amountMinor: 100 } },
      ]);
      expect(read.json.extensions.sqlStatements).toBeLessThanOrEqual(4);
      // totalCount and formatted amounts are read only when asked for: one statement each.
      const counted = await contact.raw(history.replace('invoices(first: 20) {', 'invoices(first: 20) { totalCount'));
      expect(counted.json.data.invoices.totalCount).toBe(6);
      expect(counted.json.extensions.sqlStatements).toBe(read.json.extensions.sqlStatements + 1);
      const formatted = await contact.raw(history.replace('total { amountMinor }', 'total { amountMinor formatted }'));
      expect(formatted.json.data.invoices.edges[0].node.total.formatted).toMatch(/€/);
      expect(formatted.json.extensions.sqlStatements).toBe(read.json.extensions.sqlStatements + 1);
    },
  );
});
