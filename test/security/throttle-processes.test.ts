import { Role } from '../../src/modules/identity/billing-user.entity';
import { codeOf, TestClient } from '../helpers/client';
import { LOGIN, REQUEST_RESET } from '../helpers/operations';
import { listening, run, type Run } from '../helpers/process';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';

/**
 * Login and reset throttling live in the database, so they hold across server
 * processes. On MariaDB the second server is a separate `main.js` process on
 * the same database; on SQLite (one process per file) the test runs the
 * same checks against one server.
 */
const mariadb = Boolean(process.env.TEST_DATABASE_URL);
let t: TestServer;
let second: Run | undefined;
let servers: TestClient[];
const env = { LOGIN_THROTTLE_USER_THRESHOLD: '4', PASSWORD_RESET_REQUESTS_PER_HOUR: '2' };
beforeAll(async () => {
  t = await startTestServer(env);
  servers = [t.anonymous()];
  if (mariadb) {
    second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
    servers.push(new TestClient(await listening(second)));
  }
});
afterAll(async () => {
  second?.child.kill('SIGTERM');
  await second?.exited;
  await t.stop();
});

describe(`throttling${mariadb ? ' across two server processes' : ''}`, () => {
  it('locks a billing user ID after the threshold, whichever process counts the failures', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const attempt = (i: number, password: string) => servers[i % servers.length].mutate(LOGIN, { input: { userId: user.billingUserId, password } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(codeOf(await attempt(i, `wrong guess number ${i}`)));
    expect(codes).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    // Both processes now refuse, even the right password.
    for (let i = 0; i < servers.length * 2; i++) expect(codeOf(await attempt(i, i % 2 ? PASSWORD : 'another wrong guess'))).toBe('LOGIN_THROTTLED');
  });

  it('sends at most the hourly number of reset e-mails, whichever process is asked', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    for (let i = 0; i < 6; i++) expect((await servers[i % servers.length].mutate(REQUEST_RESET, { userId: user.billingUserId })).data.requestPasswordReset).toBe(true);
    // The work happens after the answer: wait until both processes are quiet, then count.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await t.mailbox.waitFor((m) => m.to.includes(user.email));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(t.mailbox.messages.filter((m) => m.to.includes(user.email))).toHaveLength(2);
  });
});
