import { createHash } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import type { Run } from '../context';
import { CliError, EXIT } from '../errors';
import { MONEY } from '../fragments';
import { graphql, type VariablesOf } from '../graphql';
import { localDate, oneOf, readDataFile } from '../input';
import { money, saveFile } from '../output';
import { collect, withPaging, type PagingOptions } from '../paging';
import { action } from './action';

const INVOICE_FIELDS = graphql(
  `
    fragment CliInvoice on Invoice {
      id
      number
      status
      overdue
      issueDate
      dueDate
      currency
      poNumber
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
      amountPaid {
        ...CliMoney
      }
      balance {
        ...CliMoney
      }
      voidedAt
      voidReason
      createdAt
    }
  `,
  [MONEY],
);

/** A payment as both `invoices show` and `payments record-offline` print it. */
const PAYMENT_FIELDS = graphql(
  `
    fragment CliPayment on Payment {
      id
      status
      channel
      methodType
      amount {
        ...CliMoney
      }
      receivedOn
      reference
    }
  `,
  [MONEY],
);

const INVOICES = graphql(
  `
    query CliInvoices($first: Int!, $after: String, $filter: InvoiceFilter) {
      invoices(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            ...CliInvoice
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  `,
  [INVOICE_FIELDS],
);
const INVOICE = graphql(
  `
    query CliInvoice($id: ID!) {
      invoice(id: $id) {
        ...CliInvoice
        billTo {
          accountNumber
          organisationName
          companyName
          contactName
          billingUserId
          addressLine1
          addressLine2
          postalCode
          city
          region
          country
          email
        }
        lines {
          position
          description
          productCode
          quantity
          periodStart
          periodEnd
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
        payments {
          ...CliPayment
          failureCode
          createdAt
          completedAt
          paymentMethod {
            brand
            last4
          }
        }
      }
    }
  `,
  [INVOICE_FIELDS, PAYMENT_FIELDS, MONEY],
);
const ISSUE = graphql(
  `
    mutation CliIssueInvoice($input: IssueInvoiceInput!) {
      issueInvoice(input: $input) {
        ...CliInvoice
      }
    }
  `,
  [INVOICE_FIELDS],
);
const VOID = graphql(
  `
    mutation CliVoidInvoice($id: ID!, $reason: String!) {
      voidInvoice(id: $id, reason: $reason) {
        ...CliInvoice
      }
    }
  `,
  [INVOICE_FIELDS],
);
const RECORD_OFFLINE = graphql(
  `
    mutation CliRecordOfflinePayment($input: RecordOfflinePaymentInput!) {
      recordOfflinePayment(input: $input) {
        ...CliPayment
        createdAt
        invoice {
          id
          number
          status
          amountPaid {
            ...CliMoney
          }
          balance {
            ...CliMoney
          }
        }
      }
    }
  `,
  [PAYMENT_FIELDS, MONEY],
);

type Invoice = Awaited<ReturnType<typeof invoiceById>>;
const invoiceById = async (run: Run, id: string) => (await run.query(INVOICE, { id })).invoice;

type ListedInvoice = Pick<
  Invoice,
  | 'id'
  | 'number'
  | 'status'
  | 'overdue'
  | 'issueDate'
  | 'dueDate'
  | 'poNumber'
  | 'account'
  | 'total'
  | 'amountPaid'
  | 'balance'
>;

const accountOf = (i: Pick<Invoice, 'account'>) => `${i.account.accountNumber} ${i.account.organisationName}`;
const percent = (basisPoints: number) => `${basisPoints / 100}%`;

const LIST = [
  { header: 'Id', value: (i: ListedInvoice) => i.id },
  { header: 'Number', value: (i: ListedInvoice) => i.number },
  { header: 'Account', value: (i: ListedInvoice) => accountOf(i) },
  { header: 'Status', value: (i: ListedInvoice) => i.status },
  { header: 'Overdue', value: (i: ListedInvoice) => (i.overdue ? 'yes' : 'no') },
  { header: 'Issued', value: (i: ListedInvoice) => i.issueDate },
  { header: 'Due', value: (i: ListedInvoice) => i.dueDate },
  { header: 'Total', value: (i: ListedInvoice) => money(i.total) },
  { header: 'Balance', value: (i: ListedInvoice) => money(i.balance) },
  { header: 'PO number', value: (i: ListedInvoice) => i.poNumber },
];

