import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

/**
 * `npm run bench`: a query through the whole service (Express, Apollo,
 * type-graphql, TypeORM, SQLite) against a hand-written baseline doing the
 * same work on the same database, in the same run. Reports ratios, not
 * absolute numbers. BENCH_SCENARIO picks the query: `me` (default: JWT check,
 * session and user look-up) or `invoices` (a billing contact's last 20
 * invoices with their lines and payments). BENCH_SECONDS (default 8) and
 * BENCH_CONNECTIONS (default 10) set the load; all traffic stays on loopback.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SCENARIO = process.env.BENCH_SCENARIO === 'invoices' ? 'invoices' : 'me';
const QUERIES = {
  me: '{ me { id billingUserId displayName role } }',
  invoices: `{ invoices(first: 20) { edges { node { id number issueDate status total { amountMinor currency } balance { amountMinor }
    lines { description quantity amount { amountMinor } } payments { status amount { amountMinor } } } } } }`,
};
const ROOT = path.resolve(__dirname, '../..');

interface Proc {
  child: ChildProcess;
  output: () => string;
}

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', script)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), 60_000);
    const check = setInterval(() => {
      if (ready.test(out)) {
        clearTimeout(timer);
        clearInterval(check);
        resolve({ child, output: () => out });
      }
    }, 50);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`${script} exited with ${code}:\n${out}`));
    });
  });
}

async function stop(p: Proc): Promise<void> {
  p.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => p.child.once('exit', resolve));
  p.child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process in MiB, from /proc. */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

async function load(url: string, token: string) {
  const body = JSON.stringify({ query: QUERIES[SCENARIO] });
  const opts = {
    url: `${url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    connections: CONNECTIONS,
  };
  await autocannon({ ...opts, duration: 2 }); // warm-up
  const r = await autocannon({ ...opts, duration: SECONDS });
  if (r.non2xx || r.errors) throw new Error(`errors during the run: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data: T; errors?: unknown[] };
  if (json.errors?.length) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

/** Logs in as the demo user of `role`, whose password the service printed. */
async function loginAs(url: string, output: string, role: string): Promise<string> {
  const [, userId, password] = new RegExp(`${role}\\s+user ID: (\\S+)\\s+password: (\\S+)`).exec(output)!;
  const data = await graphql<{ login: { accessToken: string } }>(
    url,
    'mutation ($u: String!, $p: String!) { login(input: { userId: $u, password: $p }) { accessToken } }',
    { u: userId, p: password },
  );
  return data.login.accessToken;
}

/** 19 more invoices of three lines for the demo account (20 in all), half of them partly paid by card. */
async function seedInvoices(url: string, output: string, contactToken: string): Promise<void> {
  const rep = await loginAs(url, output, 'SALES_REP');
  const { me, paymentMethods } = await graphql<{
    me: { account: { id: string } };
    paymentMethods: Array<{ id: string; type: string }>;
  }>(url, '{ me { account { id } } paymentMethods { id type } }', {}, contactToken);
  const card = paymentMethods.find((m) => m.type === 'CARD')!.id;
  const line = (n: number) => ({
    description: `Seats ${n}`,
    productCode: 'ANALYTICS',
    quantity: n,
    unitPriceMinor: 12_000,
    taxRateBasisPoints: 2200,
  });
  for (let i = 0; i < 19; i++) {
    const { issueInvoice } = await graphql<{ issueInvoice: { id: string; currency: string } }>(
      url,
      'mutation ($input: IssueInvoiceInput!) { issueInvoice(input: $input) { id currency } }',
      { input: { accountId: me.account.id, lines: [line(1), line(2), line(3)] } },
      rep,
    );
    if (i % 2 === 0)
      await graphql(
        url,
        'mutation ($input: PayInvoiceInput!) { payInvoice(input: $input) { status } }',
        {
          input: {
            invoiceId: issueInvoice.id,
            amount: { amountMinor: 5_000, currency: issueInvoice.currency },
            paymentMethodId: card,
            idempotencyKey: `bench-${i}-${randomBytes(4).toString('hex')}`,
          },
        },
        contactToken,
      );
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-'));
  const secret = randomBytes(32).toString('hex');
  const port = String(43000 + Math.floor(Math.random() * 1000));
  const url = `http://127.0.0.1:${port}`;
  try {
    const service = await start(
      'src/main.js',
      {
        DATA_DIR: dataDir,
        PORT: port,
        HOST: '127.0.0.1',
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      /BILLING_CONTACT\s+user ID/,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const token = await loginAs(url, service.output(), 'BILLING_CONTACT');
    if (SCENARIO === 'invoices') await seedInvoices(url, service.output(), token);
    const serviceResult = { ...(await load(url, token)), rssMiB: rssMiB(service.child.pid!) };
    await stop(service);

    const baseline = await start(
      'bench/baseline.js',
      { DB: path.join(dataDir, 'corp-billing.sqlite'), JWT_SECRET: secret, PORT: port, SCENARIO },
      /baseline listening/,
    );
    const baselineResult = { ...(await load(url, token)), rssMiB: rssMiB(baseline.child.pid!) };
    await stop(baseline);

    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const report = {
      scenario: `${SCENARIO} query, ${CONNECTIONS} connections, ${SECONDS} s, SQLite`,
      service: serviceResult,
      baseline: baselineResult,
      ratios: {
        throughput: ratio(serviceResult.requestsPerSecond, baselineResult.requestsPerSecond),
        p50Latency: ratio(serviceResult.p50, Math.max(baselineResult.p50, 1)),
        p99Latency: ratio(serviceResult.p99, Math.max(baselineResult.p99, 1)),
        memory: ratio(serviceResult.rssMiB, baselineResult.rssMiB),
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
