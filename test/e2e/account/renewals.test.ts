import { gql } from '@apollo/client';
import { addDays, addMonths, oneYearFrom, today } from '../../../src/common/dates';
import { systemContext } from '../../../src/context';
import { BillingFrequency } from '../../../src/modules/account/corporate-account.entity';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import { catalogue, customer, ITALIAN } from '../../helpers/fixtures';
import { cli } from '../../helpers/process';
import { startTestServer, type TestServer } from '../../helpers/server';

const SUBSCRIPTION = gql`
  query Subscription($id: ID) {
    account(id: $id) {
      subscription {
        termStart
        termEnd
        autoRenew
      }
    }
  }
`;
const INVOICES = gql`
  query Invoices {
    invoices(first: 20) {
      edges {
        node {
          id
          number
          status
          issueDate
          subtotal {
            amountMinor
          }
          tax {
            amountMinor
          }
          lines {
            productCode
            quantity
            unitPrice {
              amountMinor
            }
            taxRateBasisPoints
            periodStart
            periodEnd
          }
        }
      }
    }
  }
`;
const CANCEL = gql`
  mutation Cancel($accountId: ID!, $input: CancelSubscriptionInput!) {
    cancelSubscription(accountId: $accountId, input: $input) {
      id
      cancelAtTermEnd
    }
  }
`;
const VOID = gql`
  mutation Void($id: ID!, $reason: String!) {
    voidInvoice(id: $id, reason: $reason) {
      id
    }
  }
`;

let t: TestServer;
let cas: TestClient;
let products: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer({ TAX_RATES: 'IT=2200' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  products = await catalogue(t, {
    'RENEW-A': { name: 'RENEW-A seat', prices: { EUR: 120_000 } },
    'RENEW-B': { name: 'RENEW-B seat', prices: { EUR: 10_001 } },
  });
});
afterAll(() => t.stop());

/** An Italian account billed quarterly whose subscription term ends in `daysLeft` days, with a logged-in contact. */
async function subscribed(name: string, daysLeft: number, extra: { autoRenew?: boolean } = {}) {
  const termEnd = addDays(today(), daysLeft);
  const { account, contact } = await customer(t, name, {
    ...ITALIAN,
    billingFrequency: BillingFrequency.QUARTERLY,
    subscription: {
      termStart: addDays(termEnd, -364),
      termEnd,
      items: [
        { productId: products['RENEW-A'], seats: 3 },
        { productId: products['RENEW-B'], seats: 2 },
      ],
      ...extra,
    },
  });
  return { account, contact, termEnd };
}

const runRenewals = (asOf?: string) =>
  t.app.services.renewals.run(systemContext(t.app.services, 'test-renewals'), asOf);
const invoicesOf = async (contact: TestClient) =>
  (await contact.query(INVOICES)).data.invoices.edges.map((e: { node: unknown }) => e.node);

