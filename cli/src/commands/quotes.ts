import type { Command } from 'commander';
import type { Run } from '../context';
import { CliError, EXIT } from '../errors';
import { MONEY } from '../fragments';
import { graphql, type VariablesOf } from '../graphql';
import { localDate, oneOf, readDataFile } from '../input';
import { money, saveFile } from '../output';
import { collect, withPaging, type PagingOptions } from '../paging';
import { action } from './action';

const QUOTE_FIELDS = graphql(
  `
    fragment CliQuote on Quote {
      id
      number
      revision
      status
      expiresOn
      note
      currency
      account {
        id
        accountNumber
        organisationName
      }
      subtotal {
        ...CliMoney
      }
      tax {
        ...CliMoney
      }
      total {
        ...CliMoney
      }
      previousRevisionId
      createdAt
      sentAt
      decidedAt
    }
  `,
  [MONEY],
);

const QUOTES = graphql(
  `
    query CliQuotes($first: Int!, $after: String, $filter: QuoteFilter) {
      quotes(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            ...CliQuote
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  `,
  [QUOTE_FIELDS],
);
const QUOTE = graphql(
  `
    query CliQuote($id: ID!) {
      quote(id: $id) {
        ...CliQuote
        lines {
          position
          product {
            id
            code
            name
          }
          description
          seatChange
          periodStart
          periodEnd
          listUnitPrice {
            ...CliMoney
          }
          unitPriceOverride {
            ...CliMoney
          }
          discountBasisPoints
          unitPrice {
            ...CliMoney
          }
          amount {
            ...CliMoney
          }
          taxRateBasisPoints
          tax {
            ...CliMoney
          }
        }
        effect {
          productCode
          productName
          seatsNow
          change
          seatsAfter
        }
        createdBy {
          billingUserId
          displayName
        }
        sentBy {
          billingUserId
          displayName
        }
        decidedBy {
          billingUserId
          displayName
        }
        rejectReason
        rejectComment
        poNumber
        invoice {
          id
          number
        }
      }
    }
  `,
  [QUOTE_FIELDS, MONEY],
);
const PRODUCTS = graphql(`
  query CliQuoteProducts {
    products(includeInactive: true) {
      id
      code
    }
  }
`);
const CREATE = graphql(
  `
    mutation CliCreateQuote($input: CreateQuoteInput!) {
      createQuote(input: $input) {
        ...CliQuote
      }
    }
  `,
  [QUOTE_FIELDS],
);
const UPDATE = graphql(
  `
    mutation CliUpdateQuote($id: ID!, $input: QuoteDraftInput!) {
      updateQuote(id: $id, input: $input) {
        ...CliQuote
      }
    }
  `,
  [QUOTE_FIELDS],
);
const SEND = graphql(
  `
    mutation CliSendQuote($id: ID!) {
      sendQuote(id: $id) {
        ...CliQuote
      }
    }
  `,
  [QUOTE_FIELDS],
);
const WITHDRAW = graphql(
  `
    mutation CliWithdrawQuote($id: ID!) {
      withdrawQuote(id: $id) {
        ...CliQuote
      }
    }
  `,
  [QUOTE_FIELDS],
);
const REVISE = graphql(
  `
    mutation CliReviseQuote($id: ID!) {
      reviseQuote(id: $id) {
        ...CliQuote
      }
    }
  `,
  [QUOTE_FIELDS],
);
const DELETE = graphql(`
  mutation CliDeleteQuote($id: ID!) {
    deleteQuote(id: $id)
  }
`);

type Quote = Awaited<ReturnType<typeof quoteById>>;
const quoteById = async (run: Run, id: string) => (await run.query(QUOTE, { id })).quote;

type ListedQuote = Pick<
  Quote,
  'id' | 'number' | 'revision' | 'status' | 'expiresOn' | 'account' | 'subtotal' | 'tax' | 'total' | 'sentAt'
>;

/** `QT-2026-00042 rev. 2`, as the portal and the PDF say it. */
const label = (q: Pick<Quote, 'number' | 'revision'>) => `${q.number} rev. ${q.revision}`;
const accountOf = (q: Pick<Quote, 'account'>) => `${q.account.accountNumber} ${q.account.organisationName}`;
const person = (u: { billingUserId: string; displayName: string } | null | undefined) =>
  u ? `${u.displayName} (${u.billingUserId})` : '';
const percent = (basisPoints: number) => `${basisPoints / 100}%`;

