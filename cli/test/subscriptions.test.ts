import { addDays, oneYearFrom, today } from '../../src/common/dates';
import { Role } from '../../src/common/roles';
import { catalogue, customer } from '../../test/helpers/fixtures';
import { graphql } from '../../test/helpers/graphql';
import { cliSuite, JOURNEY_MS } from './helpers/suite';

/** Account services and reps keep an account's subscription from the CLI, and read its purchase orders. */
const SUBSCRIPTION = graphql(`
  query CliTestSubscription {
    account {
      status
      subscription {
        status
        termStart
        termEnd
        autoRenew
        cancelAtTermEnd
        cancelReason
      }
    }
  }
`);
const CREATE_PO = graphql(`
  mutation CliTestCreatePo($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      id
    }
  }
`);

const suite = cliSuite();
let product: string;
beforeAll(async () => {
  product = (await catalogue(suite.t, { CLISEAT: { name: 'CLI seat', prices: { USD: 100_000 } } })).CLISEAT;
});

describe('corp-billing subscriptions', () => {
  it(
    'shows a subscription, cancels it only when confirmed, and reactivates it for a new term',
    async () => {
      const staff = await suite.loggedIn(await suite.t.user(Role.ACCOUNT_SERVICES));
      const { account, contact } = await customer(suite.t, 'Renewal Partners Inc', {
        subscription: { items: [{ productId: product, seats: 12 }] },
      });
      const now = async () => (await contact.query(SUBSCRIPTION)).data.account;

      const shown = await staff.json(['subscriptions', 'show', account.id]);
      expect(shown).toMatchObject({
        status: 'ACTIVE',
        termStart: today(),
        termEnd: oneYearFrom(today()),
        autoRenew: true,
        cancelAtTermEnd: false,
        items: [{ seats: 12, product: { id: product, code: 'CLISEAT', name: 'CLI seat' } }],
      });
      expect(JSON.stringify(shown)).not.toContain('__typename');
      const table = await staff.run(['subscriptions', 'show', account.id]);
      expect(table.stderr).toBe(`Renewal Partners Inc (${account.accountNumber})\n`);
      expect(table.stdout).toMatch(/^Status\s+ACTIVE$/m);
      expect(table.stdout).toMatch(new RegExp(`^Term\\s+${today()} to ${oneYearFrom(today())}$`, 'm'));
      expect(table.stdout).toMatch(/^Seats\s+12 × CLISEAT \(CLI seat\)$/m);

      // Without a terminal, cancelling needs --yes; without it nothing changes.
      const unconfirmed = await staff.run(['subscriptions', 'cancel', account.id, '--reason', 'Budget']);
      expect(unconfirmed).toMatchObject({ code: 2, stdout: '' });
      expect(unconfirmed.stderr).toBe(
        `corp-billing: Cancel the subscription of account ${account.id} at the end of its term? Run it again with --yes to confirm.\n`,
      );
      expect((await now()).subscription).toMatchObject({ status: 'ACTIVE', cancelAtTermEnd: false, autoRenew: true });
      expect((await staff.run(['subscriptions', 'cancel', account.id, '--yes'])).code).toBe(2); // --reason is needed

      const atTermEnd = await staff.run(['subscriptions', 'cancel', account.id, '--reason', 'Budget', '--yes']);
      expect(atTermEnd.code).toBe(0);
      expect(atTermEnd.stderr).toBe(`The subscription ends with its term on ${oneYearFrom(today())}.\n`);
      expect(atTermEnd.stdout).toMatch(/^Cancel at term end\s+yes$/m);
      expect((await now()).subscription).toMatchObject({
        status: 'ACTIVE',
        cancelAtTermEnd: true,
        autoRenew: false,
        cancelReason: 'Budget',
      });
      const twice = await staff.run(['subscriptions', 'cancel', account.id, '--reason', 'Budget', '--yes']);
      expect(twice).toMatchObject({ code: 6, stdout: '' });
      expect(twice.stderr).toMatch(/^corp-billing: CONFLICT: /);

      const cancelled = await staff.json([
        ...['subscriptions', 'cancel', account.id, '--reason', 'Moved to a competitor', '--immediately', '--yes'],
      ]);
      expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: 'Moved to a competitor' });
      expect(cancelled.cancelledAt).toEqual(expect.any(String));
      expect(await now()).toMatchObject({ status: 'CANCELLED', subscription: { status: 'CANCELLED' } });

      const termEnd = addDays(oneYearFrom(today()), 30);
      const bad = await staff.run(['subscriptions', 'reactivate', account.id, '--term-end', '31/12/2027']);
      expect(bad).toMatchObject({ code: 2, stdout: '' });
      expect((await now()).subscription?.status).toBe('CANCELLED');
      const reactivated = await staff.run(['subscriptions', 'reactivate', account.id, '--term-end', termEnd]);
      expect(reactivated.code).toBe(0);
      expect(reactivated.stderr).toBe(`The subscription is active from ${today()} to ${termEnd}.\n`);
      expect(await now()).toMatchObject({
        status: 'ACTIVE',
        subscription: { status: 'ACTIVE', termStart: today(), termEnd, autoRenew: true, cancelReason: null },
      });
      // An active subscription cannot be reactivated.
      const active = await staff.run(['subscriptions', 'reactivate', account.id]);
      expect(active.code).toBe(6);

      // --dry-run prints the mutation and changes nothing.
      const dry = await staff.ok([
        'subscriptions',
        'cancel',
        account.id,
        '--reason',
        'Test',
        '--immediately',
        '--dry-run',
      ]);
      expect(dry).toContain('mutation CliCancelSubscription');
      expect(dry).toContain('"immediately": true');
      expect((await now()).subscription?.status).toBe('ACTIVE');
    },
    JOURNEY_MS,
  );

  it('says when an account has no subscription or is out of reach', async () => {
    const { account, repUser } = await customer(suite.t, 'No Subscription Ltd');
    const rep = await suite.loggedIn(repUser);
    const none = await rep.run(['subscriptions', 'show', account.id]);
    expect(none).toMatchObject({ code: 5, stdout: '' });
    expect(none.stderr).toBe(
      `corp-billing: NOT_FOUND: account ${account.accountNumber} (No Subscription Ltd) has no subscription\n`,
    );
    const other = await customer(suite.t, 'Someone Else Inc', {
      subscription: { items: [{ productId: product, seats: 1 }] },
    });
    const hidden = await rep.run(['subscriptions', 'cancel', other.account.id, '--reason', 'Mine now', '--yes']);
    expect(hidden.code).toBe(5);
    expect(hidden.stderr).not.toContain('Someone Else');
  });
});

