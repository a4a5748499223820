import { Max, Min } from 'class-validator';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';

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
}

/**
 * A page whose `totalCount` is counted only when it is read, that is when a
 * query selects it (GraphQL reads only the fields it asks for), and at most
 * once. Most lists are shown without their total, and a count over a large
 * table costs more than the page. Do not spread such a page: that reads it.
 */
export function withTotalCount<T>(page: Omit<Page<T>, 'totalCount'>, count: () => Promise<number>): Page<T> {
  let counted: Promise<number> | undefined;
  return {
    ...page,
    get totalCount() {
      return (counted ??= count());
    },
  };
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

    @Field(() => Int, { description: 'How many items the whole list has (counted only when asked for)' })
    totalCount!: number;
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
 * comparisons (portable to SQLite and MySQL), one statement for the page
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
  const op = order.direction === 'ASC' ? '>' : '<';
  if (args.after) {
    const values = decode(args.after, order.list, order.columns.length);
    const params: Record<string, unknown> = {};
    values.forEach((v, i) => (params[`k${i}`] = toValue(v, i)));
    const clause = (i: number): string =>
      i === order.columns.length - 1
        ? `${order.columns[i]} ${op} :k${i}`
        : `(${order.columns[i]} ${op} :k${i} OR (${order.columns[i]} = :k${i} AND ${clause(i + 1)}))`;
    page.andWhere(clause(0), params);
  }
  order.columns.forEach((column, i) =>
    i === 0 ? page.orderBy(column, order.direction) : page.addOrderBy(column, order.direction),
  );
  const rows = await page.take(args.first + 1).getMany();
  const hasNextPage = rows.length > args.first;
  const edges = rows
    .slice(0, args.first)
    .map((node) => ({ node, cursor: encodeCursor(order.list, order.values(node)) }));
  return withTotalCount({ edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } }, () =>
    counter.getCount(),
  );
}
