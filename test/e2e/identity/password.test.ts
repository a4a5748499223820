import { Role } from '../../../src/common/roles';
import { codeOf, TestClient } from '../../helpers/client';
import { linkToken } from '../../helpers/mailbox';
import { PASSWORD, startTestServer, type TestServer } from '../../helpers/server';
import { CHANGE_PASSWORD, LOGIN, ME, REFRESH, REQUEST_RESET, RESET } from '../../helpers/operations';

const NEW_PASSWORD = 'a fresh and rather long passphrase';
/** Every secret these tests handled; none may appear in the service's logs. */
const secrets = new Set<string>([PASSWORD, NEW_PASSWORD]);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ PUBLIC_URL: 'https://billing.example.test' });
});
afterAll(() => t.stop());
afterEach(() => t.clock.reset());

const login = (userId: string, password: string) => t.anonymous().mutate(LOGIN, { input: { userId, password } });

async function requestResetMail(userId: string, email: string, previous = 0) {
  const r = await t.anonymous().mutate(REQUEST_RESET, { userId });
  expect(r.data.requestPasswordReset).toBe(true);
  return t.mailbox.waitFor(
    (m) => m.to.includes(email) && m.subject.includes('Reset') && t.mailbox.to(email).indexOf(m) >= previous,
  );
}

describe('password reset', () => {
  it('e-mails a single-use link that sets the password, ends every session and does not log in', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const session = await t.loginAs(user);
    const mail = await requestResetMail(user.billingUserId, user.email);
    expect(mail.text).toContain('https://billing.example.test/reset-password?token=');
    const token = linkToken(mail, '/reset-password');
    secrets.add(token).add(session.accessToken).add(session.refreshToken);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);

    // A weak password is refused and the link still works afterwards.
    const weak = await t.anonymous().mutate(RESET, { input: { token, newPassword: 'password1234' } });
    expect(codeOf(weak)).toBe('WEAK_PASSWORD');
    const short = await t.anonymous().mutate(RESET, { input: { token, newPassword: 'short' } });
    expect(codeOf(short)).toBe('WEAK_PASSWORD');

    const done = await t.anonymous().mutate(RESET, { input: { token, newPassword: NEW_PASSWORD } });
    expect(done.errors).toEqual([]);
    expect(done.data.resetPassword).toBe(true);

    // The link works once.
    expect(
      codeOf(await t.anonymous().mutate(RESET, { input: { token, newPassword: 'another long passphrase here' } })),
    ).toBe('INVALID_TOKEN');
    // Old sessions are over: the access token (older session version) and the refresh token.
    expect(codeOf(await session.query(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: session.refreshToken }))).toBe('UNAUTHENTICATED');
    // The old password no longer works, the new one does.
    expect(codeOf(await login(user.billingUserId, PASSWORD))).toBe('INVALID_CREDENTIALS');
    expect((await login(user.billingUserId, NEW_PASSWORD)).errors).toEqual([]);
    // And the user is told their password changed.
    await t.mailbox.waitFor((m) => m.to.includes(user.email) && m.subject.includes('was changed'));
  });

  it('answers true for unknown users and sends nothing', async () => {
    const before = t.mailbox.messages.length;
    const r = await t.anonymous().mutate(REQUEST_RESET, { userId: 'no.such.user' });
    expect(r).toMatchObject({ data: { requestPasswordReset: true }, errors: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.mailbox.messages.length).toBe(before);
  });

  it('does the same work before answering for known and unknown user IDs', async () => {
    const user = await t.user(Role.SALES_REP);
    const ask = (userId: string) => t.anonymous().raw(REQUEST_RESET, { userId });
    const known = await ask(user.billingUserId);
    const unknown = await ask('nobody.at.all');
    expect(known.json).toMatchObject({ data: { requestPasswordReset: true } });
    expect(unknown.json).toMatchObject({ data: { requestPasswordReset: true } });
    expect(known.json.extensions.sqlStatements).toBe(unknown.json.extensions.sqlStatements);
    await t.mailbox.waitFor((m) => m.to.includes(user.email));
  });

  it('rejects expired links and makes earlier links useless once one is used', async () => {
    const user = await t.user(Role.SALES_REP);
    const first = linkToken(await requestResetMail(user.billingUserId, user.email), '/reset-password');
    const second = linkToken(await requestResetMail(user.billingUserId, user.email, 1), '/reset-password');
    expect(second).not.toBe(first);

    // Let the first link's hour pass.
    t.clock.advance({ hours: 1, seconds: 1 });
    expect(codeOf(await t.anonymous().mutate(RESET, { input: { token: first, newPassword: NEW_PASSWORD } }))).toBe(
      'INVALID_TOKEN',
    );

    const third = linkToken(await requestResetMail(user.billingUserId, user.email, 2), '/reset-password');
    const fourth = linkToken(await requestResetMail(user.billingUserId, user.email, 3), '/reset-password');
    expect((await t.anonymous().mutate(RESET, { input: { token: fourth, newPassword: NEW_PASSWORD } })).errors).toEqual(
      [],
    );
    expect(codeOf(await t.anonymous().mutate(RESET, { input: { token: third, newPassword: NEW_PASSWORD } }))).toBe(
      'INVALID_TOKEN',
    );
  });

  it('sends at most five reset e-mails per user per hour', async () => {
    const user = await t.user(Role.SALES_REP);
    for (let i = 0; i < 7; i++) {
      expect(
        (await t.anonymous().mutate(REQUEST_RESET, { userId: user.billingUserId })).data.requestPasswordReset,
      ).toBe(true);
    }
    await t.mailbox.waitFor(() => t.mailbox.to(user.email).length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.mailbox.to(user.email)).toHaveLength(5);
  });
});

