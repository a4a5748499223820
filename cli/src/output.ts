import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { CliError, EXIT } from './errors';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** A value without Apollo's `__typename` fields, as a script wants it. */
export function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '__typename')
        .map(([key, v]) => [key, plain(v)]),
    ) as T;
  }
  return value;
}

/** An amount as a person reads it: `1234.56 EUR` (minor units of a two-decimal currency). */
export function money(value: { amountMinor: number; currency: string } | null | undefined): string {
  if (!value) return '';
  const sign = value.amountMinor < 0 ? '-' : '';
  const minor = Math.abs(value.amountMinor);
  return `${sign}${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')} ${value.currency}`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(plain(value));
}

/**
 * Prints to stdout: a table of aligned columns (bold headers on a colour
 * terminal), JSON (the objects as the API gave them, without __typename),
 * or CSV with a header row.
 */
export class Output {
  constructor(
    readonly format: Format,
    private readonly colour: boolean,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  rows<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): void {
    if (this.format === 'json') return this.write(`${JSON.stringify(plain(rows), null, 2)}\n`);
    const values = rows.map((row) => columns.map((c) => cell(c.value(row))));
    if (this.format === 'csv') return this.write(stringify([columns.map((c) => c.header), ...values]));
    this.write(
      `${this.table(
        columns.map((c) => c.header),
        values,
      )}\n`,
    );
  }

  /** One object: label and value lines in a table, the object in JSON, one row in CSV. */
  record<T>(value: T, fields: ReadonlyArray<Column<T>>): void {
    if (this.format === 'json') return this.write(`${JSON.stringify(plain(value), null, 2)}\n`);
    if (this.format === 'csv') return this.rows([value], fields);
    const table = new Table({ chars: BARE, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 } });
    for (const f of fields) table.push([this.bold(f.header), cell(f.value(value))]);
    this.write(`${trimLines(table.toString())}\n`);
  }

  /** A sentence of what happened, for people: on stderr, so stdout stays the data (nothing in JSON or CSV mode). */
  say(text: string): void {
    if (this.format === 'table') process.stderr.write(`${text}\n`);
  }

  /** Bold when colour is wanted (our rule, not cli-table3's colour library, which turns colour off whenever CI is set). */
  private bold(text: string): string {
    return this.colour ? `\u001b[1m${text}\u001b[22m` : text;
  }

  private table(headers: string[], values: string[][]): string {
    const table = new Table({
      head: headers.map((h) => this.bold(h)),
      chars: BARE,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    });
    table.push(...values);
    return trimLines(table.toString());
  }
}

const trimLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');

/** Columns separated by spaces, no box lines: easy to read and to cut. */
const BARE = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new CliError(`--output must be one of ${FORMATS.join(', ')}`, EXIT.USAGE);
}

/**
 * Saves the file that `get` fetches, whole or not at all: the bytes go to a
 * temporary file beside it that takes its name only once written. An
 * existing file stays unless `force` (checked before fetching, and again
 * when placing it). Answers the number of bytes.
 */
export async function saveFile(file: string, force: boolean, get: () => Promise<Buffer>): Promise<number> {
  const exists = () => new CliError(`${file} exists: give --force to replace it`, EXIT.USAGE);
  const folder = path.dirname(path.resolve(file));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(`cannot write ${file}: there is no folder ${folder}`, EXIT.BAD_INPUT);
  if (!force && existsSync(file)) throw exists();
  const bytes = await get();
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.part`);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    // A hard link takes the name only if nobody made the file meanwhile (EEXIST); --force replaces it.
    if (force) renameSync(temporary, file);
    else linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists();
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`, EXIT.BAD_INPUT);
  } finally {
    rmSync(temporary, { force: true });
  }
  return bytes.length;
}
