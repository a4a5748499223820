import type { Command } from 'commander';
import type { Run } from '../context';
import { CliError, EXIT } from '../errors';
import { graphql, type VariablesOf } from '../graphql';
import { oneOf, positiveInt, readDataFile } from '../input';
import { collect, withPaging, type PagingOptions } from '../paging';
import { action } from './action';

const ACCOUNT_FIELDS = graphql(`
  fragment CliAccount on CorporateAccount {
    id
    accountNumber
    organisationName
    status
    country
    currency
    locale
    billingFrequency
    paymentTermsDays
    createdAt
    salesRep {
      id
      billingUserId
      displayName
    }
    billingContact {
      id
      billingUserId
      displayName
      email
      status
    }
  }
`);

const ACCOUNTS = graphql(
  `
    query CliAccounts($first: Int!, $after: String, $filter: AccountFilter) {
      accounts(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            ...CliAccount
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  `,
  [ACCOUNT_FIELDS],
);
const ACCOUNT = graphql(
  `
    query CliAccount($id: ID) {
      account(id: $id) {
        ...CliAccount
        billTo {
          companyName
          contactName
          addressLine1
          addressLine2
          city
          region
          postalCode
          country
          email
          phone
        }
        subscription {
          status
          termStart
          termEnd
          autoRenew
          items {
            seats
            product {
              code
              name
            }
          }
        }
      }
    }
  `,
  [ACCOUNT_FIELDS],
);
const CREATE = graphql(
  `
    mutation CliCreateAccount($input: CreateCorporateAccountInput!) {
      createCorporateAccount(input: $input) {
        ...CliAccount
      }
    }
  `,
  [ACCOUNT_FIELDS],
);
const UPDATE = graphql(
  `
    mutation CliUpdateAccount($id: ID!, $input: UpdateAccountInput!) {
      updateAccount(id: $id, input: $input) {
        ...CliAccount
      }
    }
  `,
  [ACCOUNT_FIELDS],
);
const ASSIGN_REP = graphql(
  `
    mutation CliAssignRep($accountId: ID!, $salesRepId: ID!) {
      assignSalesRep(accountId: $accountId, salesRepId: $salesRepId) {
        ...CliAccount
      }
    }
  `,
  [ACCOUNT_FIELDS],
);

type Account = NonNullable<Awaited<ReturnType<typeof accountById>>>;
const accountById = async (run: Run, id: string) => (await run.query(ACCOUNT, { id })).account;

const person = (u: { billingUserId: string; displayName: string } | null | undefined) =>
  u ? `${u.displayName} (${u.billingUserId})` : '';

const LIST = [
  { header: 'Id', value: (a: ListedAccount) => a.id },
  { header: 'Number', value: (a: ListedAccount) => a.accountNumber },
  { header: 'Organisation', value: (a: ListedAccount) => a.organisationName },
  { header: 'Status', value: (a: ListedAccount) => a.status },
  { header: 'Country', value: (a: ListedAccount) => a.country },
  { header: 'Currency', value: (a: ListedAccount) => a.currency },
  { header: 'Sales rep', value: (a: ListedAccount) => person(a.salesRep) },
  { header: 'Billing contact', value: (a: ListedAccount) => person(a.billingContact) },
];
type ListedAccount = Pick<
  Account,
  'id' | 'accountNumber' | 'organisationName' | 'status' | 'country' | 'currency' | 'salesRep' | 'billingContact'
>;

const FREQUENCIES = ['ANNUAL', 'SEMI_ANNUAL', 'QUARTERLY', 'MONTHLY'] as const;
type Frequency = (typeof FREQUENCIES)[number];
const frequency = oneOf(FREQUENCIES);
const STATUSES = ['ACTIVE', 'CANCELLED', 'EXPIRED'] as const;

type CreateInput = VariablesOf<typeof CREATE>['input'];

interface CreateOptions {
  file?: string;
  organisation?: string;
  country?: string;
  currency?: string;
  locale?: string;
  billingFrequency?: Frequency;
  paymentTerms?: number;
  salesRep?: string;
  contactUserId?: string;
  contactName?: string;
  contactEmail?: string;
}

/** The account to create: the file's fields (the API's CreateCorporateAccountInput), then the flags over them. */
function createInput(options: CreateOptions): CreateInput {
  const file = options.file ? readDataFile(options.file) : {};
  const contact = { ...((file.billingContact as Record<string, unknown> | undefined) ?? {}) };
  if (options.contactUserId) contact.billingUserId = options.contactUserId;
  if (options.contactName) contact.displayName = options.contactName;
  if (options.contactEmail) contact.email = options.contactEmail;
  const input: Record<string, unknown> = { ...file, billingContact: contact };
  const flags: Record<string, unknown> = {
    organisationName: options.organisation,
    country: options.country?.toUpperCase(),
    currency: options.currency?.toUpperCase(),
    locale: options.locale,
    billingFrequency: options.billingFrequency,
    paymentTermsDays: options.paymentTerms,
    salesRepId: options.salesRep,
  };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) input[key] = value;
  const missing = [
    ['organisationName', '--organisation'],
    ['country', '--country'],
    ['currency', '--currency'],
  ]
    .filter(([key]) => input[key] === undefined)
    .map(([, flag]) => flag);
  for (const [key, flag] of [
    ['billingUserId', '--contact-user-id'],
    ['displayName', '--contact-name'],
    ['email', '--contact-email'],
  ] as const)
    if (contact[key] === undefined) missing.push(flag);
  if (missing.length > 0)
    throw new CliError(`the account needs ${missing.join(', ')} (or those fields in --file)`, EXIT.USAGE);
  return input as CreateInput;
}

