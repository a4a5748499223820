import type { Command } from 'commander';
import type { Run } from '../context';
import { CliError, EXIT } from '../errors';
import { MONEY } from '../fragments';
import { graphql, type ResultOf } from '../graphql';
import { localDate } from '../input';
import { money, type Column } from '../output';
import { action } from './action';

const SUBSCRIPTION_FIELDS = graphql(`
  fragment CliSubscription on AccountSubscription {
    id
    status
    termStart
    termEnd
    autoRenew
    cancelAtTermEnd
    cancelReason
    cancelledAt
    items {
      id
      seats
      product {
        id
        code
        name
      }
    }
  }
`);

const SUBSCRIPTION = graphql(
  `
    query CliSubscriptionOf($id: ID) {
      account(id: $id) {
        id
        accountNumber
        organisationName
        subscription {
          ...CliSubscription
        }
      }
    }
  `,
  [SUBSCRIPTION_FIELDS],
);
const CANCEL = graphql(
  `
    mutation CliCancelSubscription($accountId: ID!, $input: CancelSubscriptionInput!) {
      cancelSubscription(accountId: $accountId, input: $input) {
        ...CliSubscription
      }
    }
  `,
  [SUBSCRIPTION_FIELDS],
);
const REACTIVATE = graphql(
  `
    mutation CliReactivateSubscription($accountId: ID!, $input: ReactivateSubscriptionInput) {
      reactivateSubscription(accountId: $accountId, input: $input) {
        ...CliSubscription
      }
    }
  `,
  [SUBSCRIPTION_FIELDS],
);

const PURCHASE_ORDERS = graphql(
  `
    query CliPurchaseOrders($id: ID) {
      account(id: $id) {
        id
        purchaseOrders {
          id
          number
          description
          validFrom
          expiresOn
          status
          deactivated
          isDefault
          expiresSoon
          ceiling {
            ...CliMoney
          }
          createdAt
        }
      }
    }
  `,
  [MONEY],
);

type Subscription = ResultOf<typeof SUBSCRIPTION_FIELDS>;
type PurchaseOrder = ResultOf<typeof PURCHASE_ORDERS>['account']['purchaseOrders'][number];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

const SUBSCRIPTION_COLUMNS: ReadonlyArray<Column<Subscription>> = [
  { header: 'Status', value: (s) => s.status },
  { header: 'Term', value: (s) => `${s.termStart} to ${s.termEnd}` },
  { header: 'Auto-renew', value: (s) => yesNo(s.autoRenew) },
  { header: 'Cancel at term end', value: (s) => yesNo(s.cancelAtTermEnd) },
  { header: 'Cancelled', value: (s) => s.cancelledAt },
  { header: 'Cancel reason', value: (s) => s.cancelReason },
  {
    header: 'Seats',
    value: (s) => s.items.map((i) => `${i.seats} × ${i.product.code} (${i.product.name})`).join(', '),
  },
  { header: 'Subscription id', value: (s) => s.id },
];

function showSubscription(run: Run, s: Subscription): void {
  run.out.record(s, SUBSCRIPTION_COLUMNS);
}

const PO_COLUMNS: ReadonlyArray<Column<PurchaseOrder>> = [
  { header: 'Id', value: (p) => p.id },
  { header: 'Number', value: (p) => p.number },
  { header: 'Valid from', value: (p) => p.validFrom },
  { header: 'Expires on', value: (p) => p.expiresOn },
  { header: 'Status', value: (p) => (p.deactivated ? `${p.status} (deactivated)` : p.status) },
  { header: 'Default', value: (p) => yesNo(p.isDefault) },
  { header: 'Expires soon', value: (p) => yesNo(p.expiresSoon) },
  { header: 'Ceiling', value: (p) => money(p.ceiling) },
  { header: 'Description', value: (p) => p.description },
];

export function registerSubscriptions(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description("an account's subscription: show, cancel, reactivate");

  subscriptions
    .command('show')
    .description("an account's subscription: status, term, renewal and seats")
    .argument('<account id>', 'the account id')
    .action(
      action(async (run, accountId: string) => {
        const { account } = await run.query(SUBSCRIPTION, { id: accountId });
        if (!account.subscription)
          throw new CliError(
            `account ${account.accountNumber} (${account.organisationName}) has no subscription`,
            EXIT.NOT_FOUND,
            'NOT_FOUND',
          );
        run.out.say(`${account.organisationName} (${account.accountNumber})`);
        showSubscription(run, account.subscription);
      }),
    );

  subscriptions
    .command('cancel')
    .description('cancel the subscription at the end of its term, or now with --immediately (asks first)')
    .argument('<account id>', 'the account id')
    .requiredOption('--reason <text>', 'why (kept with the subscription and on the activity trail)')
    .option('--immediately', 'end it now instead of at the end of the term')
    .action(
      action(async (run, accountId: string, options: { reason: string; immediately?: boolean }) => {
        const immediately = Boolean(options.immediately);
        const data = await run.mutate(
          CANCEL,
          { accountId, input: { immediately, reason: options.reason } },
          `Cancel the subscription of account ${accountId} ${immediately ? 'now' : 'at the end of its term'}?`,
        );
        if (!data) return;
        const s = data.cancelSubscription;
        run.out.say(
          immediately ? 'The subscription is cancelled.' : `The subscription ends with its term on ${s.termEnd}.`,
        );
        showSubscription(run, s);
      }),
    );

  subscriptions
    .command('reactivate')
    .description('make an expired or cancelled subscription active for a new term (default: one year from today)')
    .argument('<account id>', 'the account id')
    .option('--term-start <date>', 'the first day of the new term, YYYY-MM-DD (default today)', localDate)
    .option('--term-end <date>', 'the last day of the new term, YYYY-MM-DD (default a year after the start)', localDate)
    .action(
      action(async (run, accountId: string, options: { termStart?: string; termEnd?: string }) => {
        const input = { termStart: options.termStart, termEnd: options.termEnd };
        const data = await run.mutate(REACTIVATE, { accountId, input });
        if (!data) return;
        const s = data.reactivateSubscription;
        run.out.say(`The subscription is active from ${s.termStart} to ${s.termEnd}.`);
        showSubscription(run, s);
      }),
    );
}

export function registerPurchaseOrders(program: Command): void {
  const pos = program.command('pos').alias('purchase-orders').description("an account's purchase orders");

  pos
    .command('list')
    .description("an account's purchase orders, latest expiry first: dates, status, default, expiring soon")
    .argument('<account id>', 'the account id')
    .action(
      action(async (run, accountId: string) => {
        const { account } = await run.query(PURCHASE_ORDERS, { id: accountId });
        run.out.rows(account.purchaseOrders, PO_COLUMNS);
      }),
    );
}
