import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/common/logger';
import { inTransaction } from '../../src/common/transactions';
import { CorporateAccount, type BillingFrequency } from '../../src/modules/account/corporate-account.entity';
import { BillingUser } from '../../src/modules/identity/billing-user.entity';
import { PortalRole, Role } from '../../src/common/roles';
import { TestClient } from './client';
import { federated, startFederation, type Federation } from './federation';
import { TestClock } from './clock';
import { createTestDatabase, type TestDatabase } from './database';
import { Mailbox } from './mailbox';
import { LOGIN } from './operations';

export const PASSWORD = 'correct horse battery staple';

export interface TestServer {
  app: App;
  url: string;
  db: TestDatabase;
  mailbox: Mailbox;
  /** The server's clock: tests move time with it (and reset it) instead of editing rows. */
  clock: TestClock;
  /** The environment the server was configured from: a second process with it shares the database and keys. */
  env: Record<string, string>;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The subgraph processes and the gateway, when TEST_TOPOLOGY=federated (url is then the gateway's). */
  federation?: Federation;
  anonymous(): TestClient;
  /** An account (assigned to `salesRepId` when given) made through the service, without a contact. */
  account(
    name?: string,
    options?: {
      salesRepId?: string;
      country?: string;
      currency?: string;
      locale?: string;
      billingFrequency?: BillingFrequency;
    },
  ): Promise<CorporateAccount>;
  user(
    role: Role,
    options?: {
      accountId?: string;
      billingUserId?: string;
      email?: string;
      password?: string;
      /** A billing contact's portal role (ADMIN by default). */
      portalRole?: PortalRole;
    },
  ): Promise<BillingUser>;
  /** A client logged in (through the API) as `user`. */
  loginAs(user: BillingUser, password?: string): Promise<TestClient & { refreshToken: string; accessToken: string }>;
  stop(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${randomBytes(3).toString('hex')}`;

/**
 * Starts the real service on an ephemeral port, on a fresh database (SQLite,
 * or MariaDB when TEST_DATABASE_URL is set), sending mail to a real SMTP
 * server in the test process.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    jobsFirstRunDelayMs?: number;
    /** Through the gateway whatever TEST_TOPOLOGY says. */ federated?: boolean;
  } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const mailbox = new Mailbox();
  await mailbox.start();
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      cb();
    },
  });
  const serverEnv: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SMTP_URL: mailbox.url,
    SEED_DEMO_ON_EMPTY: 'false',
    LOG_LEVEL: 'info',
    ...env,
  };
  const config = loadConfig(serverEnv);
  const clock = new TestClock();
  const app = await startApp(config, {
    log: createLogger(config.logLevel, sink),
    clock,
    jobsFirstRunDelayMs: options.jobsFirstRunDelayMs,
  });
  const { users, accounts } = app.services;
  // TEST_TOPOLOGY=federated: the clients talk to the gateway in front of subgraph processes on the same database;
  // this process still migrates and serves the fixtures (its services) and the mailbox.
  let federation: Federation | undefined;
  try {
    if (federated || options.federated) federation = await startFederation(serverEnv);
  } catch (err) {
    await app.stop();
    throw err;
  }
  const url = federation?.url ?? app.url;

  const server: TestServer = {
    app,
    url,
    federation,
    db,
    mailbox,
    clock,
    env: serverEnv,
    logs,
    anonymous: () => new TestClient(url),
    account: (name = 'Globex Corporation', options = {}) =>
      inTransaction(app.ds, (tx) => accounts.createAccount(tx, { organisationName: name, ...options })),
    user: async (role, o = {}) => {
      const accountId = role === Role.BILLING_CONTACT ? (o.accountId ?? (await server.account()).id) : null;
      const billingUserId = o.billingUserId ?? unique(role === Role.BILLING_CONTACT ? 'contact.' : 'staff.');
      return users.createUser({
        role,
        accountId,
        billingUserId,
        email: o.email ?? `${billingUserId}@example.test`,
        displayName: `Test ${role.toLowerCase()}`,
        password: o.password ?? PASSWORD,
        portalRole: o.portalRole,
      });
    },
    loginAs: async (user, password = PASSWORD) => {
      const anon = new TestClient(url);
      const r = await anon.mutate(LOGIN, { input: { userId: user.billingUserId, password } });
      if (r.errors.length) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
      const client = new TestClient(url, r.data.login.accessToken) as TestClient & {
        refreshToken: string;
        accessToken: string;
      };
      client.refreshToken = r.data.login.refreshToken!;
      client.accessToken = r.data.login.accessToken;
      return client;
    },
    stop: async () => {
      try {
        await federation?.stop();
        await app.stop();
      } finally {
        await mailbox.stop();
        await db.drop();
      }
    },
  };
  return server;
}