const STATUSES = ['OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID'] as const;
type Status = (typeof STATUSES)[number];

function lineText(l: Invoice['lines'][number]): string {
  const period = l.periodStart || l.periodEnd ? ` ${l.periodStart ?? ''}..${l.periodEnd ?? ''}` : '';
  const product = l.productCode ? ` [${l.productCode}]` : '';
  return `${l.quantity} × ${l.description}${product}${period} at ${money(l.unitPrice)} = ${money(l.amount)}, tax ${percent(l.taxRateBasisPoints)} ${money(l.tax)}`;
}

function paymentText(p: Invoice['payments'][number]): string {
  const how = p.paymentMethod?.last4
    ? `${p.methodType} ${p.paymentMethod.brand ?? ''} …${p.paymentMethod.last4}`.replace('  ', ' ')
    : p.methodType;
  const when = p.receivedOn ? `received ${p.receivedOn}` : (p.completedAt ?? p.createdAt);
  const reference = p.reference ? ` ref. ${p.reference}` : '';
  const failure = p.failureCode ? ` (${p.failureCode})` : '';
  return `${money(p.amount)} ${p.status}${failure} ${p.channel} ${how}${reference}, ${when}`;
}

function showInvoice(run: Run, i: Invoice): void {
  run.out.record(i, [
    { header: 'Id', value: (x) => x.id },
    { header: 'Number', value: (x) => x.number },
    { header: 'Account', value: (x) => `${accountOf(x)} (${x.account.id})` },
    { header: 'Status', value: (x) => `${x.status}${x.overdue ? ', overdue' : ''}` },
    { header: 'Issued', value: (x) => x.issueDate },
    { header: 'Due', value: (x) => x.dueDate },
    { header: 'PO number', value: (x) => x.poNumber },
    {
      header: 'Bill To',
      value: (x) =>
        [
          x.billTo.companyName ?? x.billTo.organisationName,
          x.billTo.contactName &&
            `${x.billTo.contactName}${x.billTo.billingUserId ? ` (${x.billTo.billingUserId})` : ''}`,
          x.billTo.addressLine1,
          x.billTo.addressLine2,
          x.billTo.postalCode,
          x.billTo.city,
          x.billTo.region,
          x.billTo.country,
          x.billTo.email,
        ]
          .filter(Boolean)
          .join(', '),
    },
    { header: 'Lines', value: (x) => x.lines.map(lineText).join('\n') },
    { header: 'Subtotal', value: (x) => money(x.subtotal) },
    { header: 'Tax', value: (x) => money(x.tax) },
    { header: 'Total', value: (x) => money(x.total) },
    { header: 'Paid', value: (x) => money(x.amountPaid) },
    { header: 'Balance', value: (x) => money(x.balance) },
    { header: 'Payments', value: (x) => x.payments.map(paymentText).join('\n') },
    { header: 'Voided', value: (x) => x.voidedAt && `${x.voidedAt}: ${x.voidReason ?? ''}` },
  ]);
}

type IssueInput = VariablesOf<typeof ISSUE>['input'];

interface IssueOptions {
  account?: string;
  file?: string;
  issueDate?: string;
  po?: string;
}

/** The invoice to issue: the file's fields (the API's IssueInvoiceInput), then the flags over them. */
function issueInput(options: IssueOptions): IssueInput {
  const input: Record<string, unknown> = options.file ? readDataFile(options.file) : {};
  if (options.account !== undefined) input.accountId = options.account;
  if (options.issueDate !== undefined) input.issueDate = options.issueDate;
  if (options.po !== undefined) input.purchaseOrderNumber = options.po;
  const missing = [
    ['accountId', '--account'],
    ['lines', '--file with lines'],
  ]
    .filter(([key]) => input[key] === undefined || input[key] === null)
    .map(([, flag]) => flag);
  if (missing.length > 0)
    throw new CliError(`the invoice needs ${missing.join(', ')} (or those fields in --file)`, EXIT.USAGE);
  if (!Array.isArray(input.lines))
    throw new CliError(
      `${options.file}: lines must be a list of lines (description, quantity, unitPriceMinor, taxRateBasisPoints, …)`,
      EXIT.BAD_INPUT,
    );
  return input as IssueInput;
}

