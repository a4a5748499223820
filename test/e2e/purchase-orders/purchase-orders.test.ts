import { gql } from '@apollo/client';
import { systemContext } from '../../../src/context';
import { addDays, today } from '../../../src/common/dates';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import { customer, ITALIAN } from '../../helpers/fixtures';
import { ACTIVITY } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const PO_FIELDS = `id number description validFrom expiresOn status deactivated isDefault expiresSoon ceiling { amountMinor currency formatted }`;
const CREATE = gql`
  mutation ($accountId: ID, $input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(accountId: $accountId, input: $input) { ${PO_FIELDS} }
  }
`;
const UPDATE = gql`
  mutation ($id: ID!, $input: UpdatePurchaseOrderInput!) {
    updatePurchaseOrder(id: $id, input: $input) { ${PO_FIELDS} }
  }
`;
const DEACTIVATE = gql`
  mutation ($id: ID!) {
    deactivatePurchaseOrder(id: $id) { ${PO_FIELDS} }
  }
`;
const SET_DEFAULT = gql`
  mutation ($id: ID!) {
    setDefaultPurchaseOrder(id: $id) { ${PO_FIELDS} }
  }
`;
const LIST = gql`
  query ($id: ID) {
    account(id: $id) { purchaseOrders { ${PO_FIELDS} } }
  }
`;

const day = (n: number) => addDays(today(), n);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const po = (number: string, from: number, to: number, extra: Record<string, unknown> = {}) => ({
  number,
  validFrom: day(from),
  expiresOn: day(to),
  ...extra,
});

