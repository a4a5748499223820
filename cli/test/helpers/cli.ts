import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { packageRoot } from '../../../src/common/package-root';
import { track } from '../../../test/helpers/process';

/** The `corp-billing` bin as a user runs it (built by `npm run build`, which `pretest` runs). */
const BIN = path.join(packageRoot(), 'cli', 'bin', 'corp-billing.js');

const CLI_SETTINGS = ['CORP_BILLING_TOKEN', 'CORP_BILLING_URL', 'CORP_BILLING_PROFILE'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A user of the CLI: their own config folder (XDG_CONFIG_HOME in a temporary
 * folder) and environment. Each `run` is the real CLI as a child process,
 * without a terminal, killed if it outlives `timeoutMs`.
 */
export class CliUser {
  readonly home = mkdtempSync(path.join(tmpdir(), 'corp-billing-cli-'));
  readonly configFile = path.join(this.home, 'corp-billing', 'config.json');

  constructor(private readonly env: Record<string, string> = {}) {}

  run(
    args: string[],
    { stdin, env = {}, timeoutMs = 60_000 }: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<CliResult> {
    // The CLI's own settings come from the test alone (CI's CORP_BILLING_TEST_RUN marker stays, so it sees the child).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLI_SETTINGS.includes(key)));
    return new Promise((resolve, reject) => {
      // Under the suite's safety net (test/helpers/process.ts): killed with the test file or the worker if it hangs.
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...inherited, XDG_CONFIG_HOME: this.home, NO_COLOR: '', ...this.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      track(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin ?? '');
    });
  }

  /**
   * Runs the CLI at a terminal (a pseudo-terminal from util-linux's
   * `script`, 120 columns wide): each answer is typed once the output shows
   * its `after` text, as a person would. Answers the exit code and everything
   * the terminal showed, without its escape sequences unless `raw`.
   */
  atTerminal(
    args: string[],
    answers: Array<{ after: string; type: string }> = [],
    {
      env = {},
      raw = false,
      timeoutMs = 60_000,
    }: { env?: Record<string, string>; raw?: boolean; timeoutMs?: number } = {},
  ): Promise<{ code: number | null; screen: string }> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLI_SETTINGS.includes(key)));
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = `stty cols 120 rows 40; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
        env: { ...inherited, XDG_CONFIG_HOME: this.home, TERM: 'xterm-256color', ...this.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      track(child);
      let output = '';
      const pending = [...answers];
      const plain = (text: string) => stripVTControlCharacters(text).replace(/\r/g, '');
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        while (pending.length > 0 && plain(output).includes(pending[0].after)) child.stdin.write(pending.shift()!.type);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        child.stdin.destroy();
        resolve({ code, screen: raw ? output : plain(output) });
      });
    });
  }

  /** Runs and expects exit code 0, returning stdout (the failure message shows stderr). */
  async ok(args: string[], options?: Parameters<CliUser['run']>[1]): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0)
      throw new Error(`corp-billing ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  /** Runs with `--output json` and parses stdout. */
  async json(args: string[], options?: Parameters<CliUser['run']>[1]): Promise<any> {
    return JSON.parse(await this.ok([...args, '--output', 'json'], options));
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
