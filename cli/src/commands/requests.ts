import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Run } from '../context';
import { CliError, EXIT } from '../errors';
import { graphql, type ResultOf } from '../graphql';
import { oneOf, readStdin } from '../input';
import type { Column } from '../output';
import { collect, withPaging, type PagingOptions } from '../paging';
import { action } from './action';

const REQUEST_FIELDS = graphql(`
  fragment CliRequest on ServiceRequest {
    id
    reference
    type
    status
    subject
    assigneeName
    createdAt
    updatedAt
    closedAt
    account {
      id
      accountNumber
      organisationName
    }
  }
`);
const COMMENT_FIELDS = graphql(`
  fragment CliRequestComment on ServiceRequestComment {
    id
    authorName
    authorRole
    body
    createdAt
  }
`);

const REQUESTS = graphql(
  `
    query CliRequests($first: Int!, $after: String, $filter: ServiceRequestFilter) {
      serviceRequests(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            ...CliRequest
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  `,
  [REQUEST_FIELDS],
);
const REQUEST = graphql(
  `
    query CliRequest($id: ID!) {
      serviceRequest(id: $id) {
        ...CliRequest
        details
        wantedFrequency
        reason
        wantedDate
        formKind
        invoiceNumber
        resolutionNote
        filedBy {
          id
          billingUserId
          displayName
        }
        comments {
          ...CliRequestComment
        }
      }
    }
  `,
  [REQUEST_FIELDS, COMMENT_FIELDS],
);
const TAKE = graphql(
  `
    mutation CliTakeRequest($id: ID!) {
      takeServiceRequest(id: $id) {
        ...CliRequest
      }
    }
  `,
  [REQUEST_FIELDS],
);
const COMMENT = graphql(
  `
    mutation CliCommentOnRequest($id: ID!, $body: String!) {
      commentOnServiceRequest(id: $id, body: $body) {
        ...CliRequestComment
      }
    }
  `,
  [COMMENT_FIELDS],
);
const RESOLVE = graphql(
  `
    mutation CliResolveRequest($id: ID!, $note: String!, $applyChange: Boolean!) {
      resolveServiceRequest(id: $id, note: $note, applyChange: $applyChange) {
        ...CliRequest
        resolutionNote
      }
    }
  `,
  [REQUEST_FIELDS],
);
const DECLINE = graphql(
  `
    mutation CliDeclineRequest($id: ID!, $note: String!) {
      declineServiceRequest(id: $id, note: $note) {
        ...CliRequest
        resolutionNote
      }
    }
  `,
  [REQUEST_FIELDS],
);

type ListedRequest = ResultOf<typeof REQUEST_FIELDS>;
type Request = ResultOf<typeof REQUEST>['serviceRequest'];
type Comment = ResultOf<typeof COMMENT_FIELDS>;

const STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'DECLINED'] as const;
const TYPES = [
  'BILLING_CONTACT_CHANGE',
  'BILLING_FREQUENCY_CHANGE',
  'CANCELLATION',
  'FORM_REQUEST',
  'INVOICE_COPY',
  'OTHER',
  'REACTIVATION',
] as const;

const LIST: ReadonlyArray<Column<ListedRequest>> = [
  { header: 'Id', value: (r) => r.id },
  { header: 'Reference', value: (r) => r.reference },
  { header: 'Type', value: (r) => r.type },
  { header: 'Status', value: (r) => r.status },
  { header: 'Subject', value: (r) => r.subject },
  { header: 'Account', value: (r) => `${r.account.accountNumber} ${r.account.organisationName}` },
  { header: 'Assignee', value: (r) => r.assigneeName },
  { header: 'Filed', value: (r) => r.createdAt },
];

const comment = (c: Comment) => [c.createdAt, c.authorName, `(${c.authorRole}):`, c.body].filter(Boolean).join(' ');

function showRequest(run: Run, r: Request): void {
  // The fields of its type only (a cancellation's reason and date, a form request's form...).
  const ofType: Array<Column<Request>> = [
    { header: 'Wanted frequency', value: (x) => x.wantedFrequency },
    { header: 'Reason', value: (x) => x.reason },
    { header: 'Wanted date', value: (x) => x.wantedDate },
    { header: 'Form', value: (x) => x.formKind },
    { header: 'Invoice number', value: (x) => x.invoiceNumber },
  ];
  const typed = ofType.filter((c) => c.value(r) !== null && c.value(r) !== undefined);
  run.out.record(r, [
    { header: 'Id', value: (x) => x.id },
    { header: 'Reference', value: (x) => x.reference },
    { header: 'Type', value: (x) => x.type },
    { header: 'Status', value: (x) => x.status },
    { header: 'Subject', value: (x) => x.subject },
    { header: 'Account', value: (x) => `${x.account.accountNumber} ${x.account.organisationName} (${x.account.id})` },
    { header: 'Filed by', value: (x) => x.filedBy && `${x.filedBy.displayName} (${x.filedBy.billingUserId})` },
    { header: 'Filed', value: (x) => x.createdAt },
    { header: 'Details', value: (x) => x.details },
    ...typed,
    { header: 'Assignee', value: (x) => x.assigneeName },
    { header: 'Resolution note', value: (x) => x.resolutionNote },
    { header: 'Closed', value: (x) => x.closedAt },
    { header: 'Comments', value: (x) => x.comments.map(comment).join('\n') },
  ]);
}

