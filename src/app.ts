import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Clock } from './common/clock';
import { createLogger, type Logger } from './common/logger';
import { createDataSource } from './data-source';
import { startHttpServer, type HttpServer } from './http/server';
import type { MailTransport } from './mail/transports';
import { scheduleJobs } from './jobs';
import { createServices, type Services } from './modules/services';
import { createSchema, createSubgraphSchema, modulesNamed } from './schema';
import { modules as allModules } from './modules';
import { seedDemoIfEmpty } from './seed/demo';
import { withStartupLock } from './common/startup-lock';

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

/**
 * Opens the database and runs pending migrations under the start-up lock
 * (common/startup-lock.ts): processes starting together on one database
 * migrate one at a time.
 */
export async function openDatabase(config: Config, log: Logger): Promise<DataSource> {
  const ds = createDataSource(config.database, log);
  await ds.initialize();
  try {
    await withStartupLock(ds, () => ds.runMigrations({ transaction: 'each' }), { log });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/**
 * config -> DataSource -> services and schema -> (under the start-up lock) migrations and the
 * demo seed -> HTTP server (and the mail dispatcher). Services and schema touch no table.
 */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const ds = createDataSource(config.database, log);
  await ds.initialize();
  try {
    // SUBGRAPH=invoices,payments: this process serves those modules as one Federation 2 subgraph.
    const subgraph = config.federation.subgraph;
    const local = subgraph ? modulesNamed(subgraph) : allModules;
    const services = createServices(ds, config, log, options.mailTransport, options.clock, local);
    const schema = subgraph ? await createSubgraphSchema(services, subgraph) : await createSchema(services);
    // One critical section for both: several processes (subgraphs) may start at once on one database.
    await withStartupLock(
      ds,
      async () => {
        await ds.runMigrations({ transaction: 'each' });
        if (config.seedDemoOnEmpty) await seedDemoIfEmpty(services);
      },
      { log },
    );
    const http = await startHttpServer(services, schema);
    services.mail.start();
    services.webhookDispatcher.start();
    const jobs = scheduleJobs(services, options.jobsFirstRunDelayMs);
    log.info(
      {
        url: http.url,
        // The billing contacts' portal, when it is built and this process serves it (not a subgraph).
        portal: !subgraph && existsSync(path.join(config.portalDir, 'index.html')) ? `${http.url}/` : null,
        database: config.database.type,
        subgraph: subgraph?.join(',') ?? null,
      },
      subgraph ? 'corp-billing subgraph is listening' : 'corp-billing is listening',
    );
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
          await services.webhookDispatcher.stop();
          await services.mail.stop();
          await ds.destroy();
        })()),
    };
  } catch (err) {
    await ds.destroy();
    throw err;
  }
}
