import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { packageRoot } from '../../src/common/package-root';
import { registerSession } from './commands/session';
import { registerAccounts } from './commands/accounts';
import { registerCompletion } from './commands/completion';
import { registerDocuments } from './commands/documents';
import { registerInvoices, registerPayments } from './commands/invoices';
import { registerProducts } from './commands/products';
import { registerQuotes } from './commands/quotes';
import { registerRequests } from './commands/requests';
import { registerPurchaseOrders, registerSubscriptions } from './commands/subscriptions';
import { registerSecurityEvents, registerUsers } from './commands/users';
import { CliError, EXIT } from './errors';
import { FORMATS } from './output';

const version = () =>
  (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/** The `corp-billing` command line for sales reps and Corporate Account Services. */
export function program(): Command {
  const root = new Command('corp-billing')
    .description('Sales-rep and account-services tooling for a corp-billing service')
    .version(version())
    .option('--profile <name>', 'the profile (service and session) to use; default CORP_BILLING_PROFILE or "default"')
    .option('--url <endpoint>', "the GraphQL endpoint instead of the profile's")
    .addOption(new Option('-o, --output <format>', 'table, json or csv').choices(FORMATS).default('table'))
    .option('--no-color', 'no colour (also when NO_COLOR is set or the output is not a terminal)')
    .option('-v, --verbose', 'say each request and its id on stderr')
    .option('-y, --yes', 'answer yes to confirmations (needed without a terminal)')
    .option('--dry-run', 'print the mutation and its variables instead of sending it')
    .showHelpAfterError()
    .exitOverride();
  registerSession(root);
  registerAccounts(root);
  registerProducts(root);
  registerQuotes(root);
  registerInvoices(root);
  registerPayments(root);
  registerSubscriptions(root);
  registerPurchaseOrders(root);
  registerRequests(root);
  registerUsers(root);
  registerSecurityEvents(root);
  registerDocuments(root);
  registerCompletion(root);
  return root;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`corp-billing: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; a wrong command or option is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    throw err;
  }
}

void main();
