import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../modules/identity/billing-user.entity';
import type { Services } from '../modules/services';

export interface DemoCredential {
  role: Role;
  billingUserId: string;
  password: string;
}

const passphrase = () => `demo-${randomBytes(9).toString('base64url')}`;

/**
 * A demo account with its billing contact, a sales rep and an account-services
 * user, each with a fresh random password, printed once and kept in
 * DATA_DIR/demo-credentials.txt (readable by the owner only).
 */
export async function seedDemo(services: Services): Promise<DemoCredential[]> {
  const account = await services.accounts.createAccount({ organisationName: 'Acme Industrial Supplies Ltd' });
  const people = [
    { role: Role.BILLING_CONTACT, billingUserId: 'acme.billing', email: 'billing@acme.example', displayName: 'Dana Whitfield', accountId: account.id },
    { role: Role.SALES_REP, billingUserId: 'rep.morgan', email: 'morgan.rep@vendor.example', displayName: 'Morgan Hale' },
    { role: Role.ACCOUNT_SERVICES, billingUserId: 'cas.alex', email: 'alex.cas@vendor.example', displayName: 'Alex Romano' },
  ];
  const credentials: DemoCredential[] = [];
  for (const person of people) {
    const password = passphrase();
    await services.identity.createUser({ ...person, password });
    credentials.push({ role: person.role, billingUserId: person.billingUserId, password });
  }
  const lines = [
    `Demo users (account ${account.accountNumber}, ${account.organisationName}):`,
    ...credentials.map((c) => `  ${c.role.padEnd(17)} user ID: ${c.billingUserId.padEnd(14)} password: ${c.password}`),
  ];
  console.log(lines.join('\n'));
  mkdirSync(services.config.dataDir, { recursive: true });
  writeFileSync(path.join(services.config.dataDir, 'demo-credentials.txt'), lines.join('\n') + '\n', { mode: 0o600 });
  return credentials;
}

/** The quick start's demo data: only on a database with no users yet. */
export async function seedDemoIfEmpty(services: Services): Promise<void> {
  if ((await services.identity.countUsers()) === 0) await seedDemo(services);
}
