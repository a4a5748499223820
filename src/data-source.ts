import 'reflect-metadata';
import { preparePrivateSqliteFile } from './common/private-files';
import mysql2, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2';
import {
  DataSource,
  EventSubscriber,
  type AfterQueryEvent,
  type EntitySubscriberInterface,
  type Logger as TypeOrmLogger,
  type QueryRunner,
} from 'typeorm';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseConfig } from './config';
import { databaseAvailability, trackDatabaseAvailability } from './common/db-availability';
import { currentRequestScope } from './common/request-scope';
import type { Logger } from './common/logger';
import { migrations } from '../migrations';
import { entities } from './modules';

/** A statement that took longer than this is logged (warn) as slow. */
const SLOW_STATEMENT_MS = 1000;

/**
 * Counts every SQL statement against the request that issued it (see
 * common/request-scope.ts) and logs failed statements at debug level and slow
 * ones as warnings, without parameters, which may hold personal data.
 */
class StatementCountingLogger implements TypeOrmLogger {
  constructor(private readonly appLog?: Logger) {}

  logQuery(): void {
    const scope = currentRequestScope();
    if (scope) scope.sqlStatements += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.appLog?.debug({ err: error instanceof Error ? error.message : error, query }, 'sql statement failed');
  }

  /**
   * TypeORM's own slow-query threshold is `maxQueryExecutionTime`, which on
   * MySQL is also the statement timeout: slow statements are logged by
   * DatabaseGuard (below) at SLOW_STATEMENT_MS instead, on both drivers, and
   * a timed-out one is part of an outage, not a slow statement.
   */
  logQuerySlow(): void {}

  slowStatement(time: number, query: string): void {
    this.appLog?.warn({ durationMs: time, query }, 'slow sql statement');
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.appLog?.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.appLog?.warn({ message }, 'typeorm');
  }
}

/**
 * After every statement: a success tells the availability tracker the
 * database answers (ending an outage) and a slow one is logged; a statement
 * that timed out closes its connection. mysql2's query timeout only fails
 * the statement: the connection stays busy with it, so TypeORM's ROLLBACK
 * and every later statement on that connection would queue behind an answer
 * a frozen server never sends. Destroying the socket fails them at once
 * (PROTOCOL_CONNECTION_LOST) and takes the connection out of the pool.
 */
@EventSubscriber()
export class DatabaseGuard implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    const ds = event.dataSource;
    if (event.success) {
      databaseAvailability(ds).answered();
      const time = event.executionTime ?? 0;
      if (time > SLOW_STATEMENT_MS && ds.logger instanceof StatementCountingLogger)
        ds.logger.slowStatement(time, event.query);
      return;
    }
    if ((event.error as { code?: string } | undefined)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT')
      dropConnection(event.queryRunner);
  }
}

function dropConnection(queryRunner: QueryRunner): void {
  destroySocket((queryRunner as unknown as { databaseConnection?: unknown }).databaseConnection);
}

/** Ends a mysql2 connection as a lost one: what waits on it fails now, and a pooled connection leaves its pool. */
function destroySocket(connection: unknown): void {
  (connection as { stream?: { destroy(): void } } | undefined)?.stream?.destroy();
}

/**
 * mysql2's pool has no acquire timeout (TypeORM's `acquireTimeout` is a
 * mysql option that mysql2 ignores): a request waiting for a connection
 * while every pooled one is stuck would wait as long as they are. This
 * driver is mysql2 with a pool whose getConnection gives up after
 * `acquireTimeoutMs` (POOL_ACQUIRE_TIMEOUT); a connection that frees up for
 * a caller who gave up goes straight back to the pool.
 */
function mysqlDriverWithAcquireTimeout(acquireTimeoutMs: number): typeof mysql2 {
  return Object.create(mysql2, {
    createPool: { value: (options: PoolOptions) => withAcquireTimeout(mysql2.createPool(options), acquireTimeoutMs) },
  }) as typeof mysql2;
}

type GetConnectionCallback = (err: NodeJS.ErrnoException | null, connection?: PoolConnection) => void;

