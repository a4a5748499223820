import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import vm from 'node:vm';

/** The compiled service and CLI, as `npm start` runs them (`npm test` builds first). */
export const DIST = path.join(__dirname, '../../dist/src');
export const MAIN = path.join(DIST, 'main.js');

/** Set by `.ci/run` for everything the suite starts; passed on to children so that CI finds leftovers. */
const MARKER = 'CORP_BILLING_TEST_RUN';

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/*
 * Every child that run() starts is registered until it exits. Each child leads
 * its own process group, so a kill reaches whatever it started too. The
 * registry lives on the worker's real `process` (jest gives each test file a
 * copy whose events never fire), so one set of exit and signal handlers kills
 * what is left when the worker ends, however it ends; `killAll()` (a global
 * afterAll, see test/helpers/kill-children.ts) does it after each test file.
 */
const realProcess = vm.runInThisContext('process') as NodeJS.Process;
const REGISTRY = Symbol.for('corp-billing.test-children');

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
/** Children whose output has ended (all of it read). */
const closed = new WeakSet<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    realProcess.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
  try {
    if (alive(child)) child.kill(signal);
  } catch {
    // Gone.
  }
}

function registry(): Set<ChildProcess> {
  const holder = realProcess as unknown as Record<symbol, Set<ChildProcess> | undefined>;
  const existing = holder[REGISTRY];
  if (existing) return existing;
  const children = new Set<ChildProcess>();
  holder[REGISTRY] = children;
  const killNow = () => {
    for (const child of children) signalGroup(child, 'SIGKILL');
  };
  realProcess.on('exit', killNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killNow();
      realProcess.removeListener(signal, onSignal);
      // Keep the signal's usual effect (the worker ends) unless someone else handles it.
      if (realProcess.listenerCount(signal) === 0) realProcess.kill(realProcess.pid, signal);
    };
    realProcess.on(signal, onSignal);
  }
  return children;
}

/**
 * Puts a child that a helper spawned itself (a private mariadbd, say) under
 * the same safety net as run()'s: killed by killAll() and when the worker ends.
 */
export function track(child: ChildProcess): ChildProcess {
  const children = registry();
  if (alive(child)) children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a compiled script (the service by default) with only `env` (and PATH) in its environment. */
export function run(env: Record<string, string>, script = MAIN, args: string[] = []): Run {
  const marker = process.env[MARKER];
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...(marker ? { [MARKER]: marker } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stop() and killAll() signal the group.
    detached: true,
  });
  const children = registry();
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.on('exit', () => {
    children.delete(child);
    // Anything it started and left behind in its group goes with it.
    signalGroup(child, 'SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      closed.add(child);
      resolve(code);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Stops a started process (and its group): `signal` first, SIGKILL if it has
 * not exited after `graceMs`. Safe to call on one that has exited, or undefined.
 */
export async function stop(r: Run | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (!r) return;
  if (alive(r.child)) {
    signalGroup(r.child, signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([r.exited, late])) === 'late') signalGroup(r.child, 'SIGKILL');
    clearTimeout(timer);
  }
  await r.exited;
}

/** Stops every registered child that is still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function killAll(graceMs = 5_000): Promise<void> {
  const children = [...registry()];
  await Promise.all(
    children.map(async (child) => {
      if (!alive(child)) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      if ((await Promise.race([exited, late])) === 'late') {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    }),
  );
}

/** Runs a compiled CLI script to its end: its exit code and its output (stdout, then stderr). */
export async function cli(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const r = run(env, path.join(DIST, 'cli', script), args);
  try {
    const code = await r.exited;
    return { code, out: r.stdout() + r.stderr() };
  } finally {
    await stop(r);
  }
}

/** The URL a started service (the whole API, a subgraph or the gateway) logs once it listens (within `timeoutMs`; it also gives up when the process exits). */
export async function listening(r: Run, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = r
      .stdout()
      .split('\n')
      .find((l) => /corp-billing (subgraph |gateway )?is listening/.test(l));
    if (line) return JSON.parse(line).url;
    if (closed.has(r.child)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service did not start:\n${r.stdout()}\n${r.stderr()}`);
}