async function savePdf(run: Run, route: string, options: { out: string; force?: boolean }): Promise<void> {
  const bytes = await saveFile(options.out, Boolean(options.force), () => run.api.download(route));
  run.out.say(`Saved ${options.out} (${bytes} bytes).`);
}

export function registerInvoices(program: Command): void {
  const invoices = program
    .command('invoices')
    .description('invoices: list, show, issue, void, PDF (offline payments: payments record-offline)');

  withPaging(
    invoices
      .command('list')
      .description("the invoices you reach, newest first (a rep: their accounts')")
      .option('--account <id>', 'one account')
      .option('--status <status>', STATUSES.join(', '), oneOf(STATUSES))
      .option('--search <text>', 'the start of the invoice number or of the PO number'),
  ).action(
    action(async (run, options: PagingOptions & { account?: string; status?: Status; search?: string }) => {
      const filter = {
        accountId: options.account ?? null,
        status: options.status ?? null,
        search: options.search ?? null,
      };
      const rows = await collect(
        options,
        async (first, after) => (await run.query(INVOICES, { first, after, filter })).invoices,
      );
      run.out.rows(rows, LIST);
    }),
  );

  invoices
    .command('show')
    .description('one invoice: Bill To, lines, totals, payments and balance')
    .argument('<id>', 'the invoice id')
    .action(
      action(async (run, id: string) => {
        showInvoice(run, await invoiceById(run, id));
      }),
    );

  invoices
    .command('issue')
    .description("issue an invoice from a YAML or JSON file (it is e-mailed to the account's contact and recipients)")
    .option('--account <id>', "the account (instead of the file's accountId)")
    .option(
      '-f, --file <file>',
      'the invoice as YAML or JSON: lines (each description, quantity, unitPriceMinor, taxRateBasisPoints, and optionally productCode, periodStart, periodEnd), issueDate, purchaseOrderNumber; flags win',
    )
    .option('--issue-date <YYYY-MM-DD>', 'the issue date (default today; not before the latest invoice)', localDate)
    .option('--po <number>', "the PO number to quote (default the account's default PO, if active)")
    .action(
      action(async (run, options: IssueOptions) => {
        const data = await run.mutate(ISSUE, { input: issueInput(options) });
        if (!data) return;
        const i = data.issueInvoice;
        run.out.say(`Issued ${i.number} (${i.id}) to ${accountOf(i)}: ${money(i.total)}, due ${i.dueDate}.`);
        run.out.record(i, LIST);
      }),
    );

  invoices
    .command('void')
    .description('void an invoice that has no payment (account services); it cannot be undone')
    .argument('<id>', 'the invoice id')
    .requiredOption('--reason <text>', 'why, kept with the invoice')
    .action(
      action(async (run, id: string, options: { reason: string }) => {
        const reason = options.reason.trim();
        if (!reason) throw new CliError('--reason must say why', EXIT.USAGE);
        const i = await invoiceById(run, id);
        const data = await run.mutate(
          VOID,
          { id, reason },
          `Void ${i.number} of ${accountOf(i)} (${money(i.total)})? It cannot be undone.`,
        );
        if (!data) return;
        run.out.say(`Voided ${data.voidInvoice.number}.`);
        run.out.record(data.voidInvoice, LIST);
      }),
    );

  invoices
    .command('pdf')
    .description('save the printable PDF of an invoice')
    .argument('<id>', 'the invoice id')
    .requiredOption('--out <file>', 'where to save it')
    .option('--force', 'replace the file if it exists')
    .action(
      action(async (run, id: string, options: { out: string; force?: boolean }) => {
        await savePdf(run, `/invoices/${encodeURIComponent(id)}.pdf`, options);
      }),
    );
}

const OFFLINE_METHODS = ['WIRE_TRANSFER', 'CHECK', 'DIRECT_DEBIT'] as const;
type OfflineMethod = (typeof OFFLINE_METHODS)[number];

/** --amount: a positive decimal such as 1234.56, kept as written until the invoice's currency is known. */
function decimalAmount(value: string): string {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new InvalidArgumentError('a positive amount such as 1234.56 is needed.');
  if ((text.split('.')[1] ?? '').length > 2) throw new InvalidArgumentError('at most two decimals, such as 1234.56.');
  if (/^[0.]+$/.test(text)) throw new InvalidArgumentError('an amount above zero is needed.');
  return text;
}

