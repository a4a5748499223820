import { Max, Min } from 'class-validator';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';
import { toCount } from './money';
import { readRows } from './rows';

/** Shared by every module's connections: a value type each subgraph resolves alike (`@shareable`). */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'How many items (1 to 100)' })
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

export interface Page<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: PageInfo;
  /** A number, or a count still to run: see withTotalCount. */
  totalCount: number | Promise<number>;
  /** False when the list is longer than the count limit (totalCount is then the limit). */
  totalCountIsExact: boolean | Promise<boolean>;
}

/** The default of LIST_COUNT_LIMIT: how many items a list's totalCount counts at most. */
export const DEFAULT_LIST_COUNT_LIMIT = 10_000;
const countLimits = new WeakMap<DataSource, number>();

/** The count limit of the lists read from `ds` (LIST_COUNT_LIMIT, set when the services are made). */
export function setListCountLimit(ds: DataSource, limit: number): void {
  countLimits.set(ds, limit);
}

/**
 * A page whose `totalCount` is counted only when it is read, that is when a
 * query selects it (GraphQL reads only the fields it asks for), and at most
 * once. Most lists are shown without their total, and a count over a large
 * table costs more than the page. `count` counts at most `limit + 1` items:
 * above `limit`, totalCount says `limit` and totalCountIsExact false. Do not
 * spread such a page: that reads it.
 */
export function withTotalCount<T>(
  page: Omit<Page<T>, 'totalCount' | 'totalCountIsExact'>,
  count: () => Promise<number>,
  limit = DEFAULT_LIST_COUNT_LIMIT,
): Page<T> {
  let counted: Promise<number> | undefined;
  const counting = () => (counted ??= count());
  return {
    ...page,
    get totalCount() {
      return counting().then((n) => Math.min(n, limit));
    },
    get totalCountIsExact() {
      return counting().then((n) => n <= limit);
    },
  };
}

/**
 * How many rows `qb` selects, counting at most `limit + 1`: a subquery with
 * a LIMIT stops reading there, where a COUNT(*) over a million invoices reads
 * them all.
 */
async function boundedCount<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, limit: number): Promise<number> {
  const [sql, params] = qb
    .clone()
    .select('1', 'one')
    .orderBy()
    .limit(limit + 1)
    .getQueryAndParameters();
  const rows: Array<{ n: unknown }> = await qb.connection.query(`SELECT COUNT(*) AS n FROM (${sql}) bounded`, params);
  return toCount(rows[0]?.n);
}

/** A Relay connection type (`edges { node cursor }`, `pageInfo`, `totalCount`) for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description:
        'How many items the whole list has, counted only when asked for and up to LIST_COUNT_LIMIT (default 10000): a longer list says that limit',
    })
    totalCount!: number;

    @Field({ description: 'False when the list has more items than totalCount says (more than LIST_COUNT_LIMIT)' })
    totalCountIsExact!: boolean;
  }
  return ConnectionType;
}

export interface KeysetOrder<T> {
  /** Names the list, so a cursor of one list is refused by another. */
  list: string;
  /** SQL expressions (aliased columns) in sort order; the last must be unique (the id). */
  columns: string[];
  direction: 'ASC' | 'DESC';
  /** The values of `columns` for a row, as stored in the cursor. */
  values(row: T): Array<string | number>;
}

export const encodeCursor = (list: string, values: Array<string | number>) =>
  Buffer.from(JSON.stringify([list, ...values])).toString('base64url');

export const badCursor = () => new BadUserInputError('after is not a cursor from this list', 'after');

function decode(cursor: string, list: string, length: number): Array<string | number> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [tag, ...values] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
    if (
      tag === list &&
      values.length === length &&
      values.every((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    )
      return values;
  } catch {
    // fall through
  }
  throw badCursor();
}

/**
 * Keyset pagination: `(a, b, id) > (:a, :b, :id)` written out as nested
 * comparisons, which MySQL/MariaDB read as a range of the index (a row
 * value it would not) and SQLite too given `a >= :a` (below); a page half-way
 * down a million invoices reads about as little as the first. One statement for the page
 * (one row more than asked, to know if there is a next page) and one count,
 * run only when the query asks for `totalCount`.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
  order: KeysetOrder<T>,
  /** Turns a cursor value back into a query parameter; throws `badCursor()` for a bad one. */
  toValue: (v: string | number, index: number) => unknown = (v) => v,
): Promise<Page<T>> {
  const counter = qb.clone();
  const page = qb.clone();
  const limit = countLimits.get(qb.connection) ?? DEFAULT_LIST_COUNT_LIMIT;
  const op = order.direction === 'ASC' ? '>' : '<';
  if (args.after) {
    const values = decode(args.after, order.list, order.columns.length);
    const params: Record<string, unknown> = {};
    values.forEach((v, i) => (params[`k${i}`] = toValue(v, i)));
    const clause = (i: number): string =>
      i === order.columns.length - 1
        ? `${order.columns[i]} ${op} :k${i}`
        : `(${order.columns[i]} ${op} :k${i} OR (${order.columns[i]} = :k${i} AND ${clause(i + 1)}))`;
    // The leading `c0 <= :k0` is implied by the clause, but SQLite reads the clause's OR with bound parameters
    // as no range at all and walks the index from the first page down to the cursor; with it, both databases
    // start at the cursor.
    page.andWhere(`${order.columns[0]} ${op}= :k0`, params).andWhere(clause(0), params);
  }
  order.columns.forEach((column, i) =>
    i === 0 ? page.orderBy(column, order.direction) : page.addOrderBy(column, order.direction),
  );
  const rows = await readRows(page.limit(args.first + 1));
  const hasNextPage = rows.length > args.first;
  const edges = rows
    .slice(0, args.first)
    .map((node) => ({ node, cursor: encodeCursor(order.list, order.values(node)) }));
  return withTotalCount(
    { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } },
    () => boundedCount(counter, limit),
    limit,
  );
}
