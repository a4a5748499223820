import type { EntityTarget } from 'typeorm';
import { isUniqueViolation } from './db-errors';
import { forUpdate, type Tx } from './transactions';

/** A per-year counter row: `year` is the key, `lastNumber` the last value handed out. */
export interface YearCounter {
  year: number;
  lastNumber: number;
}

/**
 * The next value of `year`'s counter, under a lock on its row: never
 * duplicated, and without gaps unless the transaction rolls back. Everything
 * runs on the transaction's own connection (a second pooled connection per
 * caller could starve the pool). `whileLocked` runs once the row is locked and
 * before the number is taken, so a rule about the series (such as dates that
 * follow the numbers) holds against concurrent callers; if it throws, no
 * number is taken.
 */
export async function nextInYear<T extends YearCounter>(
  tx: Tx,
  target: EntityTarget<T>,
  year: number,
  whileLocked?: (row: T) => void | Promise<void>,
): Promise<number> {
  const counter = target as EntityTarget<YearCounter>;
  if (!(await tx.manager.findOneBy(counter, { year }))) {
    try {
      await tx.manager.insert(counter, { year, lastNumber: 0 });
    } catch (err) {
      // Another caller made the year's row first; InnoDB undoes only this statement.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const row = await tx.manager.findOneOrFail(counter, { where: { year }, ...forUpdate(tx) });
  if (whileLocked) await whileLocked(row as T);
  const next = row.lastNumber + 1;
  await tx.manager.update(counter, { year }, { lastNumber: next });
  return next;
}
