import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../app';
import { ConfigError, loadConfig, type Config } from '../config';
import { AppError } from '../common/errors';
import { createLogger } from '../common/logger';
import { createDataSource } from '../data-source';
import { createServices, type Services } from '../modules/services';

/**
 * Runs a command-line task with the service's own config and services,
 * printing problems as one line and exiting non-zero.
 */
export function runCli(task: (services: Services) => Promise<void>, options: { migrate?: boolean } = {}): void {
  (async () => {
    const config = loadConfig();
    const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const ds = options.migrate === false ? await initialised(config) : await openDatabase(config, log);
    try {
      await task(createServices(ds, config, log));
    } finally {
      await ds.destroy();
    }
  })().catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof AppError) console.error(`corp-billing: ${err.message}`);
    else console.error(`corp-billing: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}

async function initialised(config: Config): Promise<DataSource> {
  const ds = createDataSource(config.database, createLogger('warn'));
  return ds.initialize();
}
