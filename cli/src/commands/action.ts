import type { Command } from 'commander';
import { Run, type GlobalOptions } from '../context';
import { CliError, EXIT } from '../errors';

/**
 * A command's action with its Run (the global options, the API, the
 * output): its arguments come first, then its options, as commander passes
 * them. A failure is one line on stderr (`code: message`, the request id
 * with --verbose) and the exit code for it.
 */
export function action<A extends unknown[]>(
  handler: (run: Run, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const handlerArgs = args.slice(0, -1) as A;
    const global = command.optsWithGlobals<GlobalOptions>();
    try {
      await handler(new Run(global), ...handlerArgs);
    } catch (err) {
      const failure = err instanceof CliError ? err : new CliError((err as Error)?.message ?? String(err), EXIT.ERROR);
      const code = failure.code ? `${failure.code}: ` : '';
      const request = global.verbose && failure.requestId ? ` (request ${failure.requestId})` : '';
      process.stderr.write(`corp-billing: ${code}${failure.message}${request}\n`);
      process.exitCode = failure.exitCode;
    }
  };
}
