import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/common/roles';
import { sampleW9Pdf } from '../../src/pdf/sample-w9';
import { REQUEST_RESET } from '../helpers/operations';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * DATA_DIR holds the SQLite database, the development signing secret, e-mails
 * with single-use links and uploaded documents: the service makes its folders
 * 0700 and its files 0600 whatever the umask, and leaves a folder it did not
 * make alone. Always on SQLite: this is about the SQLite files.
 */
const modeOf = (p: string) => statSync(p).mode & 0o777;

let base: string;
let dataDir: string;
let env: Record<string, string>;
let server: TestServer | undefined;
beforeAll(() => {
  // A folder of the user's, readable by others: the service must not change it.
  base = mkdtempSync(path.join(os.tmpdir(), 'corp-billing-modes-'));
  chmodSync(base, 0o755);
  dataDir = path.join(base, 'nested', 'data');
  // No JWT_SECRET (generated into DATA_DIR) and no SMTP (e-mails become .eml files in DATA_DIR/mail).
  env = { DATA_DIR: dataDir, DATABASE_URL: 'sqlite:corp-billing.sqlite', JWT_SECRET: '', SMTP_URL: '' };
});
afterAll(async () => {
  await server?.stop();
  rmSync(base, { recursive: true, force: true });
});

async function waitForFile(dir: string, suffix: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    const found = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(suffix)) : undefined;
    if (found) return path.join(dir, found);
    if (Date.now() > until) throw new Error(`no ${suffix} file in ${dir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('DATA_DIR', () => {
  it('is created readable by its owner only, with the database, secret, e-mails and documents in it', async () => {
    expect(existsSync(dataDir)).toBe(false);
    server = await startTestServer(env);
    const db = path.join(dataDir, 'corp-billing.sqlite');

    // Something is written, so SQLite has its -wal and -shm files; an e-mail and a document are stored.
    const contact = await server.user(Role.BILLING_CONTACT);
    expect((await server.anonymous().mutate(REQUEST_RESET, { userId: contact.billingUserId })).errors).toEqual([]);
    const cas = await server.loginAs(await server.user(Role.ACCOUNT_SERVICES));
    const upload = await fetch(
      `${server.url}/documents?${new URLSearchParams({ title: 'Form W-9', kind: 'W9', countries: 'US' }).toString()}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${cas.accessToken}`, 'Content-Type': 'application/pdf' },
        body: new Uint8Array(await sampleW9Pdf()),
      },
    );
    expect(upload.status).toBe(201);
    const eml = await waitForFile(path.join(dataDir, 'mail'), '.eml');
    const pdf = await waitForFile(path.join(dataDir, 'documents'), '.pdf');

    expect(modeOf(base)).toBe(0o755);
    for (const dir of [path.join(base, 'nested'), dataDir, path.join(dataDir, 'mail'), path.join(dataDir, 'documents')])
      expect([dir, modeOf(dir)]).toEqual([dir, 0o700]);
    for (const file of [db, `${db}-wal`, `${db}-shm`, path.join(dataDir, 'jwt-secret'), eml, pdf])
      expect([file, modeOf(file)]).toEqual([file, 0o600]);
  });

  it('gets its database files back to 0600 at start-up, leaving an existing folder as it is', async () => {
    await server!.stop();
    server = undefined;
    const db = path.join(dataDir, 'corp-billing.sqlite');
    for (const file of [db, `${db}-wal`, `${db}-shm`, path.join(dataDir, 'jwt-secret')])
      if (existsSync(file)) chmodSync(file, 0o644);
    chmodSync(dataDir, 0o750);

    server = await startTestServer(env);
    expect((await server.anonymous().mutate(REQUEST_RESET, { userId: 'nobody.here' })).errors).toEqual([]);
    expect(modeOf(dataDir)).toBe(0o750);
    expect(modeOf(base)).toBe(0o755);
    for (const file of [db, `${db}-wal`, `${db}-shm`, path.join(dataDir, 'jwt-secret')])
      expect([file, modeOf(file)]).toEqual([file, 0o600]);
  });
});
