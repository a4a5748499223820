import { randomUUID } from 'node:crypto';
import { gql } from '@apollo/client';
import { In } from 'typeorm';
import { PortalRole, Role } from '../../../src/common/roles';
import { OutboxMessage } from '../../../src/mail/outbox.entity';
import { ADD_METHOD, ISSUE, PAY, plainLine, sentQuote } from '../../helpers/billing';
import { codeOf, TestClient } from '../../helpers/client';
import { catalogue, customer, ITALIAN } from '../../helpers/fixtures';
import { linkToken } from '../../helpers/mailbox';
import { ACTIVATE, ACTIVITY, LOGIN, ME } from '../../helpers/operations';
import { listening, run, stop, type Run } from '../../helpers/process';
import { startTestServer, type TestServer } from '../../helpers/server';

const USER_FIELDS = `id billingUserId email displayName portalRole status isBillingContact
  emailPreferences { invoices receipts quotes reminders defaults }`;
const USERS = gql`
  query Users($accountId: ID) {
    accountUsers(accountId: $accountId) { ${USER_FIELDS} }
  }
`;
const INVITE = gql`
  mutation Invite($input: InviteAccountUserInput!) {
    inviteAccountUser(input: $input) { ${USER_FIELDS} }
  }
`;
const CHANGE_ROLE = gql`
  mutation ChangeRole($userId: ID!, $role: PortalRole!) {
    changeAccountUserRole(userId: $userId, role: $role) { ${USER_FIELDS} }
  }
`;
const DEACTIVATE = gql`
  mutation Deactivate($userId: ID!) {
    deactivateAccountUser(userId: $userId) { ${USER_FIELDS} }
  }
`;
const REACTIVATE = gql`
  mutation Reactivate($userId: ID!) {
    reactivateAccountUser(userId: $userId) { ${USER_FIELDS} }
  }
`;
const PREFERENCES = gql`
  mutation Preferences($input: EmailPreferencesInput!) {
    updateEmailPreferences(input: $input) { ${USER_FIELDS} }
  }
`;
const DISABLE_USER = gql`
  mutation Disable($userId: ID!) {
    disableUser(userId: $userId) {
      status
    }
  }
`;
const SECURITY_EVENTS = gql`
  query Events($userId: ID) {
    securityEvents(filter: { userId: $userId }, first: 20) {
      edges {
        node {
          type
          detail
          actor {
            billingUserId
          }
        }
      }
    }
  }
`;
const ACCEPT = gql`
  mutation Accept($id: ID!) {
    acceptQuote(id: $id) {
      status
      decidedBy {
        displayName
      }
    }
  }
`;
const PAYMENTS = gql`
  query Payments($id: ID!) {
    invoice(id: $id) {
      payments {
        madeBy {
          displayName
        }
      }
    }
  }
`;

let t: TestServer;
let products: Record<string, string>;
beforeAll(async () => {
  t = await startTestServer();
  products = await catalogue(t, { ANALYTICS: { prices: { EUR: 120_000 } } });
});
afterAll(() => t?.stop());

const NEW_PASSWORD = 'a colleague with a long password';
const outbox = (kind: string) => t.app.ds.getRepository(OutboxMessage).findBy({ kind: In([kind]) });
const recipientsOf = async (kind: string, subjectPart: string) =>
  (await outbox(kind)).filter((m) => m.subject.includes(subjectPart)).flatMap((m) => m.recipients);

/** A portal user invited by `by` and activated through the e-mailed link; logged in. */
async function colleague(by: TestClient, name: string, role: PortalRole, accountId?: string) {
  const billingUserId = `${name.toLowerCase()}.${randomUUID().slice(0, 8)}`;
  const email = `${billingUserId}@colleagues.example`;
  const invited = await by.mutate(INVITE, { input: { billingUserId, email, displayName: name, role, accountId } });
  expect(invited.errors).toEqual([]);
  expect(invited.data.inviteAccountUser).toMatchObject({
    status: 'INVITED',
    portalRole: role,
    isBillingContact: false,
  });
  const mail = await t.mailbox.waitFor((m) => m.to.includes(email) && m.text.includes('/activate?token='));
  const activated = await t
    .anonymous()
    .mutate(ACTIVATE, { input: { token: linkToken(mail, '/activate'), newPassword: NEW_PASSWORD } });
  expect(activated.errors).toEqual([]);
  const session = await t.anonymous().mutate(LOGIN, { input: { userId: billingUserId, password: NEW_PASSWORD } });
  expect(session.errors).toEqual([]);
  const client = new TestClient(t.url, session.data.login.accessToken);
  const token: string = session.data.login.accessToken;
  return { id: invited.data.inviteAccountUser.id as string, billingUserId, email, token, client };
}

