import net, { type AddressInfo } from 'node:net';
import { createDataSource } from '../../src/data-source';
import { OutboxMessage, OutboxStatus } from '../../src/mail/outbox.entity';
import { type BillingUser } from '../../src/modules/identity/billing-user.entity';
import { Role } from '../../src/common/roles';
import { linkToken } from '../helpers/mailbox';
import { LOGIN, ME, REQUEST_RESET, RESET } from '../helpers/operations';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * An SMTP server that misbehaves on purpose, in front of the test mailbox:
 * - `hang`: accepts connections and never writes a byte;
 * - `trickle`: greets, then answers EHLO one byte every 100 ms without ever
 *   finishing the line, so the client's own timeouts (connection, greeting,
 *   inactivity) never fire;
 * - `pipe`: forwards to the real SMTP server at `target` (the next `hangNext`
 *   connections hang instead).
 */
class FaultySmtp {
  mode: 'hang' | 'trickle' | 'pipe' = 'hang';
  hangNext = 0;
  target = 0;
  /** Connections accepted so far. */
  connections = 0;
  /** Hanging or trickling connections the client has not closed yet, and the most at one time. */
  stuckNow = 0;
  maxStuck = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly stuck = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: net.Server;

  async start(): Promise<void> {
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private accept(socket: net.Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    if (this.mode === 'pipe' && this.hangNext === 0) {
      const upstream = net.connect(this.target, '127.0.0.1');
      this.sockets.add(upstream);
      upstream.on('error', () => socket.destroy());
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        socket.destroy();
      });
      socket.on('close', () => upstream.destroy());
      socket.pipe(upstream).pipe(socket);
      return;
    }
    if (this.mode === 'pipe') this.hangNext -= 1;
    this.stuck.add(socket);
    this.stuckNow += 1;
    this.maxStuck = Math.max(this.maxStuck, this.stuckNow);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.stuck.delete(socket);
      this.stuckNow -= 1;
    };
    // The client closing its side ends the hang, whatever the socket does next.
    socket.on('end', release);
    socket.on('close', release);
    if (this.mode === 'trickle') {
      socket.write('220 slow.example ESMTP\r\n');
      socket.once('data', () => {
        socket.write('250-');
        const timer = setInterval(() => socket.writable && socket.write('x'), 100);
        this.timers.add(timer);
        socket.on('close', () => {
          clearInterval(timer);
          this.timers.delete(timer);
        });
      });
    }
  }

  /** Drops every hanging connection, as a server that gives up would. */
  dropStuck(): void {
    for (const socket of this.stuck) socket.destroy();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

const resetRows = (t: TestServer) =>
  t.app.ds.getRepository(OutboxMessage).find({ where: { kind: 'password-reset' }, order: { createdAt: 'ASC' } });

async function requestReset(t: TestServer, user: BillingUser): Promise<void> {
  const r = await t.anonymous().mutate(REQUEST_RESET, { userId: user.billingUserId });
  expect(r.errors).toEqual([]);
}

async function staff(t: TestServer, n: number): Promise<BillingUser[]> {
  const users: BillingUser[] = [];
  for (let i = 0; i < n; i++) users.push(await t.user(Role.SALES_REP));
  return users;
}

describe('an SMTP server that accepts connections and never answers', () => {
  const smtp = new FaultySmtp();
  let t: TestServer;
  let users: BillingUser[];

  beforeAll(async () => {
    await smtp.start();
    t = await startTestServer({
      SMTP_URL: smtp.url,
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SMTP_SOCKET_TIMEOUT_MS: '1000',
      MAIL_SEND_TIMEOUT_MS: '3000',
      MAIL_SEND_CONCURRENCY: '3',
    });
    smtp.target = t.mailbox.port;
    users = await staff(t, 5);
  });
  afterAll(async () => {
    await t?.stop();
    await smtp.stop();
  });

  it('times every message out, a few at a time, keeps each pending for a retry, and the API answers meanwhile', async () => {
    for (const user of users) await requestReset(t, user);

    // While sends hang, the API answers: a login and a query.
    await until(
      () => smtp.stuckNow,
      (n) => n >= 1,
    );
    const client = await t.loginAs(users[0]);
    const me = await client.query(ME);
    expect(me.errors).toEqual([]);
    expect(me.data.me.billingUserId).toBe(users[0].billingUserId);
    expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);

    const rows = await until(
      () => resetRows(t),
      (rs) => rs.length === users.length && rs.every((r) => r.lastError !== null),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, sentAt: null });
      expect(row.lastError).toMatch(/^timed out/);
      // Retried later, with the backoff of any failure (10 s after the first attempt).
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime() + 9_000);
      expect(row.textBody).toMatch(/reset-password\?token=/); // kept for the retry
    }
    expect(smtp.connections).toBeGreaterThanOrEqual(users.length);
    // Never more than MAIL_SEND_CONCURRENCY sends at once.
    expect(smtp.maxStuck).toBeLessThanOrEqual(3);
    expect(t.mailbox.messages).toHaveLength(0);
    expect(t.logs.filter((l) => l.msg === 'mail delivery failed' && l.timedOut === true).length).toBeGreaterThanOrEqual(
      users.length,
    );
  });

  it('delivers every message on a later attempt once the server answers, and the links work', async () => {
    smtp.mode = 'pipe';
    // No test intervention: the backoff passes and the dispatcher's poll picks them up.
    const mails = [];
    for (const user of users)
      mails.push(await t.mailbox.waitFor((m) => m.to.includes(user.email.toLowerCase()), 45_000));
    const rows = await until(
      () => resetRows(t),
      (rs) => rs.every((r) => r.status === OutboxStatus.SENT),
    );
    for (const row of rows)
      expect(row).toMatchObject({ status: OutboxStatus.SENT, attempts: 2, lastError: null, textBody: '' });
    for (const user of users) expect(t.mailbox.to(user.email)).toHaveLength(1);

    const token = linkToken(mails[1], '/reset-password');
    const newPassword = 'a brand new passphrase for the test';
    expect((await t.anonymous().mutate(RESET, { input: { token, newPassword } })).errors).toEqual([]);
    const login = await t
      .anonymous()
      .mutate(LOGIN, { input: { userId: users[1].billingUserId, password: newPassword } });
    expect(login.errors).toEqual([]);
  }, 90_000);
});

