import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { Role } from '../common/roles';
import { runCli } from './run';

/**
 * `npm run user:create -- --role SALES_REP --user-id jane.doe --email jane@vendor.example --name "Jane Doe" [--locale it-IT]`
 * creates an active staff user. The password is read from CORP_BILLING_PASSWORD or asked for on the terminal.
 * `--locale` is the language of their e-mails (en-US or it-IT); without it they get English.
 */
const options = {
  role: { type: 'string' },
  'user-id': { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  locale: { type: 'string' },
} as const;

async function readPassword(): Promise<string> {
  if (process.env.CORP_BILLING_PASSWORD) return process.env.CORP_BILLING_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question('Password (12 to 128 characters): ');
  } finally {
    rl.close();
  }
}

runCli(async ({ users }) => {
  const { values } = parseArgs({ options });
  const role = values.role as Role;
  if (role !== Role.SALES_REP && role !== Role.ACCOUNT_SERVICES)
    throw new Error('--role must be SALES_REP or ACCOUNT_SERVICES (billing contacts are invited from the portal)');
  if (!values['user-id'] || !values.email || !values.name)
    throw new Error('--user-id, --email and --name are required');
  const user = await users.createUser({
    role,
    billingUserId: values['user-id'],
    email: values.email,
    displayName: values.name,
    locale: values.locale ?? null,
    password: await readPassword(),
  });
  console.log(
    `Created ${user.role} ${user.billingUserId} (${user.id})${user.locale ? `, e-mails in ${user.locale}` : ''}`,
  );
});
