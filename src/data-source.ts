import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseConfig } from './config';
import { currentRequestScope } from './common/request-scope';
import type { Logger } from './common/logger';
import { migrations } from '../migrations';
import { entities } from './modules';

/**
 * Counts every SQL statement against the request that issued it (see
 * common/request-scope.ts) and logs failed or slow statements at debug level,
 * without parameters, which may hold personal data.
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

  logQuerySlow(time: number, query: string): void {
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

/** The one DataSource factory: used by the app, the tests and the TypeORM CLI. */
export function createDataSource(db: DatabaseConfig, log?: Logger): DataSource {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error', 'warn', 'migration'] as const,
    logger: new StatementCountingLogger(log),
    maxQueryExecutionTime: 1000,
  };
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(path.dirname(db.path), { recursive: true });
    return new DataSource({
      ...common,
      logging: [...common.logging],
      type: 'better-sqlite3',
      database: db.path,
      enableWAL: true,
      timeout: 5000,
    });
  }
  return new DataSource({
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
  });
}
