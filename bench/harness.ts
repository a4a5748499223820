import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database';

/** What the benchmarks share: starting and stopping built scripts, GraphQL over HTTP, demo logins. */

export const ROOT = path.resolve(__dirname, '../..');

export interface Proc {
  child: ChildProcess;
  output: () => string;
}

/** Every process start() spawned and stop() has not stopped yet: the benchmark stops them in the end, exit kills what is left. */
export const running = new Set<Proc>();
process.once('exit', () => {
  running.forEach((p) => p.child.kill('SIGKILL'));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Starts a built script; ready when its output matches `ready`, or when `ready` (an origin) answers /health/ready. */
export function start(
  script: string,
  env: Record<string, string>,
  ready: RegExp | string,
  nodeArgs: string[] = [],
): Promise<Proc> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', script)], {
    // glibc's MALLOC_* settings (e.g. MALLOC_ARENA_MAX=2, as the Docker image has) reach every process alike.
    env: {
      PATH: process.env.PATH ?? '',
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const proc = { child, output: () => out };
  running.add(proc);
  const isReady = async () =>
    typeof ready === 'string'
      ? (await fetch(`${ready}/health/ready`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined))?.ok
      : ready.test(out);
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    let exited = false;
    child.on('exit', (code) => {
      exited = true;
      reject(new Error(`${script} exited with ${code}:\n${out}`));
    });
    const poll = async (): Promise<void> => {
      if (exited) return;
      if (await isReady()) return resolve(proc);
      if (Date.now() > deadline) return reject(new Error(`${script} did not start:\n${out}`));
      setTimeout(() => void poll(), 50);
    };
    void poll();
  });
}

/** SIGTERM, SIGKILL if it has not exited within 10 s. */
export async function stop(p: Proc): Promise<void> {
  running.delete(p);
  p.child.removeAllListeners('exit');
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((resolve) => p.child.once('exit', resolve));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

export async function graphql<T>(
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
export async function loginAs(url: string, output: string, role: string): Promise<string> {
  const [, userId, password] = new RegExp(`${role}\\s+user ID: (\\S+)\\s+password: (\\S+)`).exec(output)!;
  const data = await graphql<{ login: { accessToken: string } }>(
    url,
    'mutation ($u: String!, $p: String!) { login(input: { userId: $u, password: $p }) { accessToken } }',
    { u: userId, p: password },
  );
  return data.login.accessToken;
}

/**
 * A fresh database for one benchmark run (SQLite in a temporary folder, or a
 * new database on the server of DATABASE_URL) and the service's environment
 * for it on `port`.
 */
export async function benchDatabase(port: number, sqliteFile: string) {
  const db: TestDatabase = await createTestDatabase(process.env.DATABASE_URL ?? '');
  const file = path.join(db.dataDir, sqliteFile);
  const databaseUrl = db.kind === 'sqlite' ? `sqlite:${file}` : db.url;
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATA_DIR: db.dataDir,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  return { db, file, databaseUrl, url, env };
}

/** Loads one GraphQL query with autocannon after a warm-up; refuses a run with errors. */
export async function loadQuery(o: {
  url: string;
  token: string;
  query: string;
  variables?: Record<string, unknown>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}) {
  await graphql(o.url, o.query, o.variables ?? {}, o.token); // fails on GraphQL errors, which autocannon counts as 2xx
  const opts = {
    url: `${o.url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
    body: JSON.stringify({ query: o.query, variables: o.variables ?? {} }),
    connections: o.connections,
  };
  await autocannon({ ...opts, duration: o.warmupSeconds });
  const r = await autocannon({ ...opts, duration: o.seconds });
  if (r.non2xx || r.errors) throw new Error(`errors during the run: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}
