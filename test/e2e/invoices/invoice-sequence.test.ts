import { gql } from '@apollo/client';
import { addDays, today } from '../../../src/common/dates';
import { Role } from '../../../src/common/roles';
import { plainLine } from '../../helpers/billing';
import { customer } from '../../helpers/fixtures';
import { codeOf, type TestClient } from '../../helpers/client';
import { startTestServer, type TestServer } from '../../helpers/server';

/**
 * Invoice numbers follow issue dates within a year (INV-<year>-…, a legal
 * requirement in Italy): an invoice dated before the latest of its year is
 * refused with INVOICE_DATE_OUT_OF_SEQUENCE and takes no number.
 */
const ISSUE = gql`
  mutation ($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) {
      id
      number
      issueDate
      status
    }
  }
`;
const VOID = gql`
  mutation ($id: ID!, $reason: String!) {
    voidInvoice(id: $id, reason: $reason) {
      status
    }
  }
`;
const LIST = gql`
  query ($filter: InvoiceFilter, $first: Int) {
    invoices(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          number
          issueDate
        }
      }
    }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer();
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

const issue = (client: TestClient, accountId: string, issueDate?: string) =>
  client.mutate(ISSUE, { input: { accountId, ...(issueDate ? { issueDate } : {}), lines: [plainLine(10_000)] } });

async function invoicesOf(accountId: string): Promise<Array<{ number: string; issueDate: string }>> {
  const r = await cas.query(LIST, { filter: { accountId }, first: 100 });
  expect(r.errors).toEqual([]);
  return r.data.invoices.edges
    .map((e: { node: { number: string; issueDate: string } }) => e.node)
    .sort((a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number));
}

describe('invoice numbers follow issue dates', () => {
  it('refuse an issue date before the latest invoice of its year, taking no number, and keep other years apart', async () => {
    const { account, rep } = await customer(t, 'Sequenza Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' });
    const first = await issue(rep, account.id, '2025-03-10');
    expect(first.errors).toEqual([]);
    expect(first.data.issueInvoice).toMatchObject({ number: 'INV-2025-000001', issueDate: '2025-03-10' });

    const early = await issue(rep, account.id, '2025-03-09');
    expect(codeOf(early)).toBe('INVOICE_DATE_OUT_OF_SEQUENCE');
    expect(early.errors[0].extensions).toMatchObject({ latestIssueDate: '2025-03-10', field: 'issueDate' });
    expect(early.data).toBeNull();

    // Nothing was taken: the same day gets the next number.
    const sameDay = await issue(rep, account.id, '2025-03-10');
    expect(sameDay.data.issueInvoice.number).toBe('INV-2025-000002');

    // A voided invoice keeps its number and its date in the sequence.
    const later = (await issue(rep, account.id, '2025-04-01')).data.issueInvoice;
    expect(later.number).toBe('INV-2025-000003');
    expect((await cas.mutate(VOID, { id: later.id, reason: 'Wrong price' })).data.voidInvoice.status).toBe('VOID');
    const afterVoid = await issue(rep, account.id, '2025-03-20');
    expect(codeOf(afterVoid)).toBe('INVOICE_DATE_OUT_OF_SEQUENCE');
    expect(afterVoid.errors[0].extensions?.latestIssueDate).toBe('2025-04-01');

    // Another year is another series; today is always allowed, a future date never.
    expect((await issue(rep, account.id, '2024-12-31')).data.issueInvoice.number).toBe('INV-2024-000001');
    const now = await issue(rep, account.id);
    expect(now.errors).toEqual([]);
    expect(now.data.issueInvoice.issueDate).toBe(today());
    const future = await issue(rep, account.id, addDays(today(), 1));
    expect(codeOf(future)).toBe('BAD_USER_INPUT');
    expect(future.errors[0].extensions?.field).toBe('issueDate');

    expect(await invoicesOf(account.id)).toEqual([
      { number: 'INV-2024-000001', issueDate: '2024-12-31' },
      { number: 'INV-2025-000001', issueDate: '2025-03-10' },
      { number: 'INV-2025-000002', issueDate: '2025-03-10' },
      { number: 'INV-2025-000003', issueDate: '2025-04-01' },
      { number: now.data.issueInvoice.number, issueDate: today() },
    ]);
  });

  it('hold when invoices of one year with different dates are issued at the same time', async () => {
    // Several accounts, since issuing for one account runs under its lock.
    const customers: Array<Awaited<ReturnType<typeof customer>>> = [];
    for (let i = 0; i < 8; i++)
      customers.push(await customer(t, `Concorrenza ${i} Srl`, { country: 'IT', currency: 'EUR', locale: 'it-IT' }));
    expect((await issue(customers[0].rep, customers[0].account.id, '2023-05-03')).data.issueInvoice.number).toBe(
      'INV-2023-000001',
    );

    // Interleaved: before the latest (always refused), on it (refused once a later one got in), after it (always issued).
    const dates = Array.from({ length: 24 }, (_, i) => ['2023-05-04', '2023-05-02', '2023-05-05', '2023-05-03'][i % 4]);
    const answers = await Promise.all(
      dates.map((date, i) => issue(customers[i % 8].rep, customers[i % 8].account.id, date)),
    );

    const issued: string[] = [];
    answers.forEach((a, i) => {
      if (a.errors.length === 0) {
        issued.push(a.data.issueInvoice.number);
        return;
      }
      expect(codeOf(a)).toBe('INVOICE_DATE_OUT_OF_SEQUENCE');
      expect(dates[i] < (a.errors[0].extensions?.latestIssueDate as string)).toBe(true);
    });
    dates.forEach((date, i) => {
      if (date === '2023-05-02') expect(codeOf(answers[i])).toBe('INVOICE_DATE_OUT_OF_SEQUENCE');
      if (date === '2023-05-05') expect(answers[i].errors).toEqual([]);
    });

    // Every number taken belongs to an issued invoice, without gaps, and the dates never go back.
    const all = (await Promise.all(customers.map((c) => invoicesOf(c.account.id))))
      .flat()
      .filter((i) => i.number.startsWith('INV-2023-'))
      .sort((a, b) => a.number.localeCompare(b.number));
    expect(all.map((i) => i.number)).toEqual(
      Array.from({ length: issued.length + 1 }, (_, n) => `INV-2023-${String(n + 1).padStart(6, '0')}`),
    );
    const issueDates = all.map((i) => i.issueDate);
    expect([...issueDates].sort()).toEqual(issueDates);
  });
});
