import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The compiled service and CLI, as `npm start` runs them (`npm test` builds first). */
export const DIST = path.join(__dirname, '../../dist/src');
export const MAIN = path.join(DIST, 'main.js');

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs a compiled script (the service by default) with only `env` (and PATH) in its environment. */
export function run(env: Record<string, string>, script = MAIN, args: string[] = []): Run {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs a compiled CLI script to its end: its exit code and its output (stdout, then stderr). */
export async function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const r = run(env, path.join(DIST, 'cli', script), args);
  const code = await r.exited;
  return { code, out: r.stdout() + r.stderr() };
}

/** The URL a started service logs once it listens. */
export async function listening(r: Run): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const line = r
      .stdout()
      .split('\n')
      .find((l) => l.includes('corp-billing is listening'));
    if (line) return JSON.parse(line).url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service did not start:\n${r.stdout()}\n${r.stderr()}`);
}