function showAccount(run: Run, a: Account): void {
  run.out.record(a, [
    { header: 'Id', value: (x) => x.id },
    { header: 'Number', value: (x) => x.accountNumber },
    { header: 'Organisation', value: (x) => x.organisationName },
    { header: 'Status', value: (x) => x.status },
    { header: 'Country', value: (x) => x.country },
    { header: 'Currency', value: (x) => x.currency },
    { header: 'Locale', value: (x) => x.locale },
    { header: 'Billing frequency', value: (x) => x.billingFrequency },
    { header: 'Payment terms', value: (x) => `${x.paymentTermsDays} days` },
    { header: 'Sales rep', value: (x) => person(x.salesRep) },
    {
      header: 'Billing contact',
      value: (x) =>
        x.billingContact && `${person(x.billingContact)} ${x.billingContact.email} ${x.billingContact.status}`,
    },
    {
      header: 'Bill To',
      value: (x) =>
        x.billTo &&
        [
          x.billTo.companyName,
          x.billTo.contactName,
          x.billTo.addressLine1,
          x.billTo.addressLine2,
          x.billTo.postalCode,
          x.billTo.city,
          x.billTo.region,
          x.billTo.country,
        ]
          .filter(Boolean)
          .join(', '),
    },
    {
      header: 'Subscription',
      value: (x) =>
        x.subscription &&
        `${x.subscription.status} ${x.subscription.termStart} to ${x.subscription.termEnd}: ${x.subscription.items.map((i) => `${i.seats} × ${i.product.code}`).join(', ')}`,
    },
    { header: 'Created', value: (x) => x.createdAt },
  ]);
}

export function registerAccounts(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('corporate accounts: list, show, create, update, assign a rep');

  withPaging(
    accounts
      .command('list')
      .description('the accounts you reach (a rep: their own; account services: all)')
      .option('--search <text>', 'the start of the organisation name, or the account number')
      .option('--status <status>', STATUSES.join(', '), oneOf(STATUSES))
      .option('--contact-email <email>', "the billing contact's e-mail"),
  ).action(
    action(
      async (
        run,
        options: PagingOptions & { search?: string; status?: (typeof STATUSES)[number]; contactEmail?: string },
      ) => {
        const filter = {
          search: options.search ?? null,
          status: options.status ?? null,
          billingContactEmail: options.contactEmail ?? null,
        };
        const rows = await collect(
          options,
          async (first, after) => (await run.query(ACCOUNTS, { first, after, filter })).accounts,
        );
        run.out.rows(rows, LIST);
      },
    ),
  );

  accounts
    .command('show')
    .description('one account with its Bill To and subscription')
    .argument('<id>', 'the account id')
    .action(
      action(async (run, id: string) => {
        showAccount(run, await accountById(run, id));
      }),
    );

  accounts
    .command('create')
    .description('create an account and invite its billing contact (flags, or a YAML or JSON file)')
    .option('-f, --file <file>', 'the account as YAML or JSON (the fields of CreateCorporateAccountInput); flags win')
    .option('--organisation <name>', 'the organisation name')
    .option('--country <code>', 'ISO country code, e.g. IT or US')
    .option('--currency <code>', 'ISO currency code, e.g. EUR or USD')
    .option('--locale <locale>', 'e.g. it-IT or en-US (default en-US)')
    .option('--billing-frequency <frequency>', FREQUENCIES.join(', '), frequency)
    .option('--payment-terms <days>', 'days to pay an invoice (default 30)', positiveInt)
    .option('--sales-rep <user id>', "the sales rep's user id (a rep's own accounts are theirs)")
    .option('--contact-user-id <billing user ID>', "the billing contact's billing user ID")
    .option('--contact-name <name>', "the billing contact's name")
    .option('--contact-email <email>', 'where the invitation goes')
    .action(
      action(async (run, options: CreateOptions) => {
        const data = await run.mutate(CREATE, { input: createInput(options) });
        if (!data) return;
        const a = data.createCorporateAccount;
        run.out.say(`Created account ${a.accountNumber} (${a.id}); the invitation went to ${a.billingContact?.email}.`);
        run.out.record(a, LIST);
      }),
    );

  accounts
    .command('update')
    .description("change an account's name, locale, billing frequency or payment terms")
    .argument('<id>', 'the account id')
    .option('--organisation <name>', 'the organisation name')
    .option('--locale <locale>', 'e.g. it-IT or en-US')
    .option('--billing-frequency <frequency>', FREQUENCIES.join(', '), frequency)
    .option('--payment-terms <days>', 'days to pay an invoice', positiveInt)
    .action(
      action(
        async (
          run,
          id: string,
          options: { organisation?: string; locale?: string; billingFrequency?: Frequency; paymentTerms?: number },
        ) => {
          const input = {
            organisationName: options.organisation,
            locale: options.locale,
            billingFrequency: options.billingFrequency,
            paymentTermsDays: options.paymentTerms,
          };
          if (Object.values(input).every((v) => v === undefined))
            throw new CliError(
              'nothing to change: give --organisation, --locale, --billing-frequency or --payment-terms',
              EXIT.USAGE,
            );
          const data = await run.mutate(UPDATE, { id, input });
          if (data) run.out.record(data.updateAccount, LIST);
        },
      ),
    );

  accounts
    .command('assign-rep')
    .description('make a sales rep responsible for an account')
    .argument('<account id>', 'the account id')
    .argument('<sales rep id>', "the sales rep's user id")
    .action(
      action(async (run, accountId: string, salesRepId: string) => {
        const data = await run.mutate(ASSIGN_REP, { accountId, salesRepId });
        if (data) run.out.record(data.assignSalesRep, LIST);
      }),
    );
}