describe('corp-billing pos', () => {
  it("lists an account's purchase orders with their dates, status, default and expiry warning", async () => {
    const { account, repUser, contact } = await customer(suite.t, 'Purchase Order Co');
    for (const input of [
      {
        number: 'PO-SOON',
        description: 'Licences',
        validFrom: addDays(today(), -30),
        expiresOn: addDays(today(), 10),
        ceilingMinor: 5_000_000,
        makeDefault: true,
      },
      { number: 'PO-NEXT', validFrom: addDays(today(), 11), expiresOn: addDays(today(), 376) },
    ])
      expect((await contact.mutate(CREATE_PO, { input })).errors).toEqual([]);

    const rep = await suite.loggedIn(repUser);
    const pos = await rep.json(['pos', 'list', account.id]);
    expect(pos).toEqual([
      expect.objectContaining({
        number: 'PO-NEXT',
        status: 'UPCOMING',
        isDefault: false,
        expiresSoon: false,
        deactivated: false,
        ceiling: null,
      }),
      expect.objectContaining({
        number: 'PO-SOON',
        validFrom: addDays(today(), -30),
        expiresOn: addDays(today(), 10),
        status: 'ACTIVE',
        isDefault: true,
        expiresSoon: true,
        ceiling: { amountMinor: 5_000_000, currency: 'USD' },
      }),
    ]);
    const table = await rep.ok(['purchase-orders', 'list', account.id]);
    const [header, ...rows] = table.trimEnd().split('\n');
    expect(header).toMatch(
      /^Id\s+Number\s+Valid from\s+Expires on\s+Status\s+Default\s+Expires soon\s+Ceiling\s+Description$/,
    );
    expect(rows[1]).toMatch(
      new RegExp(
        `PO-SOON\\s+${addDays(today(), -30)}\\s+${addDays(today(), 10)}\\s+ACTIVE\\s+yes\\s+yes\\s+50000\\.00 USD\\s+Licences$`,
      ),
    );

    const stranger = await suite.loggedIn(await suite.t.user(Role.SALES_REP));
    expect((await stranger.run(['pos', 'list', account.id])).code).toBe(5);
    expect((await stranger.run(['pos', 'list'])).code).toBe(2);
  });
});