describe('purchase orders', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = (await customer(t, 'Oscorp Italia Srl', ITALIAN)).contact;
  });

  it('are created with dates, a ceiling in the account currency, and a status derived from the dates', async () => {
    const active = await client.mutate(CREATE, {
      input: po('PO-2026-001', -10, 100, { description: 'Annual licences', ceilingMinor: 5000000 }),
    });
    expect(active.errors).toEqual([]);
    expect(active.data.createPurchaseOrder).toMatchObject({
      number: 'PO-2026-001',
      status: 'ACTIVE',
      deactivated: false,
      isDefault: false,
      expiresSoon: false,
      ceiling: { amountMinor: 5000000, currency: 'EUR', formatted: '50.000,00\u00a0€' },
    });
    const upcoming = await client.mutate(CREATE, { input: po('PO-2026-002', 5, 200) });
    expect(upcoming.data.createPurchaseOrder).toMatchObject({ status: 'UPCOMING', ceiling: null });
    const soon = await client.mutate(CREATE, { input: po('PO-2026-003', -100, 20) });
    expect(soon.data.createPurchaseOrder).toMatchObject({ status: 'ACTIVE', expiresSoon: true });
    const expired = await client.mutate(CREATE, { input: po('PO-2025-999', -400, -1) });
    expect(expired.data.createPurchaseOrder).toMatchObject({ status: 'EXPIRED', expiresSoon: false });
  });

  singleProcess(
    'follow the server clock: an active PO expires soon and then expires, and an expired one cannot be the default',
    async () => {
      const created = await client.mutate(CREATE, { input: po('PO-CLOCK-1', -1, 40) });
      expect(created.data.createPurchaseOrder).toMatchObject({ status: 'ACTIVE', expiresSoon: false });
      const id = created.data.createPurchaseOrder.id;
      const mine = async () =>
        (await client.query(LIST, {})).data.account.purchaseOrders.find((p: { id: string }) => p.id === id);
      try {
        t.clock.advance({ days: 15 });
        expect(await mine()).toMatchObject({ status: 'ACTIVE', expiresSoon: true });
        t.clock.advance({ days: 30 });
        expect(await mine()).toMatchObject({ status: 'EXPIRED', expiresSoon: false });
        expect(codeOf(await client.mutate(SET_DEFAULT, { id }))).toBe('CONFLICT');
      } finally {
        t.clock.reset();
      }
      expect(await mine()).toMatchObject({ status: 'ACTIVE', isDefault: false });
    },
  );

  it('refuse an expiry before the start, and a number the account already has (case-insensitively)', async () => {
    const backwards = await client.mutate(CREATE, { input: po('PO-BACK', 10, 5) });
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors[0].extensions?.field).toBe('expiresOn');
    expect(codeOf(await client.mutate(CREATE, { input: po('po-2026-001', 0, 10) }))).toBe('CONFLICT');
    expect(codeOf(await client.mutate(CREATE, { input: po('', 0, 10) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.mutate(CREATE, { input: po('   ', 0, 10) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await client.mutate(CREATE, { input: po('PO-NEG', 0, 10, { ceilingMinor: -1 }) }))).toBe(
      'BAD_USER_INPUT',
    );
    // Another account may use the same number.
    const other = (await customer(t, 'Other Buyer Srl', ITALIAN)).contact;
    expect((await other.mutate(CREATE, { input: po('PO-2026-001', 0, 10) })).errors).toEqual([]);
  });

  it('are edited, with the same checks, and every change is on the activity trail', async () => {
    const created = (await client.mutate(CREATE, { input: po('PO-EDIT', 0, 30) })).data.createPurchaseOrder;
    const edited = await client.mutate(UPDATE, {
      id: created.id,
      input: { number: 'PO-EDITED', description: 'Renamed', expiresOn: day(60) },
    });
    expect(edited.data.updatePurchaseOrder).toMatchObject({
      number: 'PO-EDITED',
      description: 'Renamed',
      expiresOn: day(60),
    });
    expect(codeOf(await client.mutate(UPDATE, { id: created.id, input: { expiresOn: day(-1) } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await client.mutate(UPDATE, { id: created.id, input: { number: 'PO-2026-002' } }))).toBe('CONFLICT');

    const trail = (await client.query(ACTIVITY, { first: 5 })).data.account.activity.edges.map((e: any) => e.node);
    expect(trail[0]).toMatchObject({ action: 'PURCHASE_ORDER_UPDATED', actorRole: 'BILLING_CONTACT' });
    expect(trail[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'number', from: 'PO-EDIT', to: 'PO-EDITED' },
        { field: 'expiresOn', from: day(30), to: day(60) },
      ]),
    );
    expect(trail[1].action).toBe('PURCHASE_ORDER_CREATED');
  });

  it('choose the PO of a new invoice: the default one if active on the invoice date, otherwise none', async () => {
    const { account, contact: c } = await customer(t, 'Default Picker Srl', ITALIAN);
    const pos = t.app.services.purchaseOrders;
    const a = (await c.mutate(CREATE, { input: po('PO-A', -10, 10, { makeDefault: true }) })).data.createPurchaseOrder;
    const b = (await c.mutate(CREATE, { input: po('PO-B', 5, 100) })).data.createPurchaseOrder;
    expect(a.isDefault).toBe(true);
    expect(await pos.purchaseOrderForInvoice(account.id, day(0))).toMatchObject({ number: 'PO-A' });
    expect(await pos.purchaseOrderForInvoice(account.id, day(11))).toBeNull(); // A has expired by then

    const switched = await c.mutate(SET_DEFAULT, { id: b.id });
    expect(switched.data.setDefaultPurchaseOrder.isDefault).toBe(true);
    const list = (await c.query(LIST, {})).data.account.purchaseOrders;
    expect(list.filter((p: any) => p.isDefault).map((p: any) => p.number)).toEqual(['PO-B']);
    expect(await pos.purchaseOrderForInvoice(account.id, day(0))).toBeNull(); // B starts in 5 days
    expect(await pos.purchaseOrderForInvoice(account.id, day(6))).toMatchObject({ number: 'PO-B' });

    const off = await c.mutate(DEACTIVATE, { id: b.id });
    expect(off.data.deactivatePurchaseOrder).toMatchObject({ deactivated: true, isDefault: false });
    expect(await pos.purchaseOrderForInvoice(account.id, day(6))).toBeNull();
    expect(codeOf(await c.mutate(SET_DEFAULT, { id: b.id }))).toBe('CONFLICT');
    const old = (await c.mutate(CREATE, { input: po('PO-OLD', -100, -1) })).data.createPurchaseOrder;
    expect(codeOf(await c.mutate(SET_DEFAULT, { id: old.id }))).toBe('CONFLICT');

    // Several people choosing a default at once leave exactly one default.
    const racers = [];
    for (const n of ['PO-R1', 'PO-R2', 'PO-R3', 'PO-R4'])
      racers.push((await c.mutate(CREATE, { input: po(n, -1, 100) })).data.createPurchaseOrder.id);
    const answers = await Promise.all(racers.map((id) => c.mutate(SET_DEFAULT, { id })));
    expect(answers.every((r) => r.errors.length === 0)).toBe(true);
    const defaults = (await c.query(LIST, {})).data.account.purchaseOrders.filter((p: any) => p.isDefault);
    expect(defaults).toHaveLength(1);
  });

  it('are private to their account; staff who can see the account manage them too', async () => {
    const rep = await t.user(Role.SALES_REP);
    const { account, contact: owner } = await customer(t, 'Private Orders Srl', { ...ITALIAN, rep });
    const mine = (await owner.mutate(CREATE, { input: po('PO-PRIVATE', 0, 50) })).data.createPurchaseOrder;
    const stranger = (await customer(t, 'Stranger Srl', ITALIAN)).contact;
    for (const op of [UPDATE, DEACTIVATE, SET_DEFAULT]) {
      const r = await stranger.mutate(op, { id: mine.id, input: { description: 'hijacked' } });
      expect(codeOf(r)).toBe('NOT_FOUND');
    }
    expect(codeOf(await stranger.mutate(CREATE, { accountId: account.id, input: po('PO-X', 0, 5) }))).toBe('NOT_FOUND');
    const otherRep = await t.loginAs(await t.user(Role.SALES_REP));
    expect(codeOf(await otherRep.mutate(DEACTIVATE, { id: mine.id }))).toBe('NOT_FOUND');

    const assigned = await t.loginAs(rep);
    expect((await assigned.mutate(CREATE, { accountId: account.id, input: po('PO-BY-REP', 0, 5) })).errors).toEqual([]);
    expect(
      (await assigned.mutate(UPDATE, { id: mine.id, input: { description: 'Checked by rep' } })).data
        .updatePurchaseOrder.description,
    ).toBe('Checked by rep');
  });
});

describe('the expiry reminder job', () => {
  it('e-mails the billing contact 30 and 7 days before expiry, once of each kind', async () => {
    const { user, contact: client } = await customer(t, 'Reminder Srl', ITALIAN);
    await client.mutate(CREATE, { input: po('PO-R30', -10, 25) });
    await client.mutate(CREATE, { input: po('PO-R7', -10, 6) });
    await client.mutate(CREATE, { input: po('PO-LATER', -10, 90) });
    const off = (await client.mutate(CREATE, { input: po('PO-OFF', -10, 6) })).data.createPurchaseOrder;
    await client.mutate(DEACTIVATE, { id: off.id });

    const { services } = t.app;
    const ctx = systemContext(services, 'test-job');
    await services.purchaseOrders.sendExpiryReminders(ctx);
    await services.purchaseOrders.sendExpiryReminders(ctx);
    await t.mailbox.waitFor(() => t.mailbox.to(user.email).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const subjects = t.mailbox
      .to(user.email)
      .map((m) => m.subject)
      .sort();
    // The account is Italian (it-IT): so are its e-mails.
    expect(subjects).toEqual([
      "L'ordine d'acquisto PO-R30 scade tra 25 giorni",
      "L'ordine d'acquisto PO-R7 scade tra 6 giorni",
    ]);

    // A week later PO-R30 is within seven days: its second reminder goes out, once.
    const later = addDays(today(), 19);
    await services.purchaseOrders.sendExpiryReminders(ctx, later);
    await services.purchaseOrders.sendExpiryReminders(ctx, later);
    await t.mailbox.waitFor(() => t.mailbox.to(user.email).length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.mailbox.to(user.email).map((m) => m.subject)).toContain("L'ordine d'acquisto PO-R30 scade tra 6 giorni");
    expect(t.mailbox.to(user.email)).toHaveLength(3);

    // Extended by two months, PO-R7 is reminded again for its new date, 30 days before it.
    const r7 = (await client.query(LIST, {})).data.account.purchaseOrders.find((p: any) => p.number === 'PO-R7');
    await client.mutate(UPDATE, { id: r7.id, input: { expiresOn: day(66) } });
    await services.purchaseOrders.sendExpiryReminders(ctx, addDays(today(), 40));
    await t.mailbox.waitFor(() =>
      t.mailbox.to(user.email).some((m) => m.subject === "L'ordine d'acquisto PO-R7 scade tra 26 giorni"),
    );
  });
});