function withAcquireTimeout(pool: Pool, acquireTimeoutMs: number): Pool {
  const getConnection = pool.getConnection.bind(pool) as (cb: GetConnectionCallback) => void;
  (pool as unknown as { getConnection: (cb: GetConnectionCallback) => void }).getConnection = (cb) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      cb(
        Object.assign(new Error(`No database connection became available within ${acquireTimeoutMs} ms`), {
          code: 'POOL_ACQUIRE_TIMEOUT',
        }),
      );
    }, acquireTimeoutMs);
    getConnection((err, connection) => {
      if (settled) {
        connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      cb(err, connection);
    });
  };
  return pool;
}

/** A DataSource whose migrations run without the statement timeout (a long ALTER must not be cut off halfway). */
class AppDataSource extends DataSource {
  override runMigrations(...args: Parameters<DataSource['runMigrations']>): ReturnType<DataSource['runMigrations']> {
    return this.withoutStatementTimeout(() => super.runMigrations(...args));
  }

  override undoLastMigration(
    ...args: Parameters<DataSource['undoLastMigration']>
  ): ReturnType<DataSource['undoLastMigration']> {
    return this.withoutStatementTimeout(() => super.undoLastMigration(...args));
  }

  /** MysqlQueryRunner reads `enableQueryTimeout` from the driver's options at every statement. */
  private async withoutStatementTimeout<T>(fn: () => Promise<T>): Promise<T> {
    const options = this.driver.options as { enableQueryTimeout?: boolean };
    const before = options.enableQueryTimeout;
    options.enableQueryTimeout = false;
    try {
      return await fn();
    } finally {
      options.enableQueryTimeout = before;
    }
  }
}

/**
 * The one DataSource factory: used by the app, the tests and the TypeORM CLI.
 *
 * Timeouts (config DatabaseTimeouts): on MySQL/MariaDB a new connection must
 * connect within `connectMs`, a request waits at most `acquireMs` for a
 * pooled connection and a statement at most `statementMs` for its answer
 * (mysql2's per-query timeout through TypeORM's `enableQueryTimeout`), so a
 * frozen server (TCP open, no answers) holds neither a request nor a pooled
 * connection for longer; SQLite waits `sqliteBusyMs` for another process's
 * lock. The errors they raise are recognised by common/db-availability.ts.
 */
export function createDataSource(db: DatabaseConfig, log?: Logger): DataSource {
  const timeouts = db.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const common = {
    entities,
    migrations,
    subscribers: [DatabaseGuard],
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error', 'warn', 'migration'] as const,
    logger: new StatementCountingLogger(log),
  };
  let ds: DataSource;
  if (db.type === 'sqlite') {
    // The file, its -wal and -shm 0600, a folder made for it 0700: the database is readable by its owner only.
    if (db.path !== ':memory:') preparePrivateSqliteFile(db.path);
    ds = new AppDataSource({
      ...common,
      logging: [...common.logging],
      type: 'better-sqlite3',
      database: db.path,
      enableWAL: true,
      timeout: timeouts.sqliteBusyMs,
    });
  } else {
    ds = new AppDataSource({
      ...common,
      logging: [...common.logging],
      type: db.flavor,
      url: db.url,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      poolSize: db.poolSize,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: false,
      driver: mysqlDriverWithAcquireTimeout(timeouts.acquireMs),
      connectTimeout: timeouts.connectMs,
      enableQueryTimeout: true,
      maxQueryExecutionTime: timeouts.statementMs,
    });
  }
  trackDatabaseAvailability(ds, log);
  return ds;
}

/**
 * Asks the database for `SELECT 1`, giving up after about `timeoutMs`. On
 * MySQL/MariaDB it uses a connection of its own, opened for the question and
 * closed after it, so a pool busy with requests cannot make the database look
 * down, and a frozen server keeps no probe connection: the socket is
 * destroyed when the answer does not come.
 */
export async function pingDatabase(ds: DataSource, timeoutMs: number): Promise<void> {
  if (ds.options.type === 'better-sqlite3') {
    await ds.query('SELECT 1');
    return;
  }
  const url = (ds.options as { url?: string }).url;
  const connection = mysql2.createConnection({ uri: url, connectTimeout: timeoutMs });
  connection.on('error', () => undefined); // reported through the query below
  try {
    await connection.promise().query({ sql: 'SELECT 1', timeout: timeoutMs });
  } catch (err) {
    destroySocket(connection);
    throw err;
  }
  // A polite QUIT (no "aborted connection" in the server's log); the socket goes if the server does not reply.
  const force = setTimeout(() => destroySocket(connection), timeoutMs);
  force.unref();
  connection.end(() => clearTimeout(force));
}
