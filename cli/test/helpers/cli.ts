import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