describe('portal users of an account', () => {
  it('are invited by an ADMIN with a role, activate with their own password and act within that role', async () => {
    const { account, contact, user } = await customer(t, 'Colleagues Spa', ITALIAN);
    const payer = await colleague(contact, 'Paola', PortalRole.PAYER);
    const viewer = await colleague(contact, 'Vito', PortalRole.VIEWER);

    // The billing contact comes first; each user is listed with their role and defaults.
    const users = (await contact.query(USERS)).data.accountUsers;
    expect(users.map((u: any) => [u.billingUserId, u.portalRole, u.status, u.isBillingContact])).toEqual([
      [user.billingUserId, 'ADMIN', 'ACTIVE', true],
      [payer.billingUserId, 'PAYER', 'ACTIVE', false],
      [viewer.billingUserId, 'VIEWER', 'ACTIVE', false],
    ]);
    expect(users[1].emailPreferences).toEqual({
      invoices: true,
      receipts: true,
      quotes: false,
      reminders: false,
      defaults: true,
    });
    expect(users[2].emailPreferences).toMatchObject({ invoices: true, receipts: false, quotes: false });

    // Each sees their own role; only an ADMIN manages users.
    expect((await payer.client.query(gql('{ me { portalRole account { id } } }'))).data.me).toEqual({
      portalRole: 'PAYER',
      account: { id: account.id },
    });
    expect(codeOf(await payer.client.query(USERS))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.client.mutate(CHANGE_ROLE, { userId: viewer.id, role: 'ADMIN' }))).toBe('FORBIDDEN');

    // Promoted, the payer may manage users at the next request; demoted again, no longer.
    expect(
      (await contact.mutate(CHANGE_ROLE, { userId: payer.id, role: 'ADMIN' })).data.changeAccountUserRole,
    ).toMatchObject({ portalRole: 'ADMIN', emailPreferences: { quotes: true } });
    expect((await payer.client.query(USERS)).errors).toEqual([]);
    expect((await contact.mutate(CHANGE_ROLE, { userId: payer.id, role: 'PAYER' })).errors).toEqual([]);
    expect(codeOf(await payer.client.query(USERS))).toBe('FORBIDDEN');

    // A security event per user, as who did it; the activity trail names the ADMIN.
    const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    const events = (await staff.query(SECURITY_EVENTS, { userId: payer.id })).data.securityEvents.edges.map(
      (e: any) => e.node,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'PORTAL_ROLE_CHANGED', detail: 'PAYER to ADMIN', actor: { billingUserId: user.billingUserId } },
        expect.objectContaining({ type: 'USER_ACTIVATED', detail: 'role BILLING_CONTACT' }),
      ]),
    );
    const trail = (await staff.query(ACTIVITY, { id: account.id })).data.account.activity.edges.map((e: any) => e.node);
    expect(trail[0]).toMatchObject({ action: 'PORTAL_USER_ROLE_CHANGED', actorName: user.displayName });
    expect(trail.map((n: any) => n.action)).toContain('PORTAL_USER_INVITED');

    // Deactivated: the session ends at once and the password stops working; reactivated, it works again.
    expect((await contact.mutate(DEACTIVATE, { userId: viewer.id })).data.deactivateAccountUser.status).toBe(
      'DISABLED',
    );
    expect(codeOf(await viewer.client.query(ME))).toBe('UNAUTHENTICATED');
    const relog = () =>
      t.anonymous().mutate(LOGIN, { input: { userId: viewer.billingUserId, password: NEW_PASSWORD } });
    expect(codeOf(await relog())).toBe('INVALID_CREDENTIALS');
    expect((await contact.mutate(REACTIVATE, { userId: viewer.id })).data.reactivateAccountUser.status).toBe('ACTIVE');
    expect((await relog()).errors).toEqual([]);

    // A billing user ID is unique across accounts: a taken one is CONFLICT and adds nobody.
    const taken = await contact.mutate(INVITE, {
      input: { billingUserId: payer.billingUserId, email: 'x@colleagues.example', displayName: 'X', role: 'VIEWER' },
    });
    expect(codeOf(taken)).toBe('CONFLICT');
    expect((await contact.query(USERS)).data.accountUsers).toHaveLength(3);
  });

  it('keep the billing contact and the last active ADMIN an active ADMIN', async () => {
    const { account, contact, user } = await customer(t, 'Last Admin Srl', ITALIAN);
    const second = await colleague(contact, 'Sara', PortalRole.ADMIN);
    const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));

    // The billing contact named on invoices cannot be demoted or deactivated, by anybody.
    for (const client of [contact, second.client, staff]) {
      expect(codeOf(await client.mutate(CHANGE_ROLE, { userId: user.id, role: 'VIEWER' }))).toBe(
        'BILLING_CONTACT_PROTECTED',
      );
      expect(codeOf(await client.mutate(DEACTIVATE, { userId: user.id }))).toBe('BILLING_CONTACT_PROTECTED');
    }
    // With the billing contact locked out by account services, Sara is the last active ADMIN.
    expect((await staff.mutate(DISABLE_USER, { userId: user.id })).data.disableUser.status).toBe('DISABLED');
    for (const client of [second.client, staff]) {
      expect(codeOf(await client.mutate(CHANGE_ROLE, { userId: second.id, role: 'PAYER' }))).toBe('LAST_ACTIVE_ADMIN');
      expect(codeOf(await client.mutate(DEACTIVATE, { userId: second.id }))).toBe('LAST_ACTIVE_ADMIN');
    }
    // Nothing changed.
    const users = (await staff.query(USERS, { accountId: account.id })).data.accountUsers;
    expect(users.map((u: any) => [u.billingUserId, u.portalRole, u.status])).toEqual([
      [user.billingUserId, 'ADMIN', 'DISABLED'],
      [second.billingUserId, 'ADMIN', 'ACTIVE'],
    ]);
    // Another ADMIN invited (not yet active) does not count; once active, Sara may step down.
    const third = await colleague(second.client, 'Teo', PortalRole.ADMIN);
    expect((await third.client.mutate(CHANGE_ROLE, { userId: second.id, role: 'VIEWER' })).errors).toEqual([]);
    expect(codeOf(await third.client.mutate(DEACTIVATE, { userId: third.id }))).toBe('LAST_ACTIVE_ADMIN');
  });

  it('stay inside their account: other accounts, reps and staff users are NOT_FOUND', async () => {
    const a = await customer(t, 'Tenant Alpha Srl', ITALIAN);
    const b = await customer(t, 'Tenant Beta Srl', ITALIAN);
    const alphaPayer = await colleague(a.contact, 'Aldo', PortalRole.PAYER);
    const staffUser = await t.user(Role.ACCOUNT_SERVICES);
    for (const [op, variables] of [
      [CHANGE_ROLE, { userId: alphaPayer.id, role: 'VIEWER' }],
      [DEACTIVATE, { userId: alphaPayer.id }],
      [REACTIVATE, { userId: alphaPayer.id }],
      [CHANGE_ROLE, { userId: staffUser.id, role: 'VIEWER' }],
      [DEACTIVATE, { userId: randomUUID() }],
    ] as const) {
      const r = await b.contact.mutate(op, variables);
      expect(codeOf(r)).toBe('NOT_FOUND');
      expect(JSON.stringify(r)).not.toContain(alphaPayer.billingUserId);
    }
    expect(codeOf(await b.contact.query(USERS, { accountId: a.account.id }))).toBe('NOT_FOUND');
    expect(codeOf(await b.rep.query(USERS, { accountId: a.account.id }))).toBe('NOT_FOUND');
    // Inviting into another account: the caller's own account is used for a portal user, others' are NOT_FOUND for reps.
    const intruder = await b.rep.mutate(INVITE, {
      input: {
        billingUserId: 'intruder.x',
        email: 'i@x.example',
        displayName: 'I',
        role: 'ADMIN',
        accountId: a.account.id,
      },
    });
    expect(codeOf(intruder)).toBe('NOT_FOUND');
    // The account's own rep manages its users like its ADMIN.
    expect((await a.rep.mutate(CHANGE_ROLE, { userId: alphaPayer.id, role: 'VIEWER' })).errors).toEqual([]);
    expect((await a.rep.query(USERS, { accountId: a.account.id })).data.accountUsers).toHaveLength(2);
  });

  it('record what each user did as that user, and e-mail each what they chose', async () => {
    const { account, contact, rep, user } = await customer(t, 'Choices Spa', {
      ...ITALIAN,
      subscription: { items: [{ productId: products.ANALYTICS, seats: 10 }] },
    });
    const payer = await colleague(contact, 'Piera', PortalRole.PAYER);
    const viewer = await colleague(contact, 'Vera', PortalRole.VIEWER);
    const manager = await colleague(contact, 'Mara', PortalRole.ADMIN);
    // Vera does not want invoices; Piera wants quotes too; Mara wants no quotes, then changes her mind back.
    const vera = await viewer.client.mutate(PREFERENCES, { input: { invoices: false } });
    expect(vera.data.updateEmailPreferences.emailPreferences).toEqual({
      invoices: false,
      receipts: false,
      quotes: false,
      reminders: false,
      defaults: false,
    });
    await payer.client.mutate(PREFERENCES, { input: { quotes: true } });
    await manager.client.mutate(PREFERENCES, { input: { quotes: false } });
    const back = await manager.client.mutate(PREFERENCES, { input: { quotes: null } });
    expect(back.data.updateEmailPreferences.emailPreferences).toMatchObject({ quotes: true, defaults: true });
    // Another portal user's choices are not shown to a VIEWER (nor a PAYER).
    const seen = await viewer.client.query(gql`
      query {
        account {
          billingContact {
            emailPreferences {
              invoices
            }
          }
        }
      }
    `);
    expect(seen.data.account.billingContact.emailPreferences).toBeNull();

    // An invoice goes to those who want invoices; a receipt to those who want receipts.
    const invoice = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [plainLine(50_000)] } })).data
      .issueInvoice;
    expect((await recipientsOf('invoice-issued', invoice.number)).sort()).toEqual(
      [user.email, payer.email, manager.email].sort(),
    );
    const card = (
      await payer.client.mutate(ADD_METHOD, { input: { type: 'CARD', token: 'tok_sandbox_visa', makeDefault: true } })
    ).data.addPaymentMethod.id;
    const paid = await payer.client.mutate(PAY, {
      input: {
        invoiceId: invoice.id,
        amount: { amountMinor: 50_000, currency: 'EUR' },
        paymentMethodId: card,
        idempotencyKey: randomUUID(),
      },
    });
    expect(paid.errors).toEqual([]);
    expect((await recipientsOf('payment-receipt', invoice.number)).sort()).toEqual(
      [user.email, payer.email, manager.email].sort(),
    );
    // The payment is the payer's, on the invoice and on the trail.
    expect((await viewer.client.query(PAYMENTS, { id: invoice.id })).data.invoice.payments).toEqual([
      { madeBy: { displayName: 'Piera' } },
    ]);
    const trail = (await rep.query(ACTIVITY, { id: account.id })).data.account.activity.edges.map((e: any) => e.node);
    expect(trail.find((n: any) => n.action === 'PAYMENT_RECEIVED')).toMatchObject({ actorName: 'Piera' });

    // A quote goes to the ADMINs and to Piera, who asked for quotes; Mara accepts it, as herself.
    const quote = await sentQuote(rep, account.id, [{ productId: products.ANALYTICS, seatChange: 2 }]);
    expect((await recipientsOf('quote-sent', quote.number)).sort()).toEqual(
      [user.email, payer.email, manager.email].sort(),
    );
    expect(codeOf(await payer.client.mutate(ACCEPT, { id: quote.id }))).toBe('FORBIDDEN');
    expect((await manager.client.mutate(ACCEPT, { id: quote.id })).data.acceptQuote).toEqual({
      status: 'ACCEPTED',
      decidedBy: { displayName: 'Mara' },
    });
    const latest = (await rep.query(ACTIVITY, { id: account.id })).data.account.activity.edges.map((e: any) => e.node);
    expect(latest.find((n: any) => n.action === 'QUOTE_ACCEPTED')).toMatchObject({ actorName: 'Mara' });
  });
});