describe('a message that hangs', () => {
  const smtp = new FaultySmtp();
  let t: TestServer;

  beforeAll(async () => {
    await smtp.start();
    smtp.mode = 'pipe';
    // Timeouts far beyond the test: only the other messages can make progress while one hangs.
    t = await startTestServer({
      SMTP_URL: smtp.url,
      SMTP_CONNECTION_TIMEOUT_MS: '60000',
      SMTP_SOCKET_TIMEOUT_MS: '60000',
      MAIL_SEND_TIMEOUT_MS: '60000',
      MAIL_SEND_CONCURRENCY: '2',
    });
    smtp.target = t.mailbox.port;
  });
  afterAll(async () => {
    await t?.stop();
    await smtp.stop();
  });

  it('does not hold the messages behind it; it is retried and delivered when its connection fails', async () => {
    const [stuck, ...others] = await staff(t, 4);
    smtp.hangNext = 1;
    await requestReset(t, stuck);
    await until(
      () => smtp.stuckNow,
      (n) => n === 1,
    );

    for (const user of others) await requestReset(t, user);
    for (const user of others) await t.mailbox.waitFor((m) => m.to.includes(user.email.toLowerCase()));

    // All three went through the other slot while the first message still waits for its server.
    expect(smtp.stuckNow).toBe(1);
    const [first] = await resetRows(t);
    expect(first).toMatchObject({
      recipients: [stuck.email],
      status: OutboxStatus.PENDING,
      attempts: 1,
      lastError: null,
    });
    expect(t.mailbox.to(stuck.email)).toHaveLength(0);

    // The hung server drops the connection: a failure, retried with backoff, then delivered.
    smtp.dropStuck();
    const failed = await until(
      () => t.app.ds.getRepository(OutboxMessage).findOneByOrFail({ id: first.id }),
      (r) => r.lastError !== null,
    );
    expect(failed).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1 });
    await t.mailbox.waitFor((m) => m.to.includes(stuck.email.toLowerCase()), 45_000);
    await until(
      () => t.app.ds.getRepository(OutboxMessage).findOneByOrFail({ id: first.id }),
      (r) => r.status === OutboxStatus.SENT,
    );
  }, 90_000);
});

describe('an SMTP server that answers too slowly for any socket timeout', () => {
  const smtp = new FaultySmtp();
  let t: TestServer;

  beforeAll(async () => {
    await smtp.start();
    smtp.mode = 'trickle';
    t = await startTestServer({
      SMTP_URL: smtp.url,
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SMTP_SOCKET_TIMEOUT_MS: '1000',
      MAIL_SEND_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp.stop();
  });

  it('is cut off by the per-message deadline, which closes the connection; the message stays pending', async () => {
    const [user] = await staff(t, 1);
    await requestReset(t, user);
    const [row] = await until(
      () => resetRows(t),
      (rs) => rs.length === 1 && rs[0].lastError !== null,
    );
    expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1 });
    expect(row.lastError).toBe('timed out: no answer within 2000 ms (MAIL_SEND_TIMEOUT_MS)');
    // The dispatcher dropped the connection it gave up on.
    await until(
      () => smtp.stuckNow,
      (n) => n === 0,
    );
  });

  it('does not hold app.stop(), and the message is kept pending for a retry', async () => {
    const [user] = await staff(t, 1);
    await requestReset(t, user);
    await until(
      () => smtp.stuckNow,
      (n) => n === 1,
    );
    const started = Date.now();
    await t.app.stop();
    // At most the 2 s deadline, with generous room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);

    const ds = createDataSource(t.app.config.database);
    await ds.initialize();
    try {
      const rows = await ds.getRepository(OutboxMessage).findBy({ kind: 'password-reset' });
      const row = rows.find((r) => r.recipients.includes(user.email));
      expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, sentAt: null });
      expect(row!.lastError).toMatch(/^timed out/);
    } finally {
      await ds.destroy();
    }
  });
});