/** The decimal digits of a currency's minor unit (2 for EUR and USD, 0 for JPY), as the service counts them. */
const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** `1234.56` in minor units of `currency`, by its digits (no floating point on the way). */
function minorUnits(decimal: string, currency: string): number {
  const digits = minorDigits(currency);
  const [units, fraction = ''] = decimal.split('.');
  if (fraction.replace(/0+$/, '').length > digits)
    throw new CliError(
      `--amount ${decimal}: ${currency} has ${digits === 0 ? 'no decimals' : `${digits} decimals`}`,
      EXIT.USAGE,
    );
  const minor = Number(`${units}${fraction.padEnd(digits, '0').slice(0, digits)}`);
  if (!Number.isSafeInteger(minor)) throw new CliError(`--amount ${decimal} is too large`, EXIT.USAGE);
  return minor;
}

interface OfflineOptions {
  invoice: string;
  amount: string;
  method: OfflineMethod;
  receivedOn: string;
  reference: string;
  idempotencyKey?: string;
}

export function registerPayments(program: Command): void {
  const payments = program.command('payments').description('payments of invoices: record money received offline');

  payments
    .command('record-offline')
    .description(
      'record a wire transfer, cheque or ACH payment received outside the portal (account services); the receipt is e-mailed',
    )
    .requiredOption('--invoice <id>', 'the invoice paid')
    .requiredOption(
      '--amount <decimal>',
      "the amount received in the invoice's currency, e.g. 1234.56 (at most the balance)",
      decimalAmount,
    )
    .requiredOption('--method <method>', OFFLINE_METHODS.join(', '), oneOf(OFFLINE_METHODS))
    .requiredOption('--received-on <YYYY-MM-DD>', 'when the money arrived (not in the future)', localDate)
    .requiredOption('--reference <text>', 'the wire, cheque or ACH reference')
    .option(
      '--idempotency-key <key>',
      'by default one made from the invoice, amount, method, reference and date, so running the same command again records it once; give another key to record an identical second payment',
    )
    .action(
      action(async (run, options: OfflineOptions) => {
        const reference = options.reference.trim();
        if (!reference) throw new CliError('--reference must not be blank', EXIT.USAGE);
        const invoice = await invoiceById(run, options.invoice);
        const amountMinor = minorUnits(options.amount, invoice.currency);
        const idempotencyKey =
          options.idempotencyKey ??
          `cli-${createHash('sha256')
            .update(
              JSON.stringify([
                invoice.id,
                amountMinor,
                invoice.currency,
                options.method,
                reference,
                options.receivedOn,
              ]),
            )
            .digest('hex')
            .slice(0, 40)}`;
        const data = await run.mutate(RECORD_OFFLINE, {
          input: {
            invoiceId: invoice.id,
            amount: { amountMinor, currency: invoice.currency },
            method: options.method,
            receivedOn: options.receivedOn,
            reference,
            idempotencyKey,
          },
        });
        if (!data) return;
        const p = data.recordOfflinePayment;
        const before = new Set(invoice.payments.map((x) => x.id));
        run.out.say(
          before.has(p.id)
            ? `This payment was recorded before (${p.id}, ${p.createdAt}): nothing changed. ${p.invoice.number} is ${p.invoice.status}, balance ${money(p.invoice.balance)}.`
            : `Recorded ${money(p.amount)} by ${p.methodType} on ${p.invoice.number}: ${p.invoice.status}, balance ${money(p.invoice.balance)}.`,
        );
        run.out.record(p, [
          { header: 'Id', value: (x) => x.id },
          { header: 'Invoice', value: (x) => x.invoice.number },
          { header: 'Amount', value: (x) => money(x.amount) },
          { header: 'Method', value: (x) => x.methodType },
          { header: 'Reference', value: (x) => x.reference },
          { header: 'Received', value: (x) => x.receivedOn },
          { header: 'Status', value: (x) => x.status },
          { header: 'Invoice status', value: (x) => x.invoice.status },
          { header: 'Balance', value: (x) => money(x.invoice.balance) },
        ]);
      }),
    );
}
