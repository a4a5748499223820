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

const ACCOUNT_USER_FIELDS = graphql(
  `
    fragment CliAccountUser on BillingUser {
      ...CliUser
      portalRole
      isBillingContact
    }
  `,
  [USER_FIELDS],
);

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

const ACCOUNT_USERS = graphql(
  `
    query CliAccountUsers($accountId: ID!) {
      accountUsers(accountId: $accountId) {
        ...CliAccountUser
      }
    }
  `,
  [ACCOUNT_USER_FIELDS],
);
const INVITE_ACCOUNT_USER = graphql(
  `
    mutation CliInviteAccountUser($input: InviteAccountUserInput!) {
      inviteAccountUser(input: $input) {
        ...CliAccountUser
      }
    }
  `,
  [ACCOUNT_USER_FIELDS],
);
const CHANGE_ROLE = graphql(
  `
    mutation CliChangeAccountUserRole($userId: ID!, $role: PortalRole!) {
      changeAccountUserRole(userId: $userId, role: $role) {
        ...CliAccountUser
      }
    }
  `,
  [ACCOUNT_USER_FIELDS],
);
const DEACTIVATE = graphql(
  `
    mutation CliDeactivateAccountUser($userId: ID!) {
      deactivateAccountUser(userId: $userId) {
        ...CliAccountUser
      }
    }
  `,
  [ACCOUNT_USER_FIELDS],
);
const REACTIVATE = graphql(
  `
    mutation CliReactivateAccountUser($userId: ID!) {
      reactivateAccountUser(userId: $userId) {
        ...CliAccountUser
      }
    }
  `,
  [ACCOUNT_USER_FIELDS],
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
type AccountUser = ResultOf<typeof ACCOUNT_USER_FIELDS>;
type SecurityEvent = ResultOf<typeof SECURITY_EVENTS>['securityEvents']['edges'][number]['node'];

/** Who a user is, the first columns of every user table. */
const IDENTITY: ReadonlyArray<Column<User>> = [
  { header: 'Id', value: (u) => u.id },
  { header: 'Billing user ID', value: (u) => u.billingUserId },
  { header: 'Name', value: (u) => u.displayName },
  { header: 'E-mail', value: (u) => u.email },
];

const USER: ReadonlyArray<Column<User>> = [
  ...IDENTITY,
  { header: 'Role', value: (u) => u.role },
  { header: 'Status', value: (u) => u.status },
  { header: 'Account', value: (u) => u.account && `${u.account.accountNumber} ${u.account.organisationName}` },
];

/** A portal user of an account: the portal role as their role, and which one is the billing contact. */
const ACCOUNT_USER: ReadonlyArray<Column<AccountUser>> = [
  ...IDENTITY,
  { header: 'Role', value: (u) => u.portalRole },
  { header: 'Status', value: (u) => u.status },
  { header: 'Billing contact', value: (u) => (u.isBillingContact ? 'yes' : 'no') },
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

const PORTAL_ROLES = ['ADMIN', 'PAYER', 'VIEWER'] as const;
type PortalRole = (typeof PORTAL_ROLES)[number];
const portalRole = oneOf(PORTAL_ROLES);

interface InviteOptions {
  account: string;
  billingUserId?: string;
  name: string;
  email: string;
}

/** Who `users invite` and `users add` invite: the billing user ID is the e-mail unless given. */
const invitee = (options: InviteOptions) => ({
  accountId: options.account,
  billingUserId: options.billingUserId ?? options.email,
  displayName: options.name,
  email: options.email,
});

export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description(
      "billing contacts and staff: invite, resend an invitation, disable, enable; an account's portal users: list, add, set-role, deactivate, reactivate",
    );

  users
    .command('invite')
    .description('invite the billing contact of an account that has none (an e-mail with a set-password link)')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--name <name>', "the contact's name")
    .requiredOption('--email <email>', 'where the invitation goes')
    .option('--billing-user-id <billing user ID>', 'the user name to log in with (default the e-mail)')
    .action(
      action(async (run, options: InviteOptions) => {
        const data = await run.mutate(INVITE, { input: invitee(options) });
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

  users
    .command('list')
    .description("an account's portal users, the billing contact first (at most 100, disabled ones included)")
    .requiredOption('--account <id>', 'the account id')
    .action(
      action(async (run, options: { account: string }) => {
        const { accountUsers } = await run.query(ACCOUNT_USERS, { accountId: options.account });
        run.out.rows(accountUsers, ACCOUNT_USER);
      }),
    );

  users
    .command('add')
    .description('invite a colleague as a portal user of an account, with a role (an e-mail with a set-password link)')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--name <name>', "the user's name")
    .requiredOption('--email <email>', 'where the invitation goes')
    .requiredOption('--role <role>', PORTAL_ROLES.join(', '), portalRole)
    .option('--billing-user-id <billing user ID>', 'the user name to log in with (default the e-mail)')
    .action(
      action(async (run, options: InviteOptions & { role: PortalRole }) => {
        const data = await run.mutate(INVITE_ACCOUNT_USER, { input: { ...invitee(options), role: options.role } });
        if (!data) return;
        const u = data.inviteAccountUser;
        run.out.say(
          `Invited ${u.displayName} (${u.billingUserId}) as ${u.portalRole}; the invitation went to ${u.email}.`,
        );
        run.out.record(u, ACCOUNT_USER);
      }),
    );

  users
    .command('set-role')
    .description('give a portal user another role (from their next request); the billing contact stays ADMIN')
    .argument('<user id>', 'the user id')
    .argument('<role>', PORTAL_ROLES.join(', '), portalRole)
    .action(
      action(async (run, userId: string, role: PortalRole) => {
        const data = await run.mutate(CHANGE_ROLE, { userId, role });
        if (data) run.out.record(data.changeAccountUserRole, ACCOUNT_USER);
      }),
    );

  users
    .command('deactivate')
    .description("end a portal user's access: their sessions and any unused invitation end at once (asks first)")
    .argument('<user id>', 'the user id')
    .action(
      action(async (run, userId: string) => {
        const data = await run.mutate(
          DEACTIVATE,
          { userId },
          `Deactivate user ${userId}? They cannot log in, and their sessions and any unused invitation end now.`,
        );
        if (data) run.out.record(data.deactivateAccountUser, ACCOUNT_USER);
      }),
    );

  users
    .command('reactivate')
    .description('give a deactivated portal user their access back (not one who never set a password)')
    .argument('<user id>', 'the user id')
    .action(
      action(async (run, userId: string) => {
        const data = await run.mutate(REACTIVATE, { userId });
        if (data) run.out.record(data.reactivateAccountUser, ACCOUNT_USER);
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