describe('renewals', () => {
  it('issue one renewal invoice per term, also when two runs overlap, and move the term when it starts', async () => {
    const { account, contact, termEnd } = await subscribed('Rinnovo Srl', 20);
    const far = await subscribed('Lontano Srl', 45);

    if (process.env.TEST_DATABASE_URL) {
      // Two `npm run jobs:renewals` processes at once on the same database.
      const runs = await Promise.all([cli('jobs-renewals.js', [], t.env), cli('jobs-renewals.js', [], t.env)]);
      for (const r of runs)
        expect(r).toMatchObject({
          code: 0,
          // A line of its own: the run that waits for the other's start-up lock logs that first.
          out: expect.stringMatching(/^Renewal invoices issued: [01]; terms started: 0/m),
        });
      expect(runs.map((r) => /issued: (\d)/.exec(r.out)![1]).sort()).toEqual(['0', '1']);
    } else {
      const runs = await Promise.all([runRenewals(), runRenewals()]);
      expect(runs.map((r) => r.issued).sort()).toEqual([0, 1]);
    }
    expect(await runRenewals()).toEqual({ issued: 0, applied: 0, cancelled: 0 });

    const start = addDays(termEnd, 1);
    const [invoice, ...others] = await invoicesOf(contact);
    expect(others).toEqual([]);
    expect(invoice).toMatchObject({
      status: 'OPEN',
      issueDate: today(),
      // A quarter of the yearly price per seat, half to even: 120 000 / 4 and 10 001 / 4 = 2 500.25.
      subtotal: { amountMinor: 3 * 30_000 + 2 * 2_500 },
      lines: [
        {
          productCode: 'RENEW-A',
          quantity: 3,
          unitPrice: { amountMinor: 30_000 },
          taxRateBasisPoints: 2200,
          periodStart: start,
          periodEnd: addDays(addMonths(start, 3), -1),
        },
        {
          productCode: 'RENEW-B',
          quantity: 2,
          unitPrice: { amountMinor: 2_500 },
          taxRateBasisPoints: 2200,
          periodStart: start,
          periodEnd: addDays(addMonths(start, 3), -1),
        },
      ],
    });
    await t.mailbox.waitFor((m) => m.subject.startsWith(`Fattura ${invoice.number}`));
    expect(await invoicesOf(far.contact)).toEqual([]);

    // On the first day of the new term the subscription moves to it, once, also when two runs overlap.
    const starts = await Promise.all([runRenewals(start), runRenewals(start)]);
    expect(starts.map((r) => r.applied).sort()).toEqual([0, 1]);
    expect((await contact.query(SUBSCRIPTION, { id: account.id })).data.account.subscription).toEqual({
      termStart: start,
      termEnd: oneYearFrom(start),
      autoRenew: true,
    });
    expect(await runRenewals(start)).toMatchObject({ applied: 0, issued: 0 });
  });

  it('skip subscriptions that do not renew, and cancel renewals that no longer hold', async () => {
    const manual = await subscribed('Manuale Srl', 10, { autoRenew: false });
    const voided = await subscribed('Annullato Srl', 10);
    const leaving = await subscribed('Uscente Srl', 10);
    await runRenewals();
    expect(await invoicesOf(manual.contact)).toEqual([]);

    // Staff void the renewal invoice: at the term start the renewal is cancelled and auto-renew ends,
    // so the subscription ends with its term instead of staying active past it.
    const [invoice] = await invoicesOf(voided.contact);
    expect((await cas.mutate(VOID, { id: invoice.id, reason: 'Customer will not renew' })).errors).toEqual([]);
    // The customer cancels at term end after the renewal invoice went out: it is voided at the term start.
    const [leavingInvoice] = await invoicesOf(leaving.contact);
    expect(
      (
        await cas.mutate(CANCEL, {
          accountId: leaving.account.id,
          input: { immediately: false, reason: 'Moving to another vendor' },
        })
      ).errors,
    ).toEqual([]);

    const start = addDays(voided.termEnd, 1);
    expect(await runRenewals(start)).toMatchObject({ cancelled: 2, applied: 0 });
    expect(
      (await voided.contact.query(SUBSCRIPTION, { id: voided.account.id })).data.account.subscription,
    ).toMatchObject({
      termEnd: voided.termEnd,
      autoRenew: false,
    });
    expect((await invoicesOf(leaving.contact)).find((i: { id: string }) => i.id === leavingInvoice.id).status).toBe(
      'VOID',
    );
    expect((await runRenewals(start)).issued).toBe(0);
    expect(codeOf(await voided.contact.mutate(VOID, { id: invoice.id, reason: 'x' }))).toBe('FORBIDDEN');
  });

  it('are also run by the server on its schedule', async () => {
    // The renewal set up below must exist before the first pass, 3 s after start.
    const server = await startTestServer({ JOBS_INTERVAL_MINUTES: '60' }, { jobsFirstRunDelayMs: 3_000 });
    const [previous, previousCas] = [t, cas];
    t = server;
    try {
      cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
      products = await catalogue(t, {
        'RENEW-A': { name: 'RENEW-A', prices: { EUR: 1_200 } },
        'RENEW-B': { name: 'RENEW-B', prices: { EUR: 1_200 } },
      });
      const { contact } = await subscribed('Programmato Srl', 5);
      const deadline = Date.now() + 10_000;
      while (!t.logs.some((l) => l.msg === 'scheduled jobs ran') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(t.logs.find((l) => l.msg === 'scheduled jobs ran')).toMatchObject({ jobs: { renewals: { issued: 1 } } });
      expect(await invoicesOf(contact)).toHaveLength(1);
    } finally {
      [t, cas] = [previous, previousCas];
      await server.stop();
    }
  });
});
