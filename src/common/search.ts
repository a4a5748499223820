import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Case-insensitive search conditions that an index can answer on both
 * databases, at any size (a `LIKE '%term%'` reads the whole table):
 * - MySQL/MariaDB: the columns' `utf8mb4_unicode_ci` collation already
 *   compares without case (and accents), so a plain index on the column
 *   serves `col LIKE 'term%'` and `col = 'term'`;
 * - SQLite compares bytes, so each searched column has an index on
 *   `lower(col)` (see migrations/1764400050000) and the conditions compare
 *   `lower(col)` with the term lower-cased the way SQLite does (ASCII only):
 *   a prefix becomes the range `>= term AND < term with its last character
 *   incremented`, which matches exactly the strings starting with the term.
 * Each condition uses its own parameter names (`name` and `name` + `Hi`).
 */
export interface SearchConditions {
  /** `column` starts with `term`, e.g. `INV-2026` for INV-2026-000001. */
  startsWith(column: string, term: string, name: string): Condition;
  /** `column` is `term`, but for case. */
  equals(column: string, term: string, name: string): Condition;
}

export type Condition = { sql: string; params: Record<string, string> };

/**
 * A list's search filter: when `search` holds more than blanks, the rows
 * where any of `conditions` (made for the trimmed term) holds.
 */
export function whereSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  search: string | null | undefined,
  conditions: (on: SearchConditions, term: string) => Condition[],
): SelectQueryBuilder<T> {
  const term = search?.trim();
  if (!term) return qb;
  const any = conditions(searchConditions(qb.connection), term);
  return qb.andWhere(
    `(${any.map((c) => c.sql).join(' OR ')})`,
    Object.assign({}, ...any.map((c) => c.params)) as Record<string, string>,
  );
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The smallest string above every string that starts with `prefix` (in code-point order), or null. */
function afterPrefix(prefix: string): string | null {
  const chars = [...prefix];
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined) return null;
  // 0xD7FF is followed by the surrogates, which are no characters: skip them.
  if (last === 0x10ffff) return chars.length ? afterPrefix(chars.join('')) : null;
  return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
}

function searchConditions(ds: DataSource): SearchConditions {
  if (ds.options.type === 'better-sqlite3')
    return {
      startsWith(column, term, name) {
        const lo = asciiLower(term);
        const hi = afterPrefix(lo);
        return {
          sql:
            hi === null
              ? `lower(${column}) >= :${name}`
              : `(lower(${column}) >= :${name} AND lower(${column}) < :${name}Hi)`,
          params: hi === null ? { [name]: lo } : { [name]: lo, [`${name}Hi`]: hi },
        };
      },
      equals: (column, term, name) => ({ sql: `lower(${column}) = :${name}`, params: { [name]: asciiLower(term) } }),
    };
  return {
    // '!' escapes LIKE wildcards: a backslash means different things to SQLite and MySQL.
    startsWith: (column, term, name) => ({
      sql: `${column} LIKE :${name} ESCAPE '!'`,
      params: { [name]: `${term.replace(/[!%_]/g, (c) => `!${c}`)}%` },
    }),
    equals: (column, term, name) => ({ sql: `${column} = :${name}`, params: { [name]: term } }),
  };
}
