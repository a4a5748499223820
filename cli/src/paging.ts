import { CliError, EXIT } from './errors';
import { positiveInt } from './input';
import type { Command } from 'commander';

/** The largest page the API gives. */
const PAGE = 100;

export interface Connection<T> {
  edges: ReadonlyArray<{ node: T }>;
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
}

export interface PagingOptions {
  limit?: number;
  all?: boolean;
}

/** Adds --limit and --all to a list command. */
export function withPaging(command: Command): Command {
  return command
    .option('--limit <n>', 'how many at the most (default 20)', positiveInt)
    .option('--all', 'every one, page by page');
}

/**
 * The items of a Relay connection: the first `--limit` (20 by default), or
 * with `--all` every page, 100 at a time.
 */
export async function collect<T>(
  options: PagingOptions,
  page: (first: number, after: string | null) => Promise<Connection<T>>,
): Promise<T[]> {
  if (options.all && options.limit) throw new CliError('--all and --limit do not go together', EXIT.USAGE);
  const wanted = options.all ? Infinity : (options.limit ?? 20);
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const connection = await page(Math.min(PAGE, wanted - items.length), after);
    items.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage || items.length >= wanted || !connection.pageInfo.endCursor) return items;
    after = connection.pageInfo.endCursor;
  }
}