const LIST = [
  { header: 'Id', value: (q: ListedQuote) => q.id },
  { header: 'Number', value: (q: ListedQuote) => q.number },
  { header: 'Rev', value: (q: ListedQuote) => q.revision },
  { header: 'Account', value: (q: ListedQuote) => accountOf(q) },
  { header: 'Status', value: (q: ListedQuote) => q.status },
  { header: 'Expires', value: (q: ListedQuote) => q.expiresOn },
  { header: 'Total', value: (q: ListedQuote) => money(q.total) },
];

const STATUSES = ['DRAFT', 'SENT', 'ACCEPTED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED', 'EXPIRED'] as const;
type Status = (typeof STATUSES)[number];

/** One line of a quote for people: `+5 × ANALYTICS (Analytics seat) 2026-03-01..2026-12-31 at 1080.00 EUR (10% off) = 5400.00 EUR`. */
function lineText(l: Quote['lines'][number]): string {
  const seats = `${l.seatChange > 0 ? '+' : ''}${l.seatChange} × ${l.product.code} (${l.product.name})`;
  const price = [
    `at ${money(l.unitPrice)}`,
    l.unitPriceOverride ? `(list ${money(l.listUnitPrice)}, set ${money(l.unitPriceOverride)})` : '',
    l.discountBasisPoints ? `(${percent(l.discountBasisPoints)} off)` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const tax = `tax ${percent(l.taxRateBasisPoints)} ${money(l.tax)}`;
  const description = l.description ? ` "${l.description}"` : '';
  return `${seats} ${l.periodStart}..${l.periodEnd} ${price} = ${money(l.amount)}, ${tax}${description}`;
}

function showQuote(run: Run, q: Quote): void {
  run.out.record(q, [
    { header: 'Id', value: (x) => x.id },
    { header: 'Number', value: (x) => label(x) },
    { header: 'Account', value: (x) => `${accountOf(x)} (${x.account.id})` },
    { header: 'Status', value: (x) => x.status },
    { header: 'Expires', value: (x) => x.expiresOn },
    { header: 'Note', value: (x) => x.note },
    { header: 'Lines', value: (x) => x.lines.map(lineText).join('\n') },
    {
      header: 'Seats',
      value: (x) =>
        x.effect
          .map((e) => `${e.productCode}: ${e.seatsNow} → ${e.seatsAfter} (${e.change >= 0 ? '+' : ''}${e.change})`)
          .join('\n'),
    },
    { header: 'Subtotal', value: (x) => money(x.subtotal) },
    { header: 'Tax', value: (x) => money(x.tax) },
    { header: 'Total', value: (x) => money(x.total) },
    { header: 'Created', value: (x) => `${x.createdAt} by ${person(x.createdBy) || 'the service'}` },
    { header: 'Sent', value: (x) => x.sentAt && `${x.sentAt} by ${person(x.sentBy)}` },
    { header: 'Decided', value: (x) => x.decidedAt && `${x.decidedAt} by ${person(x.decidedBy)}` },
    {
      header: 'Rejected because',
      value: (x) => x.rejectReason && [x.rejectReason, x.rejectComment].filter(Boolean).join(': '),
    },
    { header: 'PO number', value: (x) => x.poNumber },
    { header: 'Invoice', value: (x) => x.invoice && `${x.invoice.number} (${x.invoice.id})` },
    { header: 'Replaces', value: (x) => x.previousRevisionId },
  ]);
}

type DraftInput = VariablesOf<typeof UPDATE>['input'];
type LineInput = DraftInput['lines'][number];

interface DraftOptions {
  file?: string;
  expiresOn?: string;
  note?: string;
}

/**
 * The lines of a quote file as the API takes them (QuoteLineInput), where a
 * line may name its product by `productCode` instead of `productId`: the
 * catalogue is read once to find the ids.
 */
async function linesOf(run: Run, file: string, lines: unknown): Promise<LineInput[]> {
  if (!Array.isArray(lines) || lines.some((l) => !l || typeof l !== 'object' || Array.isArray(l)))
    throw new CliError(
      `${file}: lines must be a list of lines (productId or productCode, seatChange, …)`,
      EXIT.BAD_INPUT,
    );
  const given = lines as Array<Record<string, unknown>>;
  let catalogue: Map<string, string> | null = null;
  const resolved: LineInput[] = [];
  for (const [index, line] of given.entries()) {
    const { productCode, ...rest } = line;
    if (productCode === undefined) {
      resolved.push(rest as LineInput);
      continue;
    }
    if (rest.productId !== undefined)
      throw new CliError(`${file}: line ${index + 1} has both productId and productCode: give one`, EXIT.BAD_INPUT);
    if (typeof productCode !== 'string')
      throw new CliError(`${file}: line ${index + 1}: productCode must be a product's code`, EXIT.BAD_INPUT);
    catalogue ??= new Map((await run.query(PRODUCTS, {})).products.map((p) => [p.code.toUpperCase(), p.id]));
    const productId = catalogue.get(productCode.toUpperCase());
    if (!productId)
      throw new CliError(`${file}: line ${index + 1}: no product ${productCode} in the catalogue`, EXIT.BAD_INPUT);
    resolved.push({ ...rest, productId } as LineInput);
  }
  return resolved;
}

/** The file's fields (QuoteDraftInput, plus accountId when creating), then the flags over them. */
function draftFields(options: DraftOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = options.file ? readDataFile(options.file) : {};
  if (options.expiresOn !== undefined) fields.expiresOn = options.expiresOn;
  // `--note ''` takes the note away.
  if (options.note !== undefined) fields.note = options.note === '' ? null : options.note;
  return fields;
}

/** A quote's lines as QuoteLineInput, to send them back unchanged. */
const linesAsInput = (q: Quote): LineInput[] =>
  q.lines.map((l) => ({
    productId: l.product.id,
    seatChange: l.seatChange,
    discountBasisPoints: l.discountBasisPoints,
    unitPriceOverrideMinor: l.unitPriceOverride?.amountMinor ?? null,
    description: l.description ?? null,
    periodStart: l.periodStart,
    periodEnd: l.periodEnd,
  }));

const DRAFT_FLAGS = (command: Command) =>
  command
    .option('--expires-on <YYYY-MM-DD>', "the last day the quote can be accepted (instead of the file's)", localDate)
    .option('--note <text>', "a note to the customer (instead of the file's; '' for none)");

const FILE_HELP =
  'the quote as YAML or JSON: expiresOn, note and lines (each productId or productCode, seatChange, and optionally discountBasisPoints, unitPriceOverrideMinor, periodStart, periodEnd, description)';

export function registerQuotes(program: Command): void {
  const quotes = program
    .command('quotes')
    .description('quotes of seat changes: list, show, draft, update, send, withdraw, revise, delete, PDF');

  withPaging(
    quotes
      .command('list')
      .description("the quotes you reach, pending first, then newest first (a rep: their accounts')")
      .option('--account <id>', 'one account')
      .option('--status <status>', STATUSES.join(', '), oneOf(STATUSES)),
  ).action(
    action(async (run, options: PagingOptions & { account?: string; status?: Status }) => {
      const filter = { accountId: options.account ?? null, status: options.status ?? null };
      const rows = await collect(
        options,
        async (first, after) => (await run.query(QUOTES, { first, after, filter })).quotes,
      );
      run.out.rows(rows, LIST);
    }),
  );

  quotes
    .command('show')
    .description('one quote: its lines, the effect on seats, totals, expiry and status')
    .argument('<id>', 'the quote id')
    .action(
      action(async (run, id: string) => {
        showQuote(run, await quoteById(run, id));
      }),
    );

  DRAFT_FLAGS(
    quotes
      .command('create')
      .description('draft a quote for an account from a YAML or JSON file (sent with quotes send)')
      .option('--account <id>', "the account (instead of the file's accountId)")
      .option('-f, --file <file>', `${FILE_HELP}; flags win`),
  ).action(
    action(async (run, options: DraftOptions & { account?: string }) => {
      const fields = draftFields(options);
      if (options.account !== undefined) fields.accountId = options.account;
      const missing = [
        ['accountId', '--account'],
        ['expiresOn', '--expires-on'],
        ['lines', '--file with lines'],
      ]
        .filter(([key]) => fields[key] === undefined || fields[key] === null)
        .map(([, flag]) => flag);
      if (missing.length > 0)
        throw new CliError(`the quote needs ${missing.join(', ')} (or those fields in --file)`, EXIT.USAGE);
      const input = { ...fields, lines: await linesOf(run, options.file ?? '--file', fields.lines) };
      const data = await run.mutate(CREATE, { input: input as VariablesOf<typeof CREATE>['input'] });
      if (!data) return;
      const q = data.createQuote;
      run.out.say(`Drafted ${label(q)} (${q.id}) for ${accountOf(q)}: ${money(q.total)}. Send it with quotes send.`);
      run.out.record(q, LIST);
    }),
  );

  DRAFT_FLAGS(
    quotes
      .command('update')
      .description("replace a draft's expiry date, note or lines; what the file and flags leave out stays as it is")
      .argument('<id>', 'the quote id (a draft)')
      .option('-f, --file <file>', `${FILE_HELP}; lines replace all the lines; flags win`),
  ).action(
    action(async (run, id: string, options: DraftOptions) => {
      // The account of a quote does not change: a create file's accountId is left out.
      const { accountId: _accountId, ...fields } = draftFields(options);
      if (Object.keys(fields).length === 0)
        throw new CliError('nothing to change: give --file, --expires-on or --note', EXIT.USAGE);
      const lines = fields.lines === undefined ? undefined : await linesOf(run, options.file ?? '--file', fields.lines);
      let input = { ...fields, ...(lines ? { lines } : {}) } as Partial<DraftInput>;
      if (input.expiresOn === undefined || input.lines === undefined || !('note' in input)) {
        // QuoteDraftInput replaces all three: the others as the draft has them now.
        const current = await quoteById(run, id);
        input = { expiresOn: current.expiresOn, note: current.note ?? null, lines: linesAsInput(current), ...input };
      }
      const data = await run.mutate(UPDATE, { id, input: input as DraftInput });
      if (!data) return;
      run.out.say(`Updated ${label(data.updateQuote)}: ${money(data.updateQuote.total)}.`);
      run.out.record(data.updateQuote, LIST);
    }),
  );

  quotes
    .command('send')
    .description('send a draft to the billing contact, who gets an e-mail with a link')
    .argument('<id>', 'the quote id (a draft)')
    .action(
      action(async (run, id: string) => {
        const data = await run.mutate(SEND, { id });
        if (!data) return;
        run.out.say(`Sent ${label(data.sendQuote)} to the billing contact of ${accountOf(data.sendQuote)}.`);
        run.out.record(data.sendQuote, LIST);
      }),
    );

  quotes
    .command('withdraw')
    .description('withdraw a sent quote (the billing contact is told; it cannot be sent again)')
    .argument('<id>', 'the quote id (a sent quote)')
    .action(
      action(async (run, id: string) => {
        const q = await quoteById(run, id);
        const data = await run.mutate(
          WITHDRAW,
          { id },
          `Withdraw ${label(q)} of ${accountOf(q)} (${money(q.total)})? The billing contact is told.`,
        );
        if (!data) return;
        run.out.say(`Withdrew ${label(data.withdrawQuote)}.`);
        run.out.record(data.withdrawQuote, LIST);
      }),
    );

  quotes
    .command('revise')
    .description('supersede a sent quote by a new draft revision, to change and send again')
    .argument('<id>', 'the quote id (a sent quote)')
    .action(
      action(async (run, id: string) => {
        const data = await run.mutate(REVISE, { id });
        if (!data) return;
        const q = data.reviseQuote;
        run.out.say(`${label(q)} (${q.id}) is a new draft; rev. ${q.revision - 1} is superseded.`);
        run.out.record(q, LIST);
      }),
    );

  quotes
    .command('delete')
    .description('delete a draft')
    .argument('<id>', 'the quote id (a draft)')
    .action(
      action(async (run, id: string) => {
        const q = await quoteById(run, id);
        const data = await run.mutate(DELETE, { id }, `Delete the draft ${label(q)} of ${accountOf(q)}?`);
        if (!data) return;
        run.out.say(`Deleted the draft ${label(q)}.`);
        run.out.record({ id, number: q.number, revision: q.revision, deleted: data.deleteQuote }, [
          { header: 'Id', value: (x) => x.id },
          { header: 'Number', value: (x) => x.number },
          { header: 'Rev', value: (x) => x.revision },
          { header: 'Deleted', value: (x) => (x.deleted ? 'yes' : 'no') },
        ]);
      }),
    );

  quotes
    .command('pdf')
    .description('save the printable PDF of a quote')
    .argument('<id>', 'the quote id')
    .requiredOption('--out <file>', 'where to save it')
    .option('--force', 'replace the file if it exists')
    .action(
      action(async (run, id: string, options: { out: string; force?: boolean }) => {
        const bytes = await saveFile(options.out, Boolean(options.force), () =>
          run.api.download(`/quotes/${encodeURIComponent(id)}.pdf`),
        );
        run.out.say(`Saved ${options.out} (${bytes} bytes).`);
      }),
    );
}
