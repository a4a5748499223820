import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Clock } from './common/clock';
import { createLogger, type Logger } from './common/logger';
import { createDataSource } from './data-source';
import { startHttpServer, type HttpServer } from './http/server';
import type { MailTransport } from './mail/transports';
import { scheduleJobs } from './jobs';
import { createServices, type Services } from './modules/services';
import { createSchema } from './schema';
import { seedDemoIfEmpty } from './seed/demo';

export interface App {
  config: Config;
  ds: DataSource;
  services: Services;
  http: HttpServer;
  url: string;
  stop(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  mailTransport?: MailTransport;
  /** When the first scheduled jobs pass runs (default 10 s after start). */
  jobsFirstRunDelayMs?: number;
  /** What time-dependent rules take as now (default the system clock; tests pass their own). */
  clock?: Clock;
}

/** Opens the database and runs pending migrations. */
export async function openDatabase(config: Config, log: Logger): Promise<DataSource> {
  const ds = createDataSource(config.database, log);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** config -> DataSource -> migrations -> schema -> HTTP server (and the mail dispatcher). */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const ds = await openDatabase(config, log);
  try {
    const services = createServices(ds, config, log, options.mailTransport, options.clock);
    const schema = await createSchema(services);
    if (config.seedDemoOnEmpty) await seedDemoIfEmpty(services);
    const http = await startHttpServer(services, schema);
    services.mail.start();
    const jobs = scheduleJobs(services, options.jobsFirstRunDelayMs);
    log.info({ url: http.url, database: config.database.type }, 'corp-billing is listening');
    let stopping: Promise<void> | undefined;
    return {
      config,
      ds,
      services,
      http,
      url: http.url,
      stop: () =>
        (stopping ??= (async () => {
          await http.stop();
          await jobs.stop();
          await services.passwords.drain();
          await services.mail.stop();
          await ds.destroy();
        })()),
    };
  } catch (err) {
    await ds.destroy();
    throw err;
  }
}
