import type { Command } from 'commander';
import { graphql, type ResultOf } from '../graphql';
import { dateTime, oneOf } from '../input';
import type { Column } from '../output';
import { collect, withPaging, type PagingOptions } from '../paging';
import { action } from './action';

const USER_FIELDS = graphql(`
  fragment CliUser on BillingUser {
    id
    billingUserId
    displayName
    email
    role
    status
    createdAt
    activatedAt
    account {
      id
      accountNumber
      organisationName
    }
  }
`);

const INVITE = graphql(
  `
    mutation CliInviteBillingContact($input: InviteBillingContactInput!) {
      inviteBillingContact(input: $input) {
        ...CliUser
      }
    }
  `,
  [USER_FIELDS],
);
const RESEND = graphql(
  `
    mutation CliResendInvitation($userId: ID!) {
      resendInvitation(userId: $userId) {
        ...CliUser
      }
    }
  `,
  [USER_FIELDS],
);
const DISABLE = graphql(
  `
    mutation CliDisableUser($userId: ID!) {
      disableUser(userId: $userId) {
        ...CliUser
      }
    }
  `,
  [USER_FIELDS],
);
const ENABLE = graphql(
  `
    mutation CliEnableUser($userId: ID!) {
      enableUser(userId: $userId) {
        ...CliUser
      }
    }
  `,
  [USER_FIELDS],
);

const SECURITY_EVENTS = graphql(`
  query CliSecurityEvents($first: Int!, $after: String, $filter: SecurityEventFilter) {
    securityEvents(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          occurredAt
          type
          accountId
          attemptedUserId
          clientAddress
          userAgent
          detail
          user {
            id
            billingUserId
            displayName
          }
          actor {
            id
            billingUserId
            displayName
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

type User = ResultOf<typeof USER_FIELDS>;
type SecurityEvent = ResultOf<typeof SECURITY_EVENTS>['securityEvents']['edges'][number]['node'];

const USER: ReadonlyArray<Column<User>> = [
  { header: 'Id', value: (u) => u.id },
  { header: 'Billing user ID', value: (u) => u.billingUserId },
  { header: 'Name', value: (u) => u.displayName },
  { header: 'E-mail', value: (u) => u.email },
  { header: 'Role', value: (u) => u.role },
  { header: 'Status', value: (u) => u.status },
  { header: 'Account', value: (u) => u.account && `${u.account.accountNumber} ${u.account.organisationName}` },
];

const person = (u: { billingUserId: string } | null | undefined) => u?.billingUserId ?? '';

const EVENT: ReadonlyArray<Column<SecurityEvent>> = [
  { header: 'Occurred', value: (e) => e.occurredAt },
  { header: 'Type', value: (e) => e.type },
  { header: 'User', value: (e) => person(e.user) || e.attemptedUserId },
  { header: 'Actor', value: (e) => person(e.actor) },
  { header: 'Client address', value: (e) => e.clientAddress },
  { header: 'Detail', value: (e) => e.detail },
];

const EVENT_TYPES = [
  'BILLING_CONTACT_CHANGED',
  'LOGIN_FAILED',
  'LOGIN_SUCCEEDED',
  'LOGIN_THROTTLED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET_COMPLETED',
  'PASSWORD_RESET_REQUESTED',
  'REFRESH_TOKEN_REUSED',
  'SALES_REP_ASSIGNED',
  'SESSIONS_ENDED',
  'USER_ACTIVATED',
  'USER_CREATED',
  'USER_DISABLED',
  'USER_ENABLED',
] as const;

interface InviteOptions {
  account: string;
  billingUserId?: string;
  name: string;
  email: string;
}

export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('billing contacts and staff: invite, resend an invitation, disable, enable');

  users
    .command('invite')
    .description('invite the billing contact of an account that has none (an e-mail with a set-password link)')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--name <name>', "the contact's name")
    .requiredOption('--email <email>', 'where the invitation goes')
    .option('--billing-user-id <billing user ID>', 'the user name to log in with (default the e-mail)')
    .action(
      action(async (run, options: InviteOptions) => {
        const input = {
          accountId: options.account,
          billingUserId: options.billingUserId ?? options.email,
          displayName: options.name,
          email: options.email,
        };
        const data = await run.mutate(INVITE, { input });
        if (!data) return;
        const u = data.inviteBillingContact;
        run.out.say(`Invited ${u.displayName} (${u.billingUserId}); the invitation went to ${u.email}.`);
        run.out.record(u, USER);
      }),
    );

  users
    .command('resend-invitation')
    .description('send a new invitation link to a user who has not activated yet (earlier links stop working)')
    .argument('<user id>', 'the user id')
    .action(
      action(async (run, userId: string) => {
        const data = await run.mutate(RESEND, { userId });
        if (!data) return;
        run.out.say(`A new invitation went to ${data.resendInvitation.email}.`);
        run.out.record(data.resendInvitation, USER);
      }),
    );

  users
    .command('disable')
    .description('disable a user: they cannot log in and their sessions end at once (asks first)')
    .argument('<user id>', 'the user id')
    .action(
      action(async (run, userId: string) => {
        const data = await run.mutate(
          DISABLE,
          { userId },
          `Disable user ${userId}? They cannot log in and their sessions end now.`,
        );
        if (data) run.out.record(data.disableUser, USER);
      }),
    );

  users
    .command('enable')
    .description('re-enable a disabled user')
    .argument('<user id>', 'the user id')
    .action(
      action(async (run, userId: string) => {
        const data = await run.mutate(ENABLE, { userId });
        if (data) run.out.record(data.enableUser, USER);
      }),
    );
}

export function registerSecurityEvents(program: Command): void {
  const events = program
    .command('security-events')
    .description('logins, throttling, password resets, user changes (account services)');

  withPaging(
    events
      .command('list')
      .description('security events, newest first')
      .option('--type <type>', EVENT_TYPES.join(', '), oneOf(EVENT_TYPES))
      .option('--user <id>', 'events about this user or done by them')
      .option('--account <id>', 'events about one account')
      .option('--from <when>', 'from this date or date-time (YYYY-MM-DD, or ISO 8601 with Z or an offset)', dateTime)
      .option('--to <when>', 'before this date or date-time (exclusive)', dateTime),
  ).action(
    action(
      async (
        run,
        options: PagingOptions & {
          type?: (typeof EVENT_TYPES)[number];
          user?: string;
          account?: string;
          from?: string;
          to?: string;
        },
      ) => {
        const filter = {
          type: options.type ?? null,
          userId: options.user ?? null,
          accountId: options.account ?? null,
          from: options.from ?? null,
          to: options.to ?? null,
        };
        const rows = await collect(
          options,
          async (first, after) => (await run.query(SECURITY_EVENTS, { first, after, filter })).securityEvents,
        );
        run.out.rows(rows, EVENT);
      },
    ),
  );
}