const CHANGED: ReadonlyArray<Column<ListedRequest & { resolutionNote?: string | null }>> = [
  ...LIST,
  { header: 'Resolution note', value: (r) => r.resolutionNote },
];

/** --body or --body-file (`-` for stdin), exactly one. */
async function commentBody(options: { body?: string; bodyFile?: string }): Promise<string> {
  if (options.body !== undefined && options.bodyFile !== undefined)
    throw new CliError('give --body or --body-file, not both', EXIT.USAGE);
  if (options.body !== undefined) return options.body;
  if (options.bodyFile === undefined)
    throw new CliError('the comment needs --body <text> or --body-file <file>', EXIT.USAGE);
  if (options.bodyFile === '-') return readStdin();
  try {
    return readFileSync(options.bodyFile, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new CliError(`cannot read ${options.bodyFile}: ${(err as Error).message}`, EXIT.BAD_INPUT);
  }
}

export function registerRequests(program: Command): void {
  const requests = program
    .command('requests')
    .description('requests to Corporate Account Services: list, show, take, comment, resolve, decline');

  withPaging(
    requests
      .command('list')
      .description("requests, newest first: the whole queue (account services) or a rep's accounts'")
      .option('--status <status>', STATUSES.join(', '), oneOf(STATUSES))
      .option('--type <type>', TYPES.join(', '), oneOf(TYPES))
      .option('--account <id>', "one account's requests"),
  ).action(
    action(
      async (
        run,
        options: PagingOptions & {
          status?: (typeof STATUSES)[number];
          type?: (typeof TYPES)[number];
          account?: string;
        },
      ) => {
        const filter = {
          status: options.status ?? null,
          type: options.type ?? null,
          accountId: options.account ?? null,
        };
        const rows = await collect(
          options,
          async (first, after) => (await run.query(REQUESTS, { first, after, filter })).serviceRequests,
        );
        run.out.rows(rows, LIST);
      },
    ),
  );

  requests
    .command('show')
    .description('one request with its details, resolution and comment thread')
    .argument('<id>', 'the request id')
    .action(
      action(async (run, id: string) => {
        showRequest(run, (await run.query(REQUEST, { id })).serviceRequest);
      }),
    );

  requests
    .command('take')
    .description('take an open request: it becomes IN_PROGRESS and yours (account services)')
    .argument('<id>', 'the request id')
    .action(
      action(async (run, id: string) => {
        const data = await run.mutate(TAKE, { id });
        if (data) run.out.record(data.takeServiceRequest, LIST);
      }),
    );

  requests
    .command('comment')
    .description('add to the thread of a request (the billing contact is e-mailed)')
    .argument('<id>', 'the request id')
    .option('--body <text>', 'the comment')
    .option('--body-file <file>', 'the comment from a file ("-" for stdin)')
    .action(
      action(async (run, id: string, options: { body?: string; bodyFile?: string }) => {
        const data = await run.mutate(COMMENT, { id, body: await commentBody(options) });
        if (data)
          run.out.record(data.commentOnServiceRequest, [
            { header: 'Id', value: (c) => c.id },
            { header: 'Author', value: (c) => `${c.authorName ?? ''} (${c.authorRole})` },
            { header: 'Created', value: (c) => c.createdAt },
            { header: 'Body', value: (c) => c.body },
          ]);
      }),
    );

  requests
    .command('resolve')
    .description('resolve a request in progress with a note; --apply-change carries out what it asks')
    .argument('<id>', 'the request id')
    .requiredOption('--note <text>', 'what was done (the billing contact is e-mailed)')
    .option('--apply-change', 'carry out a billing frequency change, reactivation or cancellation in the same step')
    .action(
      action(async (run, id: string, options: { note: string; applyChange?: boolean }) => {
        const data = await run.mutate(RESOLVE, { id, note: options.note, applyChange: Boolean(options.applyChange) });
        if (data) run.out.record(data.resolveServiceRequest, CHANGED);
      }),
    );

  requests
    .command('decline')
    .description('decline a request with a note (asks first)')
    .argument('<id>', 'the request id')
    .requiredOption('--note <text>', 'why (the billing contact is e-mailed)')
    .action(
      action(async (run, id: string, options: { note: string }) => {
        const data = await run.mutate(
          DECLINE,
          { id, note: options.note },
          `Decline request ${id}? It is closed and the billing contact is told.`,
        );
        if (data) run.out.record(data.declineServiceRequest, CHANGED);
      }),
    );
}
