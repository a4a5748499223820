import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The transaction open in the current async context, per DataSource. */
const active = new AsyncLocalStorage<{ ds: DataSource; tx: Tx; open: boolean }>();

/**
 * How many transactions are open in the process. On Node 20 an enabled
 * AsyncLocalStorage costs every promise of the process (a hook carries its
 * store along), reads included, so `active` is disabled whenever none is
 * open: only writes pay for it, while they run. A continuation that outlives
 * its transaction may then lose the store, which only means it sees no open
 * transaction, as it would anyway (`open` is false by then).
 */
let openTransactions = 0;

/**
 * SQLite has one connection, so two transactions must not interleave on it:
 * they are queued here. MySQL gives each transaction its own pooled connection.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

const DEADLOCK_RETRIES = 2;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | undefined;
  return (e?.driverError?.code ?? e?.code) === 'ER_LOCK_DEADLOCK';
}

/**
 * Runs `fn` in a transaction. Inside a transaction already open in this async
 * context, it joins that one instead of opening a second (which on SQLite
 * would wait for itself). A transaction that MySQL picks as a deadlock victim
 * is run again from the start, up to twice.
 */
export async function inTransaction<T>(ds: DataSource, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const current = active.getStore();
  // A timer or promise started inside a transaction keeps its store after it ends: `open` tells.
  if (current && current.ds === ds && current.open) return fn(current.tx);

  let callbacks: Array<() => void> = [];
  const attempt = () => {
    callbacks = [];
    return ds.transaction(async (manager) => {
      const store = { ds, tx: { manager, afterCommit: (cb: () => void) => callbacks.push(cb) } as Tx, open: true };
      openTransactions += 1;
      try {
        return await active.run(store, () => fn(store.tx));
      } finally {
        store.open = false;
        if (--openTransactions === 0) active.disable();
      }
    });
  };
  const withRetry = async (): Promise<T> => {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (err) {
        if (retry >= DEADLOCK_RETRIES || !isDeadlock(err)) throw err;
      }
    }
  };

  let result: T;
  if (ds.options.type === 'better-sqlite3') {
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const queued = previous.then(attempt, attempt);
    sqliteQueues.set(
      ds,
      queued.catch(() => undefined),
    );
    result = await queued;
  } else {
    result = await withRetry();
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

/**
 * Find options that lock the rows read (`SELECT … FOR UPDATE`) on MySQL/MariaDB.
 * SQLite needs none: its transactions already run one at a time.
 */
export function forUpdate(tx: Tx): { lock?: { mode: 'pessimistic_write' } } {
  return tx.manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' } };
}

/**
 * Find options that read the rows' latest committed state and keep them from
 * changing until the transaction ends (`LOCK IN SHARE MODE`), as rows a
 * foreign key of this transaction's inserts will name. Nothing on SQLite.
 */
export function forShare(tx: Tx): { lock?: { mode: 'pessimistic_read' } } {
  return tx.manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_read' } };
}
