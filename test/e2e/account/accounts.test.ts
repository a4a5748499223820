import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import { linkToken } from '../../helpers/mailbox';
import { ACCOUNT, ACCOUNTS, ACTIVATE, ACTIVITY, CREATE_ACCOUNT } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const UPDATE_ACCOUNT = gql`
  mutation ($id: ID!, $input: UpdateAccountInput!) {
    updateAccount(id: $id, input: $input) {
      id
      billingFrequency
      paymentTermsDays
    }
  }
`;
const ASSIGN = gql`
  mutation ($accountId: ID!, $salesRepId: ID!) {
    assignSalesRep(accountId: $accountId, salesRepId: $salesRepId) {
      id
      salesRep {
        id
      }
    }
  }
`;

let t: TestServer;
let rep: TestClient;
let repId: string;
let otherRep: TestClient;
let otherRepId: string;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer();
  const [a, b] = [await t.user(Role.SALES_REP), await t.user(Role.SALES_REP)];
  [repId, otherRepId] = [a.id, b.id];
  [rep, otherRep, cas] = [await t.loginAs(a), await t.loginAs(b), await t.loginAs(await t.user(Role.ACCOUNT_SERVICES))];
});
afterAll(() => t.stop());

let seq = 0;
const newAccount = (overrides: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    organisationName: `Wayne Enterprises ${seq}`,
    country: 'IT',
    currency: 'EUR',
    locale: 'it-IT',
    billingContact: {
      billingUserId: `wayne.ap.${seq}`,
      email: `ap${seq}@wayne.example`,
      displayName: `Lucia Ferri ${seq}`,
    },
    ...overrides,
  };
};

describe('opening an account', () => {
  it('creates the account with its billing contact, invites the contact, and records it', async () => {
    const input = newAccount({
      billTo: { addressLine1: 'Via Roma 1', city: 'Milano', postalCode: '20121', phone: '02 1234 5678' },
    });
    const r = await rep.mutate(CREATE_ACCOUNT, { input });
    expect(r.errors).toEqual([]);
    const account = r.data.createCorporateAccount;
    expect(account).toMatchObject({
      accountNumber: expect.stringMatching(/^CA-\d{8}$/),
      status: 'ACTIVE',
      country: 'IT',
      currency: 'EUR',
      locale: 'it-IT',
      billingFrequency: 'ANNUAL',
      paymentTermsDays: 30,
      salesRep: { id: repId },
      billingContact: { billingUserId: input.billingContact.billingUserId, status: 'INVITED' },
      billTo: {
        contactName: input.billingContact.displayName,
        email: input.billingContact.email,
        companyName: input.organisationName,
        addressLine1: 'Via Roma 1',
        city: 'Milano',
        postalCode: '20121',
        country: 'IT',
        phone: '+390212345678',
      },
    });

    const mail = await t.mailbox.waitFor((m) => m.to.includes(input.billingContact.email));
    expect(mail.subject).toContain(input.organisationName);
    const token = linkToken(mail, '/activate');
    expect(
      (await t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: 'the accounts payable passphrase' } }))
        .errors,
    ).toEqual([]);
    const again = await rep.query(ACCOUNT, { id: account.id });
    expect(again.data.account.billingContact!.status).toBe('ACTIVE');

    const trail = await rep.query(ACTIVITY, { id: account.id });
    expect(trail.data.account.activity.edges.map((e: any) => e.node.action).reverse()).toEqual([
      'ACCOUNT_CREATED',
      'BILLING_CONTACT_INVITED',
      'BILL_TO_UPDATED',
    ]);
    expect(trail.data.account.activity.edges[0].node).toMatchObject({
      actorRole: 'SALES_REP',
      actorName: expect.any(String),
    });
  });

  it('creates nothing when any part fails', async () => {
    const first = await rep.mutate(CREATE_ACCOUNT, { input: newAccount() });
    const taken = first.data.createCorporateAccount.billingContact!.billingUserId;
    const before = (await cas.query(ACCOUNTS, { first: 100 })).data.accounts.totalCount;

    const duplicate = await rep.mutate(CREATE_ACCOUNT, {
      input: newAccount({
        organisationName: 'Half Made Ltd',
        billingContact: { billingUserId: taken, email: 'x@half.example', displayName: 'X' },
      }),
    });
    expect(codeOf(duplicate)).toBe('CONFLICT');
    const badPhone = await rep.mutate(CREATE_ACCOUNT, {
      input: newAccount({ organisationName: 'Half Made Ltd', billTo: { phone: '12' } }),
    });
    expect(codeOf(badPhone)).toBe('BAD_USER_INPUT');
    expect(badPhone.errors[0].extensions?.field).toBe('phone');
    const badCountry = await rep.mutate(CREATE_ACCOUNT, { input: newAccount({ country: 'XX' }) });
    expect(codeOf(badCountry)).toBe('BAD_USER_INPUT');
    const badContactEmail = await rep.mutate(CREATE_ACCOUNT, {
      input: newAccount({ billingContact: { billingUserId: 'half.made', email: 'not-an-email', displayName: 'X' } }),
    });
    expect(codeOf(badContactEmail)).toBe('BAD_USER_INPUT');
    expect(badContactEmail.errors[0].extensions?.fields).toEqual([
      expect.objectContaining({ field: 'billingContact.email' }),
    ]);
    const longName = await rep.mutate(CREATE_ACCOUNT, {
      input: newAccount({
        billingContact: { billingUserId: 'half.made', email: 'x@half.example', displayName: 'x'.repeat(300) },
      }),
    });
    expect(codeOf(longName)).toBe('BAD_USER_INPUT');
    const badBillToEmail = await rep.mutate(CREATE_ACCOUNT, { input: newAccount({ billTo: { email: 'also bad' } }) });
    expect(codeOf(badBillToEmail)).toBe('BAD_USER_INPUT');

    expect((await cas.query(ACCOUNTS, { first: 100 })).data.accounts.totalCount).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.mailbox.to('x@half.example')).toHaveLength(0);
  });

  it('has account services name an active sales rep', async () => {
    expect(codeOf(await cas.mutate(CREATE_ACCOUNT, { input: newAccount() }))).toBe('BAD_USER_INPUT');
    const staff = await t.user(Role.ACCOUNT_SERVICES);
    expect(codeOf(await cas.mutate(CREATE_ACCOUNT, { input: newAccount({ salesRepId: staff.id }) }))).toBe(
      'BAD_USER_INPUT',
    );
    const r = await cas.mutate(CREATE_ACCOUNT, { input: newAccount({ salesRepId: otherRepId }) });
    expect(r.data.createCorporateAccount.salesRep!.id).toBe(otherRepId);
  });

  it('is for staff only', async () => {
    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    expect(codeOf(await contact.mutate(CREATE_ACCOUNT, { input: newAccount() }))).toBe('FORBIDDEN');
  });
});

