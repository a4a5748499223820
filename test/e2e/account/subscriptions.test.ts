import { gql } from '@apollo/client';
import { systemContext } from '../../../src/context';
import { inTransaction } from '../../../src/common/transactions';
import { Role } from '../../../src/common/roles';
import { Subscription } from '../../../src/modules/subscriptions/subscription.entity';
import { codeOf, type TestClient } from '../../helpers/client';
import { ACTIVITY } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const CREATE_PRODUCT = gql`
  mutation ($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      code
      active
      prices {
        amountMinor
        currency
        formatted
      }
    }
  }
`;
const UPDATE_PRODUCT = gql`
  mutation ($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
      active
      prices {
        amountMinor
        currency
      }
    }
  }
`;
const PRODUCTS = gql`
  query ($all: Boolean!) {
    products(includeInactive: $all) {
      code
    }
  }
`;
const SUBSCRIPTION_FIELDS = `id status termStart termEnd autoRenew cancelAtTermEnd cancelReason items { seats product { code } }`;
const CREATE_SUBSCRIPTION = gql`
  mutation ($accountId: ID!, $input: CreateSubscriptionInput!) {
    createSubscription(accountId: $accountId, input: $input) { ${SUBSCRIPTION_FIELDS} }
  }
`;
const CANCEL = gql`
  mutation ($accountId: ID!, $input: CancelSubscriptionInput!) {
    cancelSubscription(accountId: $accountId, input: $input) { ${SUBSCRIPTION_FIELDS} }
  }
`;
const REACTIVATE = gql`
  mutation ($accountId: ID!, $input: ReactivateSubscriptionInput) {
    reactivateSubscription(accountId: $accountId, input: $input) { ${SUBSCRIPTION_FIELDS} }
  }
`;
const MY_SUBSCRIPTION = gql`
  query ($id: ID) {
    account(id: $id) { status subscription { ${SUBSCRIPTION_FIELDS} } }
  }
`;

let t: TestServer;
let rep: TestClient;
let repId: string;
let cas: TestClient;
const products: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  const repUser = await t.user(Role.SALES_REP);
  repId = repUser.id;
  rep = await t.loginAs(repUser);
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  for (const [code, eur] of [
    ['ANALYTICS', 120000],
    ['REPORTS', 45000],
    ['ARCHIVE', 9900],
  ] as const) {
    const r = await cas.mutate(CREATE_PRODUCT, {
      input: {
        code,
        name: `${code} seat`,
        prices: [
          { currency: 'EUR', unitPriceMinor: eur },
          { currency: 'USD', unitPriceMinor: eur + 10000 },
        ],
      },
    });
    products[code] = r.data.createProduct.id;
  }
});
afterAll(() => t.stop());

const euroAccount = (name = 'Cyberdyne Italia Srl') =>
  t.account(name, { salesRepId: repId, country: 'IT', currency: 'EUR', locale: 'it-IT' });
const subscribe = (accountId: string, items: Array<[string, number]>, extra: Record<string, unknown> = {}) =>
  rep.mutate(CREATE_SUBSCRIPTION, {
    accountId,
    input: {
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      items: items.map(([code, seats]) => ({ productId: products[code], seats })),
      ...extra,
    },
  });

