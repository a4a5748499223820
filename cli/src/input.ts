import { readFileSync } from 'node:fs';
import { confirm, isCancel, password } from '@clack/prompts';
import { InvalidArgumentError } from 'commander';
import YAML from 'yaml';
import { CliError, EXIT } from './errors';

/** Whether someone can be asked: stdin and stderr are a terminal. */
export const interactive = () => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** All of stdin, without the final line break (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The password, asked without echo at a terminal. */
export async function askPassword(message: string): Promise<string> {
  if (!interactive())
    throw new CliError('no terminal to ask for the password: pipe it with --password-stdin', EXIT.USAGE);
  const answer = await password({ message, output: process.stderr });
  if (isCancel(answer)) throw new CliError('cancelled', EXIT.CANCELLED);
  return answer;
}

/**
 * Asks before something that cannot be undone. `--yes` answers for the
 * user; without a terminal and without --yes the command stops, changing
 * nothing.
 */
export async function confirmOrStop(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!interactive()) throw new CliError(`${question} Run it again with --yes to confirm.`, EXIT.USAGE);
  const answer = await confirm({ message: question, initialValue: false, output: process.stderr });
  if (isCancel(answer) || !answer) throw new CliError('cancelled: nothing was changed', EXIT.CANCELLED);
}

/** A YAML or JSON file (YAML is a superset of JSON) as an object, with the line of a syntax error. */
export function readDataFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.BAD_INPUT);
  }
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid YAML or JSON: ${(err as Error).message}`, EXIT.BAD_INPUT);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`${file} must hold an object (keys and values)`, EXIT.BAD_INPUT);
  return value as Record<string, unknown>;
}

/** Whole numbers for options such as --limit (commander reports a wrong one as a usage error). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1 is needed.');
  return n;
}

/** One of a few codes, in any case, for options such as --status. */
export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    const code = value.toUpperCase().replace(/-/g, '_');
    if (!(choices as readonly string[]).includes(code))
      throw new InvalidArgumentError(`one of ${choices.join(', ')} is needed.`);
    return code as T;
  };
}

const realDay = (day: string) => {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
};

/** A calendar day as YYYY-MM-DD, for options such as --term-start. */
export function localDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !realDay(value))
    throw new InvalidArgumentError('a date as YYYY-MM-DD is needed.');
  return value;
}

/**
 * A moment for options such as --from: an ISO 8601 date-time (without an offset, local time) or a
 * day (its start in UTC), as the API's DateTime (UTC).
 */
export function dateTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const t = Date.parse(value);
  if (!match || !realDay(match[1]) || Number.isNaN(t))
    throw new InvalidArgumentError(
      'a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM, with Z or an offset for UTC) is needed.',
    );
  return new Date(t).toISOString();
}
