import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { DIST, listening, run, stop, type Run } from './process';

/**
 * The federated topology as CI runs it: the modules split over three
 * subgraph processes (each crossing-module journey crosses a process
 * boundary) behind the real gateway, all on the test's database.
 */
export const SUBGRAPH_GROUPS: Record<string, string[]> = {
  people: ['identity', 'account'],
  billing: ['invoices', 'payments', 'purchase-orders', 'documents', 'webhooks'],
  sales: ['quotes', 'requests', 'subscriptions'],
};

export interface Federation {
  /** The gateway's address: clients and e-mail links use this one. */
  url: string;
  secret: string;
  /** Each group's subgraph URL (…/graphql), by group name. */
  subgraphs: Record<string, string>;
  runs: Record<string, Run>;
  gateway: Run;
  /** Stops one subgraph process (a test of what the gateway does without it). */
  stopSubgraph(group: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port free right now, for a process that must know its own address before it starts (PUBLIC_URL). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the subgraphs and the gateway as separate processes from dist/ with
 * `env` (the database, keys and mail of a test server: they share them).
 * The database must be migrated already (the in-process server did it).
 */
export async function startFederation(env: Record<string, string>): Promise<Federation> {
  const secret = randomBytes(24).toString('hex');
  const gatewayPort = await freePort();
  const publicUrl = `http://127.0.0.1:${gatewayPort}`;
  // Links in e-mails and PDFs point at the gateway, unless the test configured its own public address.
  const common = {
    ...env,
    PUBLIC_URL: env.PUBLIC_URL || publicUrl,
    FEDERATION_SECRET: secret,
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const runs: Record<string, Run> = {};
  const subgraphs: Record<string, string> = {};
  let gateway: Run | undefined;
  const stopAll = async () => {
    await stop(gateway);
    await Promise.all(Object.values(runs).map((r) => stop(r)));
  };
  try {
    await Promise.all(
      Object.entries(SUBGRAPH_GROUPS).map(async ([group, modules]) => {
        runs[group] = run({ ...common, SUBGRAPH: modules.join(',') });
        subgraphs[group] = `${await listening(runs[group])}/graphql`;
      }),
    );
    const urls = Object.entries(SUBGRAPH_GROUPS).flatMap(([group, modules]) =>
      modules.map((m) => `${m}=${subgraphs[group]}`),
    );
    gateway = run(
      { ...common, PORT: String(gatewayPort), GATEWAY_SUBGRAPHS: urls.join(',') },
      path.join(DIST, 'cli', 'gateway.js'),
    );
    const url = await listening(gateway);
    return {
      url,
      secret,
      subgraphs,
      runs,
      gateway,
      stopSubgraph: (group) => stop(runs[group]),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Whether this run's e2e tests go through the gateway (TEST_TOPOLOGY=federated; CI runs a set on MariaDB). */
export const federated = process.env.TEST_TOPOLOGY === 'federated';

/**
 * A test of the single process itself (the server's test clock, its SQL
 * statement count): skipped through the gateway, whose subgraphs run in
 * their own processes on the system clock.
 */
export const singleProcess = federated ? it.skip : it;
