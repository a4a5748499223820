import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gql } from '@apollo/client';
import { parse } from 'csv-parse/sync';
import { addDays, today } from '../../src/common/dates';
import { Role } from '../../src/common/roles';
import type { TestClient } from '../../test/helpers/client';
import { customer, ITALIAN } from '../../test/helpers/fixtures';
import { readPdf } from '../../test/helpers/pdf-text';
import type { CliUser } from './helpers/cli';
import { cliSuite } from './helpers/suite';

/** A rep issues invoices from a YAML file; account services void one and record offline payments. */
const suite = cliSuite({ TAX_RATES: 'IT=2200' });
let cas: { cli: CliUser; api: TestClient };
beforeAll(async () => {
  const user = await suite.t.user(Role.ACCOUNT_SERVICES);
  cas = { cli: await suite.loggedIn(user), api: await suite.t.loginAs(user) };
});

const INVOICE = gql`
  query Invoice($id: ID!) {
    invoice(id: $id) {
      id
      number
      status
      poNumber
      voidReason
      total {
        amountMinor
      }
      amountPaid {
        amountMinor
      }
      balance {
        amountMinor
      }
      payments {
        status
        methodType
        reference
        receivedOn
        amount {
          amountMinor
          currency
        }
      }
    }
  }
`;
const INVOICES = gql`
  query Invoices($filter: InvoiceFilter) {
    invoices(first: 50, filter: $filter) {
      totalCount
    }
  }
`;

/** 25 ANALYTICS seats at 1200.00 EUR, 22% tax: 30000.00 + 6600.00 = 36600.00 EUR. */
function invoiceFile(folder: string, name = 'invoice.yaml'): string {
  const file = path.join(folder, name);
  writeFileSync(
    file,
    [
      'purchaseOrderNumber: PO-CLI-7731',
      'lines:',
      '  - description: Analytics seats',
      '    productCode: ANALYTICS',
      '    quantity: 25',
      '    unitPriceMinor: 120000',
      '    taxRateBasisPoints: 2200',
      `    periodStart: ${today()}`,
      `    periodEnd: ${addDays(today(), 364)}`,
      '',
    ].join('\n'),
  );
  return file;
}