describe('changePassword', () => {
  it('needs the current password, ends the other sessions and keeps this one with new tokens', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const current = await t.loginAs(user);
    const other = await t.loginAs(user);

    const wrong = await current.mutate(CHANGE_PASSWORD, {
      input: { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
    });
    expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
    const weak = await current.mutate(CHANGE_PASSWORD, {
      input: { currentPassword: PASSWORD, newPassword: 'qwertyuiop123' },
    });
    expect(codeOf(weak)).toBe('WEAK_PASSWORD');

    const r = await current.mutate(CHANGE_PASSWORD, {
      input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(r.errors).toEqual([]);
    secrets.add(r.data.changePassword.accessToken).add(r.data.changePassword.refreshToken!);
    const renewed = new TestClient(t.url, r.data.changePassword.accessToken);
    expect((await renewed.query(ME)).data.me.id).toBe(user.id);
    expect((await t.anonymous().mutate(REFRESH, { token: r.data.changePassword.refreshToken! })).errors).toEqual([]);

    expect(codeOf(await other.query(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous().mutate(REFRESH, { token: other.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await login(user.billingUserId, PASSWORD))).toBe('INVALID_CREDENTIALS');
    expect((await login(user.billingUserId, NEW_PASSWORD)).errors).toEqual([]);
  });

  it('runs safely beside refreshes of the same and other sessions (no deadlock, no server error)', async () => {
    const user = await t.user(Role.SALES_REP);
    let password = PASSWORD;
    for (let i = 0; i < 5; i++) {
      const a = await t.loginAs(user, password);
      const b = await t.loginAs(user, password);
      const next = `${NEW_PASSWORD} round ${i}`;
      const answers = await Promise.all([
        a.mutate(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: next } }),
        t.anonymous().mutate(REFRESH, { token: a.refreshToken }),
        t.anonymous().mutate(REFRESH, { token: b.refreshToken }),
      ]);
      secrets.add(next);
      expect(answers[0].errors).toEqual([]);
      for (const r of answers.slice(1)) expect([undefined, 'UNAUTHENTICATED']).toContain(codeOf(r));
      password = next;
    }
  });

  it('needs a login', async () => {
    const r = await t
      .anonymous()
      .mutate(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });
});

describe('logs', () => {
  it('never contain the passwords, tokens or reset links of these flows', () => {
    const text = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/reset-password\?token=/);
  });
});
