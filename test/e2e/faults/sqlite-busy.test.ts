import path from 'node:path';
import Database from 'better-sqlite3';
import { Role } from '../../../src/common/roles';
import { startTestServer, type TestServer } from '../../helpers/server';

/**
 * Another process holds SQLite's write lock past SQLITE_BUSY_TIMEOUT_MS:
 * a write is refused with a retryable SERVICE_UNAVAILABLE (HTTP 503 and
 * Retry-After), reads and readiness still work, and the write succeeds once
 * the lock is gone. The log has one line for the outage and one for its end.
 */
const ON_SQLITE = !process.env.TEST_DATABASE_URL;
const describeOnSqlite = ON_SQLITE ? describe : describe.skip;

const ADD = `mutation ($input: AddInvoiceRecipientInput!) { addInvoiceRecipient(input: $input) { id email } }`;
const READ = `query { account { id invoiceRecipients { email } } }`;

describeOnSqlite('SQLite locked by another process (SQLITE_BUSY_TIMEOUT_MS)', () => {
  let server: TestServer;
  let token: string;
  let other: Database.Database | undefined;

  beforeAll(async () => {
    server = await startTestServer({ SQLITE_BUSY_TIMEOUT_MS: '200' });
    const account = await server.account('Locked Files Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' });
    token = (await server.loginAs(await server.user(Role.BILLING_CONTACT, { accountId: account.id }))).accessToken;
  });
  afterAll(async () => {
    other?.close();
    await server?.stop();
  });

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), json: await res.json() };
  };

  it('refuses writes with a retryable 503 while the file is locked, and writes again after', async () => {
    other = new Database(path.join(server.db.dataDir, 'test.sqlite'));
    other.exec('BEGIN IMMEDIATE'); // the write lock, held by "another process"

    const started = Date.now();
    const refused = await post(ADD, { input: { email: 'while.locked@busy.example' } });
    // It waited SQLITE_BUSY_TIMEOUT_MS (200 ms), not the default 5 s.
    expect(Date.now() - started).toBeLessThan(4000);
    expect({
      status: refused.status,
      retryAfter: refused.retryAfter,
      code: refused.json.errors?.[0]?.extensions?.code,
    }).toEqual({
      status: 503,
      retryAfter: '5',
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(refused.json.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(JSON.stringify(refused.json)).not.toMatch(/SQLITE|INSERT|stack/i);
    // Reads do not need the write lock (WAL), nor does readiness.
    const read = await post(READ);
    expect(read.status).toBe(200);
    expect(read.json.data.account.invoiceRecipients.map((r: { email: string }) => r.email)).not.toContain(
      'while.locked@busy.example',
    );
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);

    other.exec('ROLLBACK');
    other.close();
    other = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // an outage ends after a second without failures
    const written = await post(ADD, { input: { email: 'after.unlock@busy.example' } });
    expect({ status: written.status, errors: written.json.errors }).toEqual({ status: 200, errors: undefined });
    expect((await post(READ)).json.data.account.invoiceRecipients.map((r: { email: string }) => r.email)).toContain(
      'after.unlock@busy.example',
    );

    const outage = server.logs.filter((l) => /^database (unavailable|available again)/.test(String(l.msg)));
    expect(outage.map((l) => [l.level, l.msg, l.cause ?? l.refusedRequests])).toEqual([
      [
        40,
        'database unavailable: requests are refused with 503 until it answers again',
        { code: 'SQLITE_BUSY', message: 'database is locked' },
      ],
      [30, 'database available again', 1],
    ]);
    expect(server.logs.filter((l) => l.msg === 'unexpected error')).toEqual([]);
  });
});