describe('product catalogue', () => {
  it('is managed by staff, with a price per currency shown as money', async () => {
    const r = await rep.mutate(CREATE_PRODUCT, {
      input: { code: 'SUPPORT-PLUS', name: 'Support Plus', prices: [{ currency: 'EUR', unitPriceMinor: 123456 }] },
    });
    expect(r.data.createProduct).toMatchObject({
      code: 'SUPPORT-PLUS',
      active: true,
      prices: [{ amountMinor: 123456, currency: 'EUR', formatted: '€1,234.56' }],
    });
    expect(
      codeOf(await rep.mutate(CREATE_PRODUCT, { input: { code: 'SUPPORT-PLUS', name: 'Again', prices: [] } })),
    ).toBe('CONFLICT');
    expect(codeOf(await rep.mutate(CREATE_PRODUCT, { input: { code: 'lower case', name: 'x', prices: [] } }))).toBe(
      'BAD_USER_INPUT',
    );
    const twice = await rep.mutate(CREATE_PRODUCT, {
      input: {
        code: 'TWICE',
        name: 'x',
        prices: [
          { currency: 'EUR', unitPriceMinor: 1 },
          { currency: 'EUR', unitPriceMinor: 2 },
        ],
      },
    });
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
    const negative = await rep.mutate(CREATE_PRODUCT, {
      input: { code: 'NEG', name: 'x', prices: [{ currency: 'EUR', unitPriceMinor: -5 }] },
    });
    expect(codeOf(negative)).toBe('BAD_USER_INPUT');

    const id = r.data.createProduct.id;
    const updated = await cas.mutate(UPDATE_PRODUCT, {
      id,
      input: { active: false, prices: [{ currency: 'USD', unitPriceMinor: 99 }] },
    });
    expect(updated.data.updateProduct).toEqual({ id, active: false, prices: [{ amountMinor: 99, currency: 'USD' }] });
    expect((await rep.query(PRODUCTS, { all: false })).data.products.map((p: any) => p.code)).not.toContain(
      'SUPPORT-PLUS',
    );
    expect((await rep.query(PRODUCTS, { all: true })).data.products.map((p: any) => p.code)).toContain('SUPPORT-PLUS');

    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    expect(codeOf(await contact.query(PRODUCTS, { all: false }))).toBe('FORBIDDEN');
    expect(codeOf(await contact.mutate(CREATE_PRODUCT, { input: { code: 'HACK', name: 'x', prices: [] } }))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('subscriptions', () => {
  it('are started by staff and read by the billing contact', async () => {
    const account = await euroAccount();
    const r = await subscribe(account.id, [
      ['ANALYTICS', 25],
      ['REPORTS', 5],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.data.createSubscription).toMatchObject({
      status: 'ACTIVE',
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      autoRenew: true,
    });
    expect(r.data.createSubscription.items).toHaveLength(2);
    expect(codeOf(await subscribe(account.id, [['ARCHIVE', 1]]))).toBe('CONFLICT');

    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT, { accountId: account.id }));
    const mine = await contact.query(MY_SUBSCRIPTION, {});
    expect(mine.data.account.subscription.items.map((i: any) => [i.product.code, i.seats]).sort()).toEqual([
      ['ANALYTICS', 25],
      ['REPORTS', 5],
    ]);
    expect(codeOf(await contact.mutate(CANCEL, { accountId: account.id, input: { reason: 'no' } }))).toBe('FORBIDDEN');
  });

  it('refuse bad terms, unknown, inactive or unpriced products, and accounts a rep is not assigned to', async () => {
    const account = await euroAccount();
    expect(codeOf(await subscribe(account.id, [['ANALYTICS', 1]], { termEnd: '2025-12-31' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await subscribe(account.id, [['ANALYTICS', 0]]))).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await subscribe(account.id, [
          ['ANALYTICS', 1],
          ['ANALYTICS', 2],
        ]),
      ),
    ).toBe('BAD_USER_INPUT');
    const usdOnly = (
      await cas.mutate(CREATE_PRODUCT, {
        input: { code: 'USD-ONLY', name: 'x', prices: [{ currency: 'USD', unitPriceMinor: 1 }] },
      })
    ).data.createProduct.id;
    const noEuro = await rep.mutate(CREATE_SUBSCRIPTION, {
      accountId: account.id,
      input: { termStart: '2026-01-01', termEnd: '2026-12-31', items: [{ productId: usdOnly, seats: 1 }] },
    });
    expect(codeOf(noEuro)).toBe('BAD_USER_INPUT');
    expect(noEuro.errors[0].message).toMatch(/no price in EUR/);
    const notMine = await t.account('Not Assigned Spa', { currency: 'EUR' });
    expect(codeOf(await subscribe(notMine.id, [['ANALYTICS', 1]]))).toBe('NOT_FOUND');
    // Nothing was created by the refused calls.
    expect((await subscribe(account.id, [['ANALYTICS', 1]])).errors).toEqual([]);
  });

  it('cancel at term end or at once, reactivate for a new term, and refuse illegal moves with CONFLICT', async () => {
    const account = await euroAccount();
    await subscribe(account.id, [['ANALYTICS', 3]]);
    const atEnd = await rep.mutate(CANCEL, { accountId: account.id, input: { reason: 'Budget cut' } });
    expect(atEnd.data.cancelSubscription).toMatchObject({
      status: 'ACTIVE',
      cancelAtTermEnd: true,
      autoRenew: false,
      cancelReason: 'Budget cut',
    });
    expect(codeOf(await rep.mutate(CANCEL, { accountId: account.id, input: { reason: 'Again' } }))).toBe('CONFLICT');

    const now = await rep.mutate(CANCEL, {
      accountId: account.id,
      input: { immediately: true, reason: 'Company closed' },
    });
    expect(now.data.cancelSubscription).toMatchObject({ status: 'CANCELLED', cancelReason: 'Company closed' });
    expect((await rep.query(MY_SUBSCRIPTION, { id: account.id })).data.account.status).toBe('CANCELLED');
    expect(
      codeOf(await rep.mutate(CANCEL, { accountId: account.id, input: { immediately: true, reason: 'Twice' } })),
    ).toBe('CONFLICT');

    const back = await rep.mutate(REACTIVATE, { accountId: account.id });
    const start = new Date().toISOString().slice(0, 10);
    expect(back.data.reactivateSubscription).toMatchObject({
      status: 'ACTIVE',
      termStart: start,
      autoRenew: true,
      cancelAtTermEnd: false,
      cancelReason: null,
    });
    expect(back.data.reactivateSubscription.termEnd > start).toBe(true);
    expect((await rep.query(MY_SUBSCRIPTION, { id: account.id })).data.account.status).toBe('ACTIVE');
    expect(codeOf(await rep.mutate(REACTIVATE, { accountId: account.id }))).toBe('CONFLICT');

    // The documented input: a chosen term.
    await rep.mutate(CANCEL, { accountId: account.id, input: { immediately: true, reason: 'Paused' } });
    const chosen = await rep.mutate(REACTIVATE, {
      accountId: account.id,
      input: { termStart: '2027-01-01', termEnd: '2027-12-31' },
    });
    expect(chosen.errors).toEqual([]);
    expect(chosen.data.reactivateSubscription).toMatchObject({
      status: 'ACTIVE',
      termStart: '2027-01-01',
      termEnd: '2027-12-31',
    });

    const trail = (await rep.query(ACTIVITY, { id: account.id, first: 50 })).data.account.activity.edges.map(
      (e: any) => e.node.action,
    );
    expect(trail).toEqual(
      expect.arrayContaining([
        'SUBSCRIPTION_CREATED',
        'SUBSCRIPTION_CANCELLED_AT_TERM_END',
        'SUBSCRIPTION_CANCELLED',
        'SUBSCRIPTION_REACTIVATED',
        'ACCOUNT_STATUS_CHANGED',
      ]),
    );
  });

  it('change seats through the service (for accepted quotes), never below zero', async () => {
    const account = await euroAccount();
    await subscribe(account.id, [
      ['ANALYTICS', 10],
      ['REPORTS', 2],
    ]);
    const { ds, services } = t.app;
    const ctx = systemContext(services);
    const seats = async () =>
      Object.fromEntries(
        (await rep.query(MY_SUBSCRIPTION, { id: account.id })).data.account.subscription.items.map((i: any) => [
          i.product.code,
          i.seats,
        ]),
      );

    await inTransaction(ds, (tx) =>
      services.subscriptions.changeSeats(ctx, tx, account.id, [
        { productId: products.ANALYTICS, delta: 5 },
        { productId: products.REPORTS, delta: -2 },
        { productId: products.ARCHIVE, delta: 4 },
      ]),
    );
    expect(await seats()).toEqual({ ANALYTICS: 15, ARCHIVE: 4 });

    await expect(
      inTransaction(ds, (tx) =>
        services.subscriptions.changeSeats(ctx, tx, account.id, [
          { productId: products.ARCHIVE, delta: 1 },
          { productId: products.ANALYTICS, delta: -16 },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'SEATS_BELOW_ZERO' });
    expect(await seats()).toEqual({ ANALYTICS: 15, ARCHIVE: 4 });

    // Changes for one product add up; fractions are refused.
    await inTransaction(ds, (tx) =>
      services.subscriptions.changeSeats(ctx, tx, account.id, [
        { productId: products.ARCHIVE, delta: -4 },
        { productId: products.ARCHIVE, delta: 1 },
      ]),
    );
    expect(await seats()).toEqual({ ANALYTICS: 15, ARCHIVE: 1 });
    await expect(
      inTransaction(ds, (tx) =>
        services.subscriptions.changeSeats(ctx, tx, account.id, [{ productId: products.ARCHIVE, delta: 0.5 }]),
      ),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('the expiry job', () => {
  it('expires ended subscriptions that do not renew, ends those cancelled at term end, once', async () => {
    const [plain, cancelled, renewing] = [
      await euroAccount('Plain'),
      await euroAccount('Cancelled'),
      await euroAccount('Renewing'),
    ];
    await subscribe(plain.id, [['ARCHIVE', 1]], { termStart: '2024-01-01', termEnd: '2024-12-31', autoRenew: false });
    await subscribe(cancelled.id, [['ARCHIVE', 1]], { termStart: '2024-01-01', termEnd: '2024-12-31' });
    await rep.mutate(CANCEL, { accountId: cancelled.id, input: { reason: 'Moving on' } });
    await subscribe(renewing.id, [['ARCHIVE', 1]], { termStart: '2024-01-01', termEnd: '2024-12-31' });

    const { services } = t.app;
    const ctx = systemContext(services, 'test-job');
    expect(await services.subscriptions.expireDue(ctx)).toBeGreaterThanOrEqual(2);
    expect(await services.subscriptions.expireDue(ctx)).toBe(0);

    const status = async (accountId: string) =>
      (await t.app.ds.getRepository(Subscription).findOneByOrFail({ accountId })).status;
    expect(await status(plain.id)).toBe('EXPIRED');
    expect(await status(cancelled.id)).toBe('CANCELLED');
    expect(await status(renewing.id)).toBe('ACTIVE');
    const trail = (await cas.query(ACTIVITY, { id: plain.id })).data.account.activity.edges.map((e: any) => e.node);
    expect(trail.find((n: any) => n.action === 'SUBSCRIPTION_EXPIRED')).toMatchObject({
      actorRole: null,
      actorName: null,
    });
  });
});

describe('account overview', () => {
  singleProcess('costs the same number of SQL statements with 1 or 3 products and 1 or 5 recipients', async () => {
    const overview = `{ account { id billTo { city } billingContact { email } salesRep { id } invoiceRecipients { email }
      subscription { status items { seats product { code name prices { amountMinor } } } }
      activity(first: 20) { totalCount edges { node { action actorName changes { field } } } } } }`;
    const ADD = gql`
      mutation ($email: String!) {
        addInvoiceRecipient(input: { email: $email }) {
          id
        }
      }
    `;
    const measure = async (codes: string[], recipients: number) => {
      const account = await euroAccount();
      await subscribe(
        account.id,
        codes.map((c) => [c, 1] as [string, number]),
      );
      const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT, { accountId: account.id }));
      for (let i = 0; i < recipients; i++) await contact.mutate(ADD, { email: `r${i}@overview.example` });
      const r = await contact.raw(overview);
      expect(r.json.errors).toBeUndefined();
      expect(r.json.data.account.subscription.items).toHaveLength(codes.length);
      return r.json.extensions.sqlStatements as number;
    };
    const small = await measure(['ARCHIVE'], 1);
    const large = await measure(['ARCHIVE', 'REPORTS', 'ANALYTICS'], 5);
    expect(large).toBe(small);
  });
});
