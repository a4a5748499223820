import type { DataSource, EntityManager } from 'typeorm';

/**
 * A unit of work. Services write through `tx.manager` and register side
 * effects (waking the mail dispatcher, for instance) with `afterCommit`, so
 * nothing happens for a change that rolled back.
 */
export interface Tx {
  readonly manager: EntityManager;
  afterCommit(fn: () => void): void;
}

/**
 * SQLite has one connection, so two transactions must not interleave on it:
 * they are queued here. MySQL gives each transaction its own pooled connection.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** Runs `fn` in a transaction, or inside `outer` when the caller already has one. */
export async function inTransaction<T>(ds: DataSource, fn: (tx: Tx) => Promise<T>, outer?: Tx): Promise<T> {
  if (outer) return fn(outer);
  const callbacks: Array<() => void> = [];
  const run = () =>
    ds.transaction(async (manager) => fn({ manager, afterCommit: (cb) => callbacks.push(cb) }));

  let result: T;
  if (ds.options.type === 'better-sqlite3') {
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const current = previous.then(run, run);
    sqliteQueues.set(
      ds,
      current.catch(() => undefined),
    );
    result = await current;
  } else {
    result = await run();
  }
  for (const cb of callbacks) {
    try {
      cb();
    } catch {
      // A side effect must never turn a committed change into an error.
    }
  }
  return result;
}