describe('corp-billing invoices', () => {
  it('issues invoices from a YAML file, lists them as JSON and CSV, saves a PDF, and account services void one', async () => {
    const c = await customer(suite.t, 'Fatturata CLI Srl', ITALIAN);
    const rep = await suite.loggedIn(c.repUser);
    const file = invoiceFile(rep.home);
    const count = async () => (await c.rep.query(INVOICES, { filter: { accountId: c.account.id } })).data.invoices;

    const dry = await rep.ok(['invoices', 'issue', '--account', c.account.id, '--file', file, '--dry-run']);
    expect(dry).toContain('mutation CliIssueInvoice');
    expect(dry).toContain('"unitPriceMinor": 120000');
    expect((await count()).totalCount).toBe(0);

    const issued = await rep.run(['invoices', 'issue', '--account', c.account.id, '--file', file]);
    expect(issued.code).toBe(0);
    expect(issued.stderr).toMatch(
      /^Issued INV-\d{4}-\d{6} \(\S+\) to \S+ Fatturata CLI Srl: 36600\.00 EUR, due \d{4}-\d{2}-\d{2}\.\n$/,
    );
    expect(issued.stdout).toMatch(/^Status\s+OPEN$/m);
    const mail = await suite.t.mailbox.waitFor((m) => m.to.includes(c.user.email) && /INV-/.test(m.subject));
    expect(mail.raw.attachments.map((a) => a.contentType)).toContain('application/pdf');
    // --po wins over the file's purchaseOrderNumber.
    const second = await rep.json(['invoices', 'issue', '--account', c.account.id, '--file', file, '--po', 'PO-2']);
    expect(second).toMatchObject({
      status: 'OPEN',
      poNumber: 'PO-2',
      total: { amountMinor: 3_660_000, currency: 'EUR' },
    });

    const listed = await rep.json(['invoices', 'list', '--account', c.account.id]);
    expect(listed.map((i: { id: string }) => i.id)).toEqual([second.id, expect.any(String)]);
    const first = listed[1];
    expect(first).toMatchObject({
      number: expect.stringMatching(/^INV-\d{4}-\d{6}$/),
      status: 'OPEN',
      overdue: false,
      poNumber: 'PO-CLI-7731',
      subtotal: { amountMinor: 3_000_000, currency: 'EUR' },
      tax: { amountMinor: 660_000, currency: 'EUR' },
      balance: { amountMinor: 3_660_000, currency: 'EUR' },
      account: { id: c.account.id, organisationName: 'Fatturata CLI Srl' },
    });
    expect(JSON.stringify(listed)).not.toContain('__typename');
    const csv = parse(await rep.ok(['invoices', 'list', '--output', 'csv']), { columns: true });
    expect(csv).toHaveLength(2);
    expect(csv[1]).toEqual({
      Id: first.id,
      Number: first.number,
      Account: `${c.account.accountNumber} Fatturata CLI Srl`,
      Status: 'OPEN',
      Overdue: 'no',
      Issued: today(),
      Due: first.dueDate,
      Total: '36600.00 EUR',
      Balance: '36600.00 EUR',
      'PO number': 'PO-CLI-7731',
    });
    expect(await rep.json(['invoices', 'list', '--search', first.number])).toEqual([
      expect.objectContaining({ id: first.id }),
    ]);

    const shown = await rep.ok(['invoices', 'show', first.id]);
    expect(shown).toMatch(
      /^Lines\s+25 × Analytics seats \[ANALYTICS\] \S+\.\.\S+ at 1200\.00 EUR = 30000\.00 EUR, tax 22% 6600\.00 EUR$/m,
    );
    expect(shown).toMatch(/^Balance\s+36600\.00 EUR$/m);

    const folder = suite.folder();
    const pdf = path.join(folder, `${first.number}.pdf`);
    const saved = await rep.run(['invoices', 'pdf', first.id, '--out', pdf]);
    expect(saved.code).toBe(0);
    const bytes = readFileSync(pdf);
    expect(saved.stderr).toBe(`Saved ${pdf} (${bytes.length} bytes).\n`);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-8).toString('latin1').trimEnd()).toMatch(/%%EOF$/);
    const text = (await readPdf(bytes)).text;
    expect(text).toContain(first.number);
    expect(text).toContain('PO-CLI-7731');

    // Voiding is account services' (a rep is refused with exit 4), after a confirmation.
    const byRep = await rep.run(['invoices', 'void', second.id, '--reason', 'Doppia', '--yes']);
    expect(byRep.code).toBe(4);
    expect(byRep.stderr).toMatch(/^corp-billing: FORBIDDEN: /);
    const noReason = await cas.cli.run(['invoices', 'void', second.id]);
    expect(noReason.code).toBe(2);
    const unconfirmed = await cas.cli.run(['invoices', 'void', second.id, '--reason', 'Doppia']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe(
      `corp-billing: Void ${second.number} of ${c.account.accountNumber} Fatturata CLI Srl (36600.00 EUR)? It cannot be undone. Run it again with --yes to confirm.\n`,
    );
    expect((await cas.api.query(INVOICE, { id: second.id })).data.invoice.status).toBe('OPEN');
    const voided = await cas.cli.run(['invoices', 'void', second.id, '--reason', 'Doppia', '--yes']);
    expect(voided.code).toBe(0);
    expect(voided.stderr).toBe(`Voided ${second.number}.\n`);
    expect((await cas.api.query(INVOICE, { id: second.id })).data.invoice).toMatchObject({
      status: 'VOID',
      voidReason: 'Doppia',
    });
    expect(await cas.cli.json(['invoices', 'list', '--account', c.account.id, '--status', 'void'])).toEqual([
      expect.objectContaining({ id: second.id, status: 'VOID', voidReason: 'Doppia' }),
    ]);
  });

  it('records an offline payment from account services: the balance changes; wrong amounts and ids say so', async () => {
    const c = await customer(suite.t, 'Pagata CLI Srl', ITALIAN);
    const folder = suite.folder();
    const invoice = await cas.cli.json(['invoices', 'issue', '--account', c.account.id, '--file', invoiceFile(folder)]);
    const stored = async () => (await cas.api.query(INVOICE, { id: invoice.id })).data.invoice;
    const pay = (amount: string, more: string[] = []) => [
      'payments',
      'record-offline',
      '--invoice',
      invoice.id,
      `--amount=${amount}`,
      '--method',
      'wire-transfer',
      '--received-on',
      today(),
      '--reference',
      'BONIFICO 2026/118',
      ...more,
    ];

    const dry = await cas.cli.ok([...pay('1000.50'), '--dry-run']);
    expect(dry).toContain('mutation CliRecordOfflinePayment');
    expect(dry).toContain('"amountMinor": 100050');
    expect((await stored()).payments).toEqual([]);

    const recorded = await cas.cli.run(pay('1000.50'));
    expect(recorded.code).toBe(0);
    expect(recorded.stderr).toBe(
      `Recorded 1000.50 EUR by WIRE_TRANSFER on ${invoice.number}: PARTIALLY_PAID, balance 35599.50 EUR.\n`,
    );
    expect(recorded.stdout).toMatch(/^Balance\s+35599\.50 EUR$/m);
    expect(await stored()).toMatchObject({
      status: 'PARTIALLY_PAID',
      amountPaid: { amountMinor: 100_050 },
      balance: { amountMinor: 3_559_950 },
      payments: [
        {
          status: 'SUCCEEDED',
          methodType: 'WIRE_TRANSFER',
          reference: 'BONIFICO 2026/118',
          receivedOn: today(),
          amount: { amountMinor: 100_050, currency: 'EUR' },
        },
      ],
    });
    // The same command again (an answer lost, a retry) records it once.
    const repeated = await cas.cli.run(pay('1000.50'));
    expect(repeated.code).toBe(0);
    expect(repeated.stderr).toMatch(/^This payment was recorded before \(\S+, \S+\): nothing changed\. /);
    expect((await stored()).payments).toHaveLength(1);
    const shown = await cas.cli.ok(['invoices', 'show', invoice.id]);
    expect(shown).toMatch(/^Paid\s+1000\.50 EUR$/m);
    expect(shown).toMatch(
      /^Payments\s+1000\.50 EUR SUCCEEDED OFFLINE WIRE_TRANSFER ref\. BONIFICO 2026\/118, received /m,
    );

    // Wrong amounts and flags: exit 2 before anything is sent.
    for (const [args, message] of [
      [pay('10.505'), 'at most two decimals'],
      [pay('-5'), 'a positive amount'],
      [['payments', 'record-offline', '--invoice', invoice.id, '--amount', '-5'], ''],
      [pay('0.00'), 'above zero'],
      [pay('12,50'), 'a positive amount'],
      [pay('1e3'), 'a positive amount'],
      [[...pay('10'), '--method', 'CARD'], 'one of WIRE_TRANSFER, CHECK, DIRECT_DEBIT'],
      [[...pay('10'), '--received-on', '2026-02-30'], 'YYYY-MM-DD'],
      [[...pay('10'), '--reference', ' '], '--reference must not be blank'],
      [['payments', 'record-offline', '--invoice', invoice.id, '--amount', '10', '--method', 'CHECK'], '--received-on'],
    ] as Array<[string[], string]>) {
      const wrong = await cas.cli.run(args);
      expect({ args, code: wrong.code }).toEqual({ args, code: 2 });
      expect(wrong.stderr).toContain(message);
      expect(wrong.stdout).toBe('');
    }
    expect((await stored()).payments).toHaveLength(1);

    // The service's refusals keep their codes: over the balance (6), in the future (7), a bad id (5).
    const tooMuch = await cas.cli.run(pay('40000.00'));
    expect(tooMuch.code).toBe(6);
    expect(tooMuch.stderr).toMatch(/^corp-billing: AMOUNT_EXCEEDS_BALANCE: /);
    const future = await cas.cli.run([...pay('1.00'), '--received-on', addDays(today(), 2)]);
    expect(future.code).toBe(7);
    expect(future.stderr).toBe('corp-billing: BAD_USER_INPUT: receivedOn must not be in the future (receivedOn)\n');
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const badInvoice = await cas.cli.run(pay('1.00').map((a) => (a === invoice.id ? unknownId : a)));
    expect(badInvoice.code).toBe(5);
    expect(badInvoice.stderr).toBe('corp-billing: NOT_FOUND: Invoice not found\n');
    expect((await cas.cli.run(['invoices', 'show', 'no-such-invoice'])).code).toBe(5);
    const missingPdf = path.join(folder, 'missing.pdf');
    const noPdf = await cas.cli.run(['invoices', 'pdf', unknownId, '--out', missingPdf]);
    expect(noPdf.code).toBe(5);
    expect(noPdf.stderr).toBe('corp-billing: NOT_FOUND: Invoice not found\n');
    expect(existsSync(missingPdf)).toBe(false);
    // A rep may not record payments.
    const rep = await suite.loggedIn(c.repUser);
    expect((await rep.run(pay('1.00'))).code).toBe(4);

    // The rest, by cheque: paid.
    const rest = await cas.cli.json([
      'payments',
      'record-offline',
      '--invoice',
      invoice.id,
      '--amount',
      '35599.5',
      '--method',
      'CHECK',
      '--received-on',
      today(),
      '--reference',
      'ASSEGNO 0042',
    ]);
    expect(rest).toMatchObject({
      methodType: 'CHECK',
      amount: { amountMinor: 3_559_950, currency: 'EUR' },
      invoice: { status: 'PAID', balance: { amountMinor: 0 } },
    });
    expect(await stored()).toMatchObject({ status: 'PAID', balance: { amountMinor: 0 } });
    // A paid invoice cannot be voided.
    const paidVoid = await cas.cli.run(['invoices', 'void', invoice.id, '--reason', 'x', '--yes']);
    expect(paidVoid.code).toBe(6);
    expect(paidVoid.stderr).toMatch(/^corp-billing: INVOICE_HAS_PAYMENTS: /);
  });
});
