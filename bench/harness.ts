import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
    env: { PATH: process.env.PATH ?? '', ...env },
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
