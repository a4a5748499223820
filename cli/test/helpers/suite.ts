import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BillingUser } from '../../../src/modules/identity/billing-user.entity';
import { PASSWORD, startTestServer, type TestServer } from '../../../test/helpers/server';
import { CliUser } from './cli';

/** A journey of some twenty CLI processes, each a Node start: room for a loaded CI machine. */
export const JOURNEY_MS = 120_000;

export interface CliSuite {
  /** The running service. */
  readonly t: TestServer;
  /** The service's GraphQL endpoint, as `login --url` takes it. */
  readonly endpoint: string;
  /** A new CLI user, not logged in. */
  readonly cli: () => CliUser;
  /** A new CLI user logged in (`login --password-stdin`) as `user`, or as the user of that billing user ID. */
  readonly loggedIn: (user: BillingUser | string) => Promise<CliUser>;
  /** A new temporary folder, for the files a command reads or writes. */
  readonly folder: () => string;
}

/**
 * One test file's CLI: the service (with `env`) started before its tests and
 * stopped after them, and the CLI users and temporary folders the tests made
 * removed after them too.
 */
export function cliSuite(env: Record<string, string> = {}): CliSuite {
  let t: TestServer | undefined;
  const users: CliUser[] = [];
  const folders: string[] = [];
  const started = () => {
    if (!t) throw new Error('the CLI suite is used before its beforeAll ran');
    return t;
  };
  const endpoint = () => `${started().url}/graphql`;
  const cli = () => {
    const user = new CliUser();
    users.push(user);
    return user;
  };

  beforeAll(async () => {
    t = await startTestServer(env);
  });
  afterAll(async () => {
    for (const u of users.splice(0)) u.remove();
    for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
    await t?.stop();
  });

  return {
    get t() {
      return started();
    },
    get endpoint() {
      return endpoint();
    },
    cli,
    loggedIn: async (user) => {
      const billingUserId = typeof user === 'string' ? user : user.billingUserId;
      const logged = cli();
      await logged.ok(['login', '--url', endpoint(), '--user', billingUserId, '--password-stdin'], { stdin: PASSWORD });
      return logged;
    },
    folder: () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'corp-billing-cli-test-'));
      folders.push(folder);
      return folder;
    },
  };
}
