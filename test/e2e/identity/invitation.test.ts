import { UserToken } from '../../../src/modules/identity/user-token.entity';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import type { VariablesOf } from '../../helpers/graphql';
import { linkToken } from '../../helpers/mailbox';
import { startTestServer, type TestServer } from '../../helpers/server';
import { ACTIVATE, INVITE, LOGIN, RESEND } from '../../helpers/operations';

const FIRST_PASSWORD = 'invoices are paid on fridays';

let t: TestServer;
let rep: TestClient;
let repId: string;
beforeAll(async () => {
  t = await startTestServer();
  const repUser = await t.user(Role.SALES_REP);
  repId = repUser.id;
  rep = await t.loginAs(repUser);
});

/** An account assigned to the rep of these tests. */
const repAccount = (name?: string) => t.account(name, { salesRepId: repId });
afterAll(() => t.stop());
afterEach(() => t.clock.reset());

const invite = (input: VariablesOf<typeof INVITE>['input'], client: TestClient = rep) =>
  client.mutate(INVITE, { input });
const login = (userId: string, password: string) => t.anonymous().mutate(LOGIN, { input: { userId, password } });

describe('inviting a billing contact', () => {
  it('creates an INVITED contact who activates through the e-mailed link, then logs in', async () => {
    const account = await repAccount('Umbrella Logistics');
    const r = await invite({
      accountId: account.id,
      billingUserId: 'ap@umbrella.example',
      email: 'AP@umbrella.example',
      displayName: 'Accounts Payable',
    });
    expect(r.errors).toEqual([]);
    expect(r.data.inviteBillingContact).toMatchObject({
      status: 'INVITED',
      role: 'BILLING_CONTACT',
      account: { id: account.id },
    });

    const mail = await t.mailbox.waitFor((m) => m.to.includes('ap@umbrella.example'));
    expect(mail.subject).toContain('Umbrella Logistics');
    expect(mail.text).toContain('ap@umbrella.example');
    const token = linkToken(mail, '/activate');

    expect(codeOf(await login('ap@umbrella.example', FIRST_PASSWORD))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: 'letmein' } }))).toBe(
      'WEAK_PASSWORD',
    );
    const activated = await t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: FIRST_PASSWORD } });
    expect(activated.errors).toEqual([]);
    expect(codeOf(await t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: FIRST_PASSWORD } }))).toBe(
      'INVALID_TOKEN',
    );

    const session = await login('AP@Umbrella.example', FIRST_PASSWORD);
    expect(session.errors).toEqual([]);
    expect(session.data.login.user.role).toBe('BILLING_CONTACT');
  });

  it('rejects a second contact for the account and a billing user ID already taken', async () => {
    const account = await repAccount();
    const ok = await invite({
      accountId: account.id,
      billingUserId: 'taken.id',
      email: 'one@example.test',
      displayName: 'One',
    });
    expect(ok.errors).toEqual([]);
    const second = await invite({
      accountId: account.id,
      billingUserId: 'other.id',
      email: 'two@example.test',
      displayName: 'Two',
    });
    expect(codeOf(second)).toBe('CONFLICT');
    const other = await repAccount();
    const taken = await invite({
      accountId: other.id,
      billingUserId: 'TAKEN.ID',
      email: 'three@example.test',
      displayName: 'Three',
    });
    expect(codeOf(taken)).toBe('CONFLICT');
  });

  it('lets exactly one of several simultaneous invitations for an account through', async () => {
    const account = await repAccount();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        invite({
          accountId: account.id,
          billingUserId: `race.${i}`,
          email: `race${i}@example.test`,
          displayName: `Racer ${i}`,
        }),
      ),
    );
    expect(answers.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(answers.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(5);
  });

  it('validates the input with clear errors and changes nothing', async () => {
    const account = await repAccount();
    const badEmail = await invite({
      accountId: account.id,
      billingUserId: 'valid.name',
      email: 'not-an-email',
      displayName: 'X',
    });
    expect(codeOf(badEmail)).toBe('BAD_USER_INPUT');
    expect(badEmail.errors[0].extensions?.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    const badId = await invite({
      accountId: account.id,
      billingUserId: 'has spaces!',
      email: 'x@example.test',
      displayName: 'X',
    });
    expect(codeOf(badId)).toBe('BAD_USER_INPUT');
    expect(badId.errors[0].extensions?.field).toBe('billingUserId');
    const noAccount = await invite({
      accountId: '00000000-0000-0000-0000-000000000000',
      billingUserId: 'valid.name',
      email: 'x@example.test',
      displayName: 'X',
    });
    expect(codeOf(noAccount)).toBe('NOT_FOUND');
    // Nothing was created: the same ID can still be invited.
    const ok = await invite({
      accountId: account.id,
      billingUserId: 'valid.name',
      email: 'x@example.test',
      displayName: 'X',
    });
    expect(ok.errors).toEqual([]);
  });

  it('is limited to the accounts a sales rep is assigned to', async () => {
    const other = await t.account('Someone Else Inc');
    const r = await invite({
      accountId: other.id,
      billingUserId: 'not.mine',
      email: 'nm@example.test',
      displayName: 'NM',
    });
    expect(codeOf(r)).toBe('NOT_FOUND');
    const cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    const ok = await invite(
      { accountId: other.id, billingUserId: 'not.mine', email: 'nm@example.test', displayName: 'NM' },
      cas,
    );
    expect(ok.errors).toEqual([]);
  });

  it('is staff-only', async () => {
    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    const account = await repAccount();
    const r = await invite(
      { accountId: account.id, billingUserId: 'sneaky', email: 's@example.test', displayName: 'S' },
      contact,
    );
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(
      codeOf(
        await invite(
          { accountId: account.id, billingUserId: 'sneaky', email: 's@example.test', displayName: 'S' },
          t.anonymous(),
        ),
      ),
    ).toBe('UNAUTHENTICATED');
  });

  it('resending replaces the link, and an expired link does not activate', async () => {
    const account = await repAccount();
    const r = await invite({
      accountId: account.id,
      billingUserId: 'late.joiner',
      email: 'late@example.test',
      displayName: 'Late',
    });
    const first = linkToken(await t.mailbox.waitFor((m) => m.to.includes('late@example.test')), '/activate');
    const resent = await rep.mutate(RESEND, { id: r.data.inviteBillingContact.id });
    expect(resent.data.resendInvitation.status).toBe('INVITED');
    await t.mailbox.waitFor(() => t.mailbox.to('late@example.test').length === 2);
    const second = linkToken(t.mailbox.to('late@example.test')[1], '/activate');
    expect(codeOf(await t.anonymous().mutate(ACTIVATE, { input: { token: first, newPassword: FIRST_PASSWORD } }))).toBe(
      'INVALID_TOKEN',
    );

    // Seven days pass.
    t.clock.advance({ days: 7, seconds: 1 });
    expect(
      codeOf(await t.anonymous().mutate(ACTIVATE, { input: { token: second, newPassword: FIRST_PASSWORD } })),
    ).toBe('INVALID_TOKEN');
  });

  it('invitation links expire after seven days', async () => {
    const account = await repAccount();
    const r = await invite({
      accountId: account.id,
      billingUserId: 'week.check',
      email: 'week@example.test',
      displayName: 'Week',
    });
    const token = await t.app.ds.getRepository(UserToken).findOneByOrFail({ userId: r.data.inviteBillingContact.id });
    const days = (token.expiresAt.getTime() - token.createdAt.getTime()) / 86400_000;
    expect(days).toBeCloseTo(7, 3);
  });
});