describe('racing changes of portal users', () => {
  const mariadb = Boolean(process.env.TEST_DATABASE_URL);
  let second: Run | undefined;
  afterAll(async () => {
    await stop(second);
  });

  it(`never leave an account without an active ADMIN${mariadb ? ', from two server processes' : ''}`, async () => {
    const { account, contact, user } = await customer(t, 'Race Admins Srl', ITALIAN);
    const x = await colleague(contact, 'Xeno', PortalRole.ADMIN);
    const y = await colleague(contact, 'Yara', PortalRole.ADMIN);
    const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    await staff.mutate(DISABLE_USER, { userId: user.id });
    const clients: TestClient[] = [x.client, y.client];
    if (mariadb) {
      second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
      clients[1] = new TestClient(await listening(second), y.token);
    }
    // Each demotes the other at once, again and again: exactly one demotion wins each round.
    const results = await Promise.all([
      clients[0].mutate(CHANGE_ROLE, { userId: y.id, role: 'VIEWER' }),
      clients[1].mutate(CHANGE_ROLE, { userId: x.id, role: 'VIEWER' }),
    ]);
    const codes = results.map((r) => codeOf(r) ?? 'OK').sort();
    // The loser is LAST_ACTIVE_ADMIN, or FORBIDDEN when the winner's demotion of them came first.
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(['FORBIDDEN', 'LAST_ACTIVE_ADMIN']).toContain(codes.find((c) => c !== 'OK'));
    const users = (await staff.query(USERS, { accountId: account.id })).data.accountUsers;
    expect(users.filter((u: any) => u.portalRole === 'ADMIN' && u.status === 'ACTIVE')).toHaveLength(1);
  });
});