describe('who sees which account', () => {
  it('a sales rep sees and changes only accounts assigned to them; account services reassign', async () => {
    const mine = (await rep.mutate(CREATE_ACCOUNT, { input: newAccount({ organisationName: 'Rep Scoped Spa' }) })).data
      .createCorporateAccount;

    expect(codeOf(await otherRep.query(ACCOUNT, { id: mine.id }))).toBe('NOT_FOUND');
    expect(codeOf(await otherRep.mutate(UPDATE_ACCOUNT, { id: mine.id, input: { paymentTermsDays: 60 } }))).toBe(
      'NOT_FOUND',
    );
    const otherList = await otherRep.query(ACCOUNTS, { filter: { search: 'Rep Scoped' } });
    expect(otherList.data.accounts.totalCount).toBe(0);
    expect(codeOf(await rep.mutate(ASSIGN, { accountId: mine.id, salesRepId: otherRepId }))).toBe('FORBIDDEN');

    const updated = await rep.mutate(UPDATE_ACCOUNT, {
      id: mine.id,
      input: { paymentTermsDays: 60, billingFrequency: 'QUARTERLY' },
    });
    expect(updated.data.updateAccount).toMatchObject({ paymentTermsDays: 60, billingFrequency: 'QUARTERLY' });

    const moved = await cas.mutate(ASSIGN, { accountId: mine.id, salesRepId: otherRepId });
    expect(moved.data.assignSalesRep.salesRep.id).toBe(otherRepId);
    expect((await otherRep.query(ACCOUNT, { id: mine.id })).data.account.id).toBe(mine.id);
    expect(codeOf(await rep.query(ACCOUNT, { id: mine.id }))).toBe('NOT_FOUND');
  });

  it("a billing contact sees their own account, and another account's id is answered like an unknown id", async () => {
    const a = await t.account('Contact Own Srl');
    const b = await t.account('Somebody Else Srl');
    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT, { accountId: a.id }));
    expect((await contact.query(ACCOUNT, {})).data.account.id).toBe(a.id);
    expect((await contact.query(ACCOUNT, { id: a.id })).data.account.organisationName).toBe('Contact Own Srl');
    const other = await contact.query(ACCOUNT, { id: b.id });
    const unknown = await contact.query(ACCOUNT, { id: '11111111-2222-3333-4444-555555555555' });
    expect(codeOf(other)).toBe('NOT_FOUND');
    expect(other.errors[0].message).toBe(unknown.errors[0].message);
    expect(other.data?.account ?? null).toBeNull();
    expect(codeOf(await contact.query(ACCOUNTS, {}))).toBe('FORBIDDEN');
    expect(codeOf(await contact.mutate(UPDATE_ACCOUNT, { id: a.id, input: { paymentTermsDays: 1 } }))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('searching accounts', () => {
  it('filters by name, number, contact e-mail and status, and pages with cursors', async () => {
    const created = [];
    for (const name of ['Zeta Search One', 'Zeta Search Two', 'Zeta Search Three']) {
      created.push(
        (await rep.mutate(CREATE_ACCOUNT, { input: newAccount({ organisationName: name }) })).data
          .createCorporateAccount,
      );
    }
    const byName = await rep.query(ACCOUNTS, { filter: { search: 'zeta search' }, first: 2 });
    expect(byName.data.accounts.totalCount).toBe(3);
    expect(byName.data.accounts.edges.map((e: any) => e.node.organisationName)).toEqual([
      'Zeta Search One',
      'Zeta Search Three',
    ]);
    expect(byName.data.accounts.pageInfo.hasNextPage).toBe(true);
    const next = await rep.query(ACCOUNTS, {
      filter: { search: 'zeta search' },
      first: 2,
      after: byName.data.accounts.pageInfo.endCursor,
    });
    expect(next.data.accounts.edges.map((e: any) => e.node.organisationName)).toEqual(['Zeta Search Two']);
    expect(next.data.accounts.pageInfo.hasNextPage).toBe(false);

    const byNumber = await cas.query(ACCOUNTS, { filter: { search: created[1].accountNumber.toLowerCase() } });
    expect(byNumber.data.accounts.edges.map((e: any) => e.node.id)).toEqual([created[1].id]);
    const byEmail = await cas.query(ACCOUNTS, {
      filter: { billingContactEmail: created[2].billingContact!.email.toUpperCase() },
    });
    expect(byEmail.data.accounts.edges.map((e: any) => e.node.id)).toEqual([created[2].id]);
    const byStatus = await cas.query(ACCOUNTS, { filter: { search: 'zeta search', status: 'CANCELLED' } });
    expect(byStatus.data.accounts.totalCount).toBe(0);

    expect(codeOf(await rep.query(ACCOUNTS, { after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    // A cursor of another list is refused, and so is a well-formed cursor with a bad value.
    const activityCursor = (await rep.query(ACTIVITY, { id: created[0].id, first: 1 })).data.account.activity.pageInfo
      .endCursor;
    expect(codeOf(await rep.query(ACCOUNTS, { after: activityCursor }))).toBe('BAD_USER_INPUT');
    const accountsCursor = byName.data.accounts.pageInfo.endCursor;
    expect(codeOf(await rep.query(ACTIVITY, { id: created[0].id, after: accountsCursor }))).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['activity', 'garbage', 'x'])).toString('base64url');
    expect(codeOf(await rep.query(ACTIVITY, { id: created[0].id, after: forged }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await rep.query(ACCOUNTS, { first: 1000 }))).toBe('BAD_USER_INPUT');
    // The name is searched from its start (an index answers that at any size); LIKE wildcards are literal.
    expect((await cas.query(ACCOUNTS, { filter: { search: 'ZETA SEARCH T' } })).data.accounts.totalCount).toBe(2);
    expect((await cas.query(ACCOUNTS, { filter: { search: 'search one' } })).data.accounts.totalCount).toBe(0);
    expect((await cas.query(ACCOUNTS, { filter: { search: '%' } })).data.accounts.totalCount).toBe(0);
    expect((await cas.query(ACCOUNTS, { filter: { search: 'zeta_search' } })).data.accounts.totalCount).toBe(0);
    expect((await cas.query(ACCOUNTS, { filter: { search: 'zeta!search' } })).data.accounts.totalCount).toBe(0);
  });
});

describe('account lists', () => {
  singleProcess('cost a constant number of SQL statements, nested activity included', async () => {
    for (let i = 0; i < 6; i++)
      await rep.mutate(CREATE_ACCOUNT, { input: newAccount({ organisationName: `Listed ${i}` }) });
    const list = (first: number) =>
      rep.raw(`{ accounts(filter: { search: "Listed" }, first: ${first}) { edges { node { id organisationName salesRep { id }
        billingContact { email } invoiceRecipients { email } activity(first: 2) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { action actorName } } } } } } }`);
    const two = await list(2);
    const six = await list(6);
    expect(six.json.data.accounts.edges).toHaveLength(6);
    expect(six.json.extensions.sqlStatements).toBe(two.json.extensions.sqlStatements);

    // The batched first page is the same page the account's own query gives, and its cursor continues it.
    const node = six.json.data.accounts.edges[3].node;
    const own = (await rep.query(ACTIVITY, { id: node.id, first: 2 })).data.account.activity;
    expect(node.activity.totalCount).toBe(own.totalCount);
    expect(node.activity.edges.map((e: any) => e.node.action)).toEqual(own.edges.map((e: any) => e.node.action));
    expect(node.activity.pageInfo).toEqual(own.pageInfo);
    const rest = (await rep.query(ACTIVITY, { id: node.id, first: 10, after: node.activity.pageInfo.endCursor })).data
      .account.activity;
    expect(rest.edges).toHaveLength(own.totalCount - 2);
  });
});
