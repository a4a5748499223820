import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Logger } from './logger';
import { preparePrivateSqliteFile } from './private-files';

/**
 * How long a starting process waits for another one to finish its migrations
 * and demo seed before it gives up (STARTUP_LOCK_TIMEOUT). Two minutes covers
 * a cold start of several subgraph processes with every migration to run; a
 * migration that runs longer (a big ALTER) makes the waiting processes fail
 * with a clear error, and they start fine once it is done.
 */
export const STARTUP_LOCK_WAIT_MS = 120_000;

/** The MySQL/MariaDB named lock, one per database (GET_LOCK names are server-wide). */
const LOCK_NAME = 'corp-billing:startup';
/** GET_LOCK names longer than this are refused (MySQL 5.7+). */
const MAX_LOCK_NAME = 64;
/** Between two attempts to take the lock. */
const POLL_MS = 100;

export class StartupLockTimeoutError extends Error {
  readonly code = 'STARTUP_LOCK_TIMEOUT';
  constructor(waitMs: number, where: string) {
    super(
      `another corp-billing process held the start-up lock (${where}) for more than ${waitMs / 1000} s ` +
        'while migrating or seeding; start this one again once it is up',
    );
  }
}

export interface StartupLockOptions {
  log?: Logger;
  /** Default STARTUP_LOCK_WAIT_MS. */
  waitMs?: number;
}

/**
 * Runs `fn` (migrations and the demo seed) while no other process on the same
 * database runs it: several server processes (subgraphs) may start at the
 * same moment on one database, and each would otherwise run the same
 * migration or seed the demo data again.
 *
 * - MySQL/MariaDB: `GET_LOCK` on one connection taken from the pool and kept
 *   (a QueryRunner) until `RELEASE_LOCK` in `finally`; the server also drops
 *   the lock when that connection ends, so a crashed process never leaves it
 *   behind. The name carries the database name, because named locks are
 *   server-wide and two databases on one server must not wait for each other.
 * - SQLite: see holdSqliteLock. An in-memory database has one process: no lock.
 */
export async function withStartupLock<T>(
  ds: DataSource,
  fn: () => Promise<T>,
  options: StartupLockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? STARTUP_LOCK_WAIT_MS;
  const type = ds.options.type;
  if (type === 'mysql' || type === 'mariadb') return holdMysqlLock(ds, fn, waitMs, options.log);
  if (type === 'better-sqlite3') {
    const file = ds.options.database;
    if (file === ':memory:') return fn();
    return holdSqliteLock(`${file}.startup-lock`, fn, waitMs, options.log);
  }
  throw new Error(`no start-up lock for database type ${type}`);
}

async function holdMysqlLock<T>(ds: DataSource, fn: () => Promise<T>, waitMs: number, log?: Logger): Promise<T> {
  // The lock connection stays out of the pool while `fn` migrates and seeds on other pooled connections.
  const poolSize = (ds.options as { poolSize?: number }).poolSize ?? 10;
  if (poolSize < 2)
    throw new Error(
      'DATABASE_POOL_SIZE must be at least 2: start-up keeps one connection for its lock while it migrates',
    );
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    const [{ name: database }] = (await runner.query('SELECT DATABASE() AS name')) as Array<{ name: string }>;
    const lock = lockName(database);
    await acquireMysqlLock(runner, lock, waitMs, log);
    try {
      return await fn();
    } finally {
      await releaseMysqlLock(runner, lock, log);
    }
  } finally {
    await runner.release();
  }
}

function lockName(database: string): string {
  const name = `${LOCK_NAME}:${database}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `${LOCK_NAME}:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/**
 * Waiting is polled (`GET_LOCK(name, 0)` tries without waiting), the same
 * way as on SQLite: a server-side wait would be one long statement, cut off
 * by the statement timeout and logged as slow, and a poll every POLL_MS is
 * nothing next to a migration.
 */
async function acquireMysqlLock(runner: QueryRunner, lock: string, waitMs: number, log?: Logger): Promise<void> {
  await poll(
    async () => {
      const [{ got }] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [lock])) as Array<{
        got: number | string | null;
      }>;
      if (got === null) throw new Error(`GET_LOCK('${lock}') failed`);
      return Number(got) === 1;
    },
    { what: `GET_LOCK('${lock}')`, waitMs, log },
  );
}

/** Tries `take` every POLL_MS until it returns true; logs when it has to wait and when it is through. */
async function poll(take: () => Promise<boolean>, o: { what: string; waitMs: number; log?: Logger }): Promise<void> {
  const deadline = Date.now() + o.waitMs;
  if (await take()) return;
  o.log?.info({ lock: o.what }, 'waiting for another process to finish migrating (start-up lock)');
  for (;;) {
    if (Date.now() >= deadline) throw new StartupLockTimeoutError(o.waitMs, o.what);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (await take()) {
      o.log?.info({ lock: o.what }, 'start-up lock acquired');
      return;
    }
  }
}

/**
 * A lock that could not be released (the connection failed) goes with its
 * connection: it is destroyed rather than returned to the pool, so no pooled
 * connection ever keeps the lock.
 */
async function releaseMysqlLock(runner: QueryRunner, lock: string, log?: Logger): Promise<void> {
  try {
    const [{ released }] = (await runner.query('SELECT RELEASE_LOCK(?) AS released', [lock])) as Array<{
      released: number | string | null;
    }>;
    if (Number(released) === 1) return;
    log?.warn({ lock, released }, 'the start-up lock was not held at release');
  } catch (err) {
    log?.warn({ err, lock }, 'could not release the start-up lock; dropping its connection');
  }
  (runner as unknown as { databaseConnection?: { destroy?(): void } }).databaseConnection?.destroy?.();
}

/**
 * SQLite: every process opens the same file, so the lock is a second SQLite
 * file next to the database (`<database>.startup-lock`, 0600, left in place),
 * held by `BEGIN EXCLUSIVE` on a connection of its own until `fn` is done.
 *
 * Why not the alternatives: a lock file made with `open(..., 'wx')` survives a
 * crash, and telling a stale one by its PID is racy (two processes that both
 * find it stale both take over) and wrong after PID reuse; `BEGIN EXCLUSIVE`
 * on the database itself would lock out this process's own migrations, which
 * run on TypeORM's connection. SQLite's lock on a separate file is a kernel
 * file lock: the process holds it until it commits, rolls back or closes, and
 * loses it when it dies however it dies, so there is nothing stale to detect.
 * The file is never deleted: a waiter holding the old file open would get a
 * lock that a newcomer on a new file does not see. Attempts never wait
 * inside SQLite (busy timeout 0): waiting is polled, so the event loop (and a
 * SIGTERM) is never blocked.
 */
async function holdSqliteLock<T>(file: string, fn: () => Promise<T>, waitMs: number, log?: Logger): Promise<T> {
  preparePrivateSqliteFile(file);
  const db = new Database(file, { timeout: 0 });
  try {
    await poll(
      async () => {
        try {
          db.exec('BEGIN EXCLUSIVE');
          return true;
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
          throw err;
        }
      },
      { what: file, waitMs, log },
    );
    try {
      return await fn();
    } finally {
      try {
        db.exec('ROLLBACK');
      } catch {
        // Closing below releases the lock all the same.
      }
    }
  } finally {
    db.close();
  }
}
