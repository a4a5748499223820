import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql } from '@apollo/client';
import { print } from 'graphql';
import { TestClient } from '../helpers/client';
import { LOGIN } from '../helpers/operations';
import { cli as runCli, killAll, listening, run, stop, type Run } from '../helpers/process';

const LOGIN_TEXT = print(LOGIN);

/** Polls `condition` until it holds or `timeoutMs` has passed. */
async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A process has ended when /proc no longer has it, or only as a zombie nobody reaped yet. */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .startsWith('Z');
  } catch {
    return true;
  }
}

/** A POST whose headers and first half of the body go out now, the rest when `finish` is called. */
function partialRequest(url: string, payload: unknown) {
  const body = Buffer.from(JSON.stringify(payload));
  const req = http.request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const response = new Promise<{ status: number; json: any }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
  });
  const half = Math.floor(body.length / 2);
  req.write(body.subarray(0, half));
  const started = new Promise<void>((resolve) =>
    req.on('socket', (socket) => socket.once('connect', () => setTimeout(resolve, 200))),
  );
  return {
    started,
    finish: () => {
      req.end(body.subarray(half));
      return response;
    },
  };
}

describe('configuration errors are one line, never a stack trace', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['production without a database URL', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /DATABASE_URL/],
    [
      'production without a signing secret',
      { NODE_ENV: 'production', DATABASE_URL: 'mysql://u:p@127.0.0.1:1/db', PUBLIC_URL: 'https://b.example' },
      /JWT_SECRET/,
    ],
    ['a malformed port', { PORT: 'eighty' }, /Invalid PORT/],
    ['a port out of range', { PORT: '70000' }, /Invalid PORT/],
    ['a short secret', { JWT_SECRET: 'short' }, /Invalid JWT_SECRET: must be at least 32 characters/],
    ['an unsupported database URL', { DATABASE_URL: 'postgres://u@h/db' }, /Invalid DATABASE_URL/],
    ['a database that does not answer', { DATABASE_URL: 'mysql://u:p@127.0.0.1:1/db' }, /cannot open the database/],
  ];

  it.each(cases)('%s', async (_name, env, message) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cb-proc-'));
    let r: Run | undefined;
    try {
      r = run({ DATA_DIR: dataDir, PORT: '0', ...env });
      expect(await r.exited).toBe(1);
      const lines = r.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await stop(r);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('quick start', () => {
  let dataDir: string;
  let first: Run | undefined;
  let second: Run | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cb-quick-'));
  });
  afterAll(async () => {
    await stop(first);
    await stop(second);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on SQLite with demo users, keeps sessions across a restart and shuts down gracefully', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    first = run(env);
    const url = await listening(first);
    expect(existsSync(path.join(dataDir, 'corp-billing.sqlite'))).toBe(true);
    const printed = /BILLING_CONTACT\s+user ID: (\S+)\s+password: (\S+)/.exec(first.stdout());
    expect(printed).not.toBeNull();
    const [, userId, password] = printed!;
    expect(readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8')).toContain(password);

    const r = await new TestClient(url).mutate(LOGIN, { input: { userId, password } });
    expect(r.errors).toEqual([]);
    const token = r.data.login.accessToken;
    const overview = await new TestClient(url, token).query(gql`
      query {
        account {
          organisationName
          billTo {
            phone
          }
          subscription {
            status
            items {
              seats
              product {
                code
              }
            }
          }
        }
      }
    `);
    expect(overview.data.account).toMatchObject({
      billTo: { phone: '+12175550134' },
      subscription: { status: 'ACTIVE' },
    });
    expect(overview.data.account.subscription.items).toHaveLength(2);
    // The demo account is in the US: its contact finds the sample W-9 and can download it.
    const docs = await new TestClient(url, token).query(gql`
      query {
        documents {
          kind
          downloadPath
        }
      }
    `);
    const w9 = docs.data.documents.find((d: { kind: string }) => d.kind === 'W9');
    const pdf = await fetch(`${url}${w9.downloadPath}`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // SIGTERM while a request is in flight (headers and half its body sent): it still completes.
    const inFlight = partialRequest(url, { query: LOGIN_TEXT, variables: { input: { userId, password } } });
    await inFlight.started;
    first.child.kill('SIGTERM');
    await until(() => /shutting down/.test(first!.stdout()), 'the service to start shutting down');
    const answer = await inFlight.finish();
    expect(answer.status).toBe(200);
    expect(answer.json.data.login.accessToken).toEqual(expect.any(String));
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/shutting down/);

    // Restart: no second seed, the generated secret is kept, so the token still works.
    second = run(env);
    const url2 = await listening(second);
    expect(second.stdout()).not.toMatch(/Demo users/);
    const me = await new TestClient(url2, token).query(gql`
      query {
        me {
          billingUserId
        }
      }
    `);
    expect(me.errors).toEqual([]);
    expect(me.data.me.billingUserId).toBe(userId);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});

describe('command line', () => {
  let dataDir: string;
  let service: Run | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cb-cli-'));
  });
  afterAll(async () => {
    await stop(service);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (script: string, args: string[], env: Record<string, string> = {}) =>
    runCli(script, args, { DATA_DIR: dataDir, ...env });

  it('runs and reverts migrations, and creates staff users who can then log in', async () => {
    const up = await cli('migrate.js', ['up']);
    expect(up).toMatchObject({ code: 0, out: expect.stringMatching(/^Ran CreateCorporateAccount/) });
    expect(await cli('migrate.js', ['up'])).toMatchObject({ code: 0, out: 'No pending migrations.\n' });
    expect(await cli('migrate.js', ['revert'])).toMatchObject({ code: 0, out: 'Reverted the last migration.\n' });
    expect(await cli('migrate.js', ['show'])).toMatchObject({ code: 0, out: 'There are pending migrations.\n' });

    const weak = await cli(
      'user-create.js',
      ['--role', 'SALES_REP', '--user-id', 'jane.doe', '--email', 'jane@vendor.example', '--name', 'Jane Doe'],
      {
        CORP_BILLING_PASSWORD: 'password',
      },
    );
    expect(weak.code).toBe(1);
    expect(weak.out.trim().split('\n')).toEqual([expect.stringMatching(/at least 12 characters/)]);
    const made = await cli(
      'user-create.js',
      ['--role', 'SALES_REP', '--user-id', 'jane.doe', '--email', 'jane@vendor.example', '--name', 'Jane Doe'],
      {
        CORP_BILLING_PASSWORD: 'a sales rep passphrase',
      },
    );
    expect(made).toMatchObject({ code: 0, out: expect.stringMatching(/^Created SALES_REP jane\.doe/) });
    const contact = await cli(
      'user-create.js',
      ['--role', 'BILLING_CONTACT', '--user-id', 'x.y', '--email', 'x@y.example', '--name', 'X'],
      {
        CORP_BILLING_PASSWORD: 'a sales rep passphrase',
      },
    );
    expect(contact.code).toBe(1);

    expect(await cli('jobs-expire.js', [])).toMatchObject({ code: 0, out: 'Expired or ended 0 subscription(s).\n' });
    expect(await cli('jobs-po-reminders.js', [])).toMatchObject({
      code: 0,
      out: 'Queued 0 purchase order reminder(s).\n',
    });

    service = run({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO_ON_EMPTY: 'false' });
    const url = await listening(service);
    const r = await new TestClient(url).mutate(LOGIN, {
      input: { userId: 'jane.doe', password: 'a sales rep passphrase' },
    });
    expect(r.errors).toEqual([]);
    expect(r.data.login.user.role).toBe('SALES_REP');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});

describe('the test harness', () => {
  it('kills every child it started, and what that child started, when a test file ends', async () => {
    // A child that starts a grandchild and then never ends by itself.
    const spawner = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(c.pid);
      setInterval(() => {}, 1000);`;
    const r = run({}, '-e', [spawner]);
    try {
      await until(() => /^\d+\n/.test(r.stdout()), 'the grandchild to start');
      const grandchild = Number(r.stdout().trim());
      expect(gone(grandchild)).toBe(false);
      await killAll();
      expect(await r.exited).toBeNull();
      expect(r.child.signalCode).toBe('SIGTERM');
      await until(() => gone(grandchild), 'the grandchild to end');
    } finally {
      await stop(r, 'SIGKILL');
    }
  });
});
