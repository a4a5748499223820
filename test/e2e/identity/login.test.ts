import { Role } from '../../../src/common/roles';
import { codeOf, postJson, TestClient } from '../../helpers/client';
import { PASSWORD, startTestServer, type TestServer } from '../../helpers/server';
import { DISABLE, INVITE, LOGIN, LOGOUT, ME, REFRESH } from '../../helpers/operations';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ LOGIN_THROTTLE_USER_THRESHOLD: '3', LOGIN_THROTTLE_BASE_DELAY_SECONDS: '2' });
});
afterAll(() => t.stop());

const login = (userId: string, password: string, client: TestClient = t.anonymous()) =>
  client.mutate(LOGIN, { input: { userId, password } });

describe('login', () => {
  it('logs a billing contact in with their billing user ID, case-insensitively, and me shows their account', async () => {
    const account = await t.account('Initech LLC');
    const user = await t.user(Role.BILLING_CONTACT, { accountId: account.id, billingUserId: 'Pat.Payables' });
    const r = await login('  pat.PAYABLES ', PASSWORD);
    expect(r.errors).toEqual([]);
    expect(r.data.login.user).toMatchObject({ id: user.id, billingUserId: 'Pat.Payables', role: 'BILLING_CONTACT' });
    expect(new Date(r.data.login.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    const me = await new TestClient(t.url, r.data.login.accessToken).query(ME);
    expect(me.errors).toEqual([]);
    expect(me.data.me).toMatchObject({
      id: user.id,
      status: 'ACTIVE',
      account: { id: account.id, organisationName: 'Initech LLC', accountNumber: account.accountNumber },
    });
  });

  it('gives the same answer for an unknown user ID, a wrong password, an invited and a disabled user', async () => {
    const active = await t.user(Role.SALES_REP);
    const disabled = await t.user(Role.SALES_REP);
    const cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    expect((await cas.mutate(DISABLE, { id: disabled.id })).data.disableUser.status).toBe('DISABLED');
    const account = await t.account();
    const invited = await cas.mutate(INVITE, {
      input: {
        accountId: account.id,
        billingUserId: 'not.yet.active',
        email: 'nya@example.test',
        displayName: 'Not Yet',
      },
    });
    expect(invited.data.inviteBillingContact.status).toBe('INVITED');

    const answers = [
      await login('nobody.here', PASSWORD),
      await login(active.billingUserId, 'wrong password entirely'),
      await login(disabled.billingUserId, PASSWORD),
      await login('not.yet.active', PASSWORD),
    ];
    for (const r of answers) {
      expect(r.data ?? null).toBeNull();
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].extensions).toEqual({ code: 'INVALID_CREDENTIALS' });
      expect(r.errors[0].message).toBe(answers[0].errors[0].message);
    }
  });

  it('ends the sessions of a user who is disabled', async () => {
    const user = await t.user(Role.SALES_REP);
    const client = await t.loginAs(user);
    const cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    await cas.mutate(DISABLE, { id: user.id });
    expect(codeOf(await client.query(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: client.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('throttles a user ID after consecutive failures, then lets the right password in once the delay is over', async () => {
    const user = await t.user(Role.SALES_REP);
    for (let i = 0; i < 3; i++)
      expect(codeOf(await login(user.billingUserId, 'not the password!'))).toBe('INVALID_CREDENTIALS');
    const throttled = await login(user.billingUserId, PASSWORD);
    expect(codeOf(throttled)).toBe('LOGIN_THROTTLED');
    expect(throttled.errors[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Unknown IDs are throttled the same way, so throttling tells nothing about existence.
    for (let i = 0; i < 3; i++) await login('ghost.user', 'not the password!');
    expect(codeOf(await login('ghost.user', PASSWORD))).toBe('LOGIN_THROTTLED');

    await new Promise((resolve) => setTimeout(resolve, 2200));
    const released = await login(user.billingUserId, PASSWORD);
    expect(released.errors).toEqual([]);
    // The success cleared the counter: one more failure does not lock the user again.
    expect(codeOf(await login(user.billingUserId, 'not the password!'))).toBe('INVALID_CREDENTIALS');
    expect((await login(user.billingUserId, PASSWORD)).errors).toEqual([]);
  });
});

describe('throttling parallel guesses', () => {
  it('checks the password at most `threshold` times however many guesses arrive at once', async () => {
    const user = await t.user(Role.SALES_REP);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login(user.billingUserId, 'parallel wrong guess')),
    );
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(17);
  });
});

describe('throttling per client address', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({
      TRUST_PROXY: 'loopback',
      LOGIN_THROTTLE_ADDRESS_THRESHOLD: '4',
      LOGIN_THROTTLE_BASE_DELAY_SECONDS: '30',
    });
  });
  afterAll(() => proxied.stop());

  const from = (address: string, userId: string, password: string) =>
    postJson(
      proxied.url,
      {
        query: 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }',
        variables: { i: { userId, password } },
      },
      { 'x-forwarded-for': address },
    );

  it('slows down an address that tries many user IDs, without touching other addresses', async () => {
    const user = await proxied.user(Role.SALES_REP);
    for (let i = 0; i < 4; i++) {
      const r = await from('203.0.113.7', `sprayed.${i}`, 'Winter2026!Winter');
      expect(r.json.errors[0].extensions.code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await from('203.0.113.7', user.billingUserId, PASSWORD);
    expect(blocked.json.errors[0].extensions).toMatchObject({
      code: 'LOGIN_THROTTLED',
      retryAfterSeconds: expect.any(Number),
    });
    const elsewhere = await from('198.51.100.20', user.billingUserId, PASSWORD);
    expect(elsewhere.json.errors).toBeUndefined();
    expect(elsewhere.json.data.login.accessToken).toEqual(expect.any(String));
  });

  it('does not count a successful login against its address', async () => {
    const [a, b] = [await proxied.user(Role.BILLING_CONTACT), await proxied.user(Role.BILLING_CONTACT)];
    for (let i = 0; i < 3; i++) await from('192.0.2.44', `typo.${i}`, 'nearly right password');
    // The fourth attempt reaches the threshold but is right: it leaves no lock behind.
    expect((await from('192.0.2.44', a.billingUserId, PASSWORD)).json.errors).toBeUndefined();
    expect((await from('192.0.2.44', b.billingUserId, PASSWORD)).json.errors).toBeUndefined();
  });

  it('serves many simultaneous logins from many addresses without a server error', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => proxied.user(Role.BILLING_CONTACT)));
    const right = await Promise.all(users.map((u, i) => from(`198.18.0.${i + 1}`, u.billingUserId, PASSWORD)));
    expect(right.map((r) => r.json.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(users.map(() => 'OK'));
    const wrong = await Promise.all(
      users.map((u, i) => from(`198.18.1.${i + 1}`, u.billingUserId, 'wrong but harmless')),
    );
    expect(wrong.map((r) => r.json.errors[0].extensions.code)).toEqual(users.map(() => 'INVALID_CREDENTIALS'));
  });
});

describe('sessions', () => {
  it('rotates the refresh token on every use and revokes the whole session when one is reused', async () => {
    const user = await t.user(Role.SALES_REP);
    const client = await t.loginAs(user);
    const anon = t.anonymous();

    const first = await anon.mutate(REFRESH, { token: client.refreshToken });
    expect(first.errors).toEqual([]);
    expect(first.data.refreshSession.refreshToken).not.toBe(client.refreshToken);
    const second = await anon.mutate(REFRESH, { token: first.data.refreshSession.refreshToken! });
    expect(second.errors).toEqual([]);
    const latestAccess = new TestClient(t.url, second.data.refreshSession.accessToken);
    expect((await latestAccess.query(ME)).data.me.id).toBe(user.id);

    // The first refresh token again: theft is assumed, the session family ends.
    expect(codeOf(await anon.mutate(REFRESH, { token: client.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await anon.mutate(REFRESH, { token: second.data.refreshSession.refreshToken! }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await latestAccess.query(ME))).toBe('UNAUTHENTICATED');

    // Other sessions of the same user are not affected.
    const other = await t.loginAs(user);
    expect((await other.query(ME)).errors).toEqual([]);
  });

  it('of simultaneous uses of one refresh token, one wins and the session ends as a reuse', async () => {
    const client = await t.loginAs(await t.user(Role.SALES_REP));
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => t.anonymous().mutate(REFRESH, { token: client.refreshToken })),
    );
    const winners = answers.filter((r) => r.errors.length === 0);
    expect(winners).toHaveLength(1);
    expect(answers.filter((r) => codeOf(r) === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: winners[0].data.refreshSession.refreshToken! }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('rejects an unknown refresh token', async () => {
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: 'rt_made-up' }))).toBe('UNAUTHENTICATED');
  });

  it('logout ends the current session and its refresh token', async () => {
    const user = await t.user(Role.ACCOUNT_SERVICES);
    const client = await t.loginAs(user);
    const other = await t.loginAs(user);
    const r = await client.mutate(LOGOUT, {});
    expect(r.data.logout).toBe(true);
    expect(codeOf(await client.query(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: client.refreshToken }))).toBe('UNAUTHENTICATED');
    expect((await other.query(ME)).errors).toEqual([]);

    // Logging out by refresh token works without an access token.
    expect((await t.anonymous().mutate(LOGOUT, { token: other.refreshToken })).data.logout).toBe(true);
    expect(codeOf(await other.query(ME))).toBe('UNAUTHENTICATED');
  });

  it('asks anonymous callers of protected operations to log in', async () => {
    expect(codeOf(await t.anonymous().query(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous().mutate(LOGOUT, {}))).toBe('UNAUTHENTICATED');
  });

  it('forbids a billing contact from staff operations', async () => {
    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    const victim = await t.user(Role.SALES_REP);
    expect(codeOf(await contact.mutate(DISABLE, { id: victim.id }))).toBe('FORBIDDEN');
  });
});
