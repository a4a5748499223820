import { Role } from '../../src/common/roles';
import { codeOf, TestClient } from '../helpers/client';
import { LOGIN, REQUEST_RESET } from '../helpers/operations';
import { listening, run, stop, type Run } from '../helpers/process';
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
// A lock of ten minutes: it must not run out between two attempts on a slow machine.
const env = {
  LOGIN_THROTTLE_USER_THRESHOLD: '4',
  LOGIN_THROTTLE_BASE_DELAY_SECONDS: '600',
  PASSWORD_RESET_REQUESTS_PER_HOUR: '2',
};

/** Polls `condition` until it holds or `timeoutMs` has passed. */
async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The log lines of both processes. */
function allLogs(): Array<Record<string, unknown>> {
  const parsed = (second?.stdout() ?? '').split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return [...t.logs, ...parsed];
}
beforeAll(async () => {
  t = await startTestServer(env);
  servers = [t.anonymous()];
  if (mariadb) {
    second = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0' });
    servers.push(new TestClient(await listening(second)));
  }
});
afterAll(async () => {
  await stop(second);
  await t.stop();
});

describe(`throttling${mariadb ? ' across two server processes' : ''}`, () => {
  it('locks a billing user ID after the threshold, whichever process counts the failures', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const attempt = (i: number, password: string) =>
      servers[i % servers.length].mutate(LOGIN, { input: { userId: user.billingUserId, password } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(codeOf(await attempt(i, `wrong guess number ${i}`)));
    expect(codes).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    // Both processes now refuse, even the right password.
    for (let i = 0; i < servers.length * 2; i++)
      expect(codeOf(await attempt(i, i % 2 ? PASSWORD : 'another wrong guess'))).toBe('LOGIN_THROTTLED');
  });

  it('sends at most the hourly number of reset e-mails, whichever process is asked', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    for (let i = 0; i < 6; i++)
      expect(
        (await servers[i % servers.length].mutate(REQUEST_RESET, { userId: user.billingUserId })).data
          .requestPasswordReset,
      ).toBe(true);
    // The work happens after the answer: wait until the processes have decided all six requests.
    const decided = () =>
      allLogs().filter((l) => l.userId === user.id && (l.event === 'reset.requested' || l.event === 'reset.limited'));
    await until(() => decided().length === 6, 'six reset decisions');
    expect(decided().filter((l) => l.event === 'reset.requested')).toHaveLength(2);
    await until(() => t.mailbox.to(user.email).length >= 2, 'two reset e-mails');
    // A moment for any extra e-mail to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(t.mailbox.messages.filter((m) => m.to.includes(user.email))).toHaveLength(2);
  });
});
