import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gql } from '@apollo/client';
import { parse } from 'csv-parse/sync';
import { addDays, today } from '../../src/common/dates';
import { Role } from '../../src/common/roles';
import { catalogue, customer, ITALIAN } from '../../test/helpers/fixtures';
import { readPdf } from '../../test/helpers/pdf-text';
import type { CliUser } from './helpers/cli';
import { cliSuite } from './helpers/suite';

/** A rep drafts a quote from a YAML file, sends it, saves its PDF, withdraws, revises and deletes quotes. */
const suite = cliSuite({ TAX_RATES: 'IT=2200' });
let products: Record<string, string>;
beforeAll(async () => {
  products = await catalogue(suite.t, { ANALYTICS: { prices: { EUR: 120_000 } }, ARCHIVE: { prices: { EUR: 9_900 } } });
});

const QUOTE = gql`
  query Quote($id: ID!) {
    quote(id: $id) {
      id
      status
      expiresOn
      note
      revision
      lines {
        seatChange
        discountBasisPoints
        product {
          id
          code
        }
      }
      total {
        amountMinor
      }
    }
  }
`;
const QUOTES = gql`
  query Quotes($filter: QuoteFilter) {
    quotes(first: 50, filter: $filter) {
      totalCount
      edges {
        node {
          id
          status
        }
      }
    }
  }
`;

/** An Italian account of a new rep, logged in to the CLI, with 10 ANALYTICS and 5 ARCHIVE seats. */
async function repWithAccount(name: string) {
  const repUser = await suite.t.user(Role.SALES_REP);
  const c = await customer(suite.t, name, {
    ...ITALIAN,
    rep: repUser,
    subscription: {
      items: [
        { productId: products.ANALYTICS, seats: 10 },
        { productId: products.ARCHIVE, seats: 5 },
      ],
    },
  });
  return { ...c, cli: await suite.loggedIn(repUser) };
}

const eur = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')} EUR`;

function quoteFile(cli: CliUser, name: string, lines: string[]): string {
  const file = path.join(cli.home, name);
  writeFileSync(
    file,
    [
      `expiresOn: ${addDays(today(), 14)}`,
      'note: Prezzi validi per il rinnovo anticipato',
      'lines:',
      ...lines,
      '',
    ].join('\n'),
  );
  return file;
}

describe('corp-billing quotes', () => {
  it('drafts a quote from a YAML file, shows it, sends it, saves its PDF and lists it as JSON and CSV', async () => {
    const { cli, account, rep, user: contact } = await repWithAccount('Quotata CLI Srl');
    const file = quoteFile(cli, 'quote.yaml', [
      '  - productCode: analytics',
      '    seatChange: 5',
      '    discountBasisPoints: 1000',
      `  - productId: ${products.ARCHIVE}`,
      '    seatChange: -2',
    ]);

    // --dry-run prints the mutation with the product code turned into its id, and creates nothing.
    const dry = await cli.ok(['quotes', 'create', '--account', account.id, '--file', file, '--dry-run']);
    expect(dry).toContain('mutation CliCreateQuote');
    expect(dry).toContain(`"productId": "${products.ANALYTICS}"`);
    expect(dry).not.toContain('productCode');
    expect((await rep.query(QUOTES)).data.quotes.totalCount).toBe(0);

    // A flag wins over the file.
    const expiresOn = addDays(today(), 21);
    const created = await cli.run([
      'quotes',
      'create',
      '--account',
      account.id,
      '--file',
      file,
      '--expires-on',
      expiresOn,
    ]);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(
      /^Drafted QT-\d{4}-\d{5} rev\. 1 \(\S+\) for \S+ Quotata CLI Srl: \d+\.\d{2} EUR\. Send it with quotes send\.\n$/,
    );
    const [draft] = await cli.json(['quotes', 'list', '--account', account.id]);
    expect(draft).toMatchObject({ status: 'DRAFT', revision: 1, expiresOn, account: { id: account.id } });
    expect(JSON.stringify(draft)).not.toContain('__typename');
    const stored = (await rep.query(QUOTE, { id: draft.id })).data.quote;
    expect(stored).toMatchObject({ expiresOn, note: 'Prezzi validi per il rinnovo anticipato' });
    expect(stored.lines).toEqual([
      { seatChange: 5, discountBasisPoints: 1000, product: { id: products.ANALYTICS, code: 'ANALYTICS' } },
      { seatChange: -2, discountBasisPoints: 0, product: { id: products.ARCHIVE, code: 'ARCHIVE' } },
    ]);

    // show: lines, the seats before and after, totals, expiry and status.
    const shown = await cli.ok(['quotes', 'show', draft.id]);
    expect(shown).toMatch(/^Status\s+DRAFT$/m);
    expect(shown).toMatch(new RegExp(`^Expires\\s+${expiresOn}$`, 'm'));
    expect(shown).toMatch(/^Lines\s+\+5 × ANALYTICS \(Analytics seat\) \S+\.\.\S+ at \d+\.\d{2} EUR \(10% off\) = /m);
    expect(shown).toMatch(/^\s+-2 × ARCHIVE \(Archive seat\) .* = 0\.00 EUR, tax 22% 0\.00 EUR$/m);
    expect(shown).toMatch(/ANALYTICS: 10 → 15 \(\+5\)/);
    expect(shown).toMatch(/ARCHIVE: 5 → 3 \(-2\)/);
    expect(shown).toMatch(new RegExp(`^Total\\s+${eur(stored.total.amountMinor)}$`, 'm'));
    const shownJson = await cli.json(['quotes', 'show', draft.id]);
    expect(shownJson.lines).toHaveLength(2);
    expect(shownJson.effect).toEqual(
      expect.arrayContaining([expect.objectContaining({ productCode: 'ANALYTICS', seatsNow: 10, seatsAfter: 15 })]),
    );

    // send: the billing contact is e-mailed.
    const sent = await cli.run(['quotes', 'send', draft.id]);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain(`to the billing contact of ${account.accountNumber} Quotata CLI Srl.`);
    expect(sent.stdout).toMatch(/^Status\s+SENT$/m);
    await suite.t.mailbox.waitFor((m) => m.to.includes(contact.email));
    expect((await rep.query(QUOTE, { id: draft.id })).data.quote.status).toBe('SENT');

    // pdf: the whole file, and never over an existing one without --force.
    const folder = suite.folder();
    const pdf = path.join(folder, 'quote.pdf');
    const saved = await cli.run(['quotes', 'pdf', draft.id, '--out', pdf]);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toMatch(new RegExp(`^Saved ${pdf} \\(\\d+ bytes\\)\\.\\n$`));
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-8).toString('latin1').trimEnd()).toMatch(/%%EOF$/);
    expect(saved.stderr).toContain(`(${bytes.length} bytes)`);
    const text = (await readPdf(bytes)).text;
    expect(text).toContain(shownJson.number);
    expect(text).toContain('Quotata CLI Srl');
    const again = await cli.run(['quotes', 'pdf', draft.id, '--out', pdf]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`corp-billing: ${pdf} exists: give --force to replace it\n`);
    expect(readFileSync(pdf).equals(bytes)).toBe(true);
    // A token the route refuses (the session ended elsewhere) is renewed on its 401, as for GraphQL.
    const config = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    config.profiles.default.accessToken = 'not-a-token';
    writeFileSync(cli.configFile, JSON.stringify(config));
    await cli.ok(['quotes', 'pdf', draft.id, '--out', pdf, '--force']);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(readFileSync(cli.configFile, 'utf8')).profiles.default.accessToken).not.toBe('not-a-token');
    // A quote out of reach is 404 from the route: exit 5, and no file at all.
    const missing = path.join(folder, 'missing.pdf');
    const notFound = await cli.run(['quotes', 'pdf', '00000000-0000-4000-8000-000000000000', '--out', missing]);
    expect(notFound.code).toBe(5);
    expect(notFound.stderr).toBe('corp-billing: NOT_FOUND: Quote not found\n');
    expect(existsSync(missing)).toBe(false);

    // list: JSON, CSV with a header row, and by status.
    const listed = await cli.json(['quotes', 'list']);
    expect(listed).toEqual([expect.objectContaining({ id: draft.id, number: shownJson.number, status: 'SENT' })]);
    const csv = parse(await cli.ok(['quotes', 'list', '--output', 'csv']), { columns: true });
    expect(csv).toEqual([
      {
        Id: draft.id,
        Number: shownJson.number,
        Rev: '1',
        Account: `${account.accountNumber} Quotata CLI Srl`,
        Status: 'SENT',
        Expires: expiresOn,
        Total: expect.stringMatching(/^\d+\.\d{2} EUR$/),
      },
    ]);
    expect(await cli.json(['quotes', 'list', '--status', 'draft'])).toEqual([]);
    expect(await cli.json(['quotes', 'list', '--status', 'SENT', '--limit', '1'])).toHaveLength(1);
  });

  it('withdraws only when confirmed, revises, updates and deletes drafts, and says what is wrong', async () => {
    const { cli, account, rep } = await repWithAccount('Ripensata CLI Srl');
    const file = quoteFile(cli, 'quote.yaml', ['  - productCode: ARCHIVE', '    seatChange: 3']);
    const first = await cli.json(['quotes', 'create', '--account', account.id, '--file', file]);
    await cli.ok(['quotes', 'send', first.id]);
    const status = async (id: string) => (await rep.query(QUOTE, { id })).data.quote.status;

    // Without a terminal and without --yes: exit 2, the question on stderr, nothing changed.
    const unconfirmed = await cli.run(['quotes', 'withdraw', first.id]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe(
      `corp-billing: Withdraw ${first.number} rev. 1 of ${account.accountNumber} Ripensata CLI Srl (${eur(first.total.amountMinor)})? The billing contact is told. Run it again with --yes to confirm.\n`,
    );
    expect(unconfirmed.stdout).toBe('');
    expect(await status(first.id)).toBe('SENT');
    // --dry-run prints the mutation and sends nothing.
    const dry = await cli.ok(['quotes', 'withdraw', first.id, '--dry-run']);
    expect(dry).toContain('mutation CliWithdrawQuote');
    expect(dry).toContain(`"id": "${first.id}"`);
    expect(await status(first.id)).toBe('SENT');
    const withdrawn = await cli.json(['quotes', 'withdraw', first.id, '--yes']);
    expect(withdrawn).toMatchObject({ id: first.id, status: 'WITHDRAWN' });
    expect(await status(first.id)).toBe('WITHDRAWN');
    // The service's refusal: exit 6 with its code.
    const resend = await cli.run(['quotes', 'send', first.id]);
    expect(resend.code).toBe(6);
    expect(resend.stderr).toMatch(/^corp-billing: QUOTE_NOT_DRAFT: .*WITHDRAWN/);

    // revise: the sent quote is superseded by a new draft revision with the same number.
    const second = await cli.json(['quotes', 'create', '--account', account.id, '--file', file, '--note', '']);
    expect(second.number).not.toBe(first.number);
    await cli.ok(['quotes', 'send', second.id]);
    const revised = await cli.run(['quotes', 'revise', second.id]);
    expect(revised.code).toBe(0);
    const [, revisionId] = /\((\S+)\) is a new draft; rev\. 1 is superseded\./.exec(revised.stderr) ?? [];
    expect(revised.stderr).toContain(`${second.number} rev. 2 (${revisionId})`);
    expect(await status(second.id)).toBe('SUPERSEDED');

    // update: the expiry alone keeps the lines and the note; a file replaces the lines.
    const later = addDays(today(), 30);
    await cli.ok(['quotes', 'update', revisionId, '--expires-on', later, '--note', 'Nuovo prezzo']);
    expect((await rep.query(QUOTE, { id: revisionId })).data.quote).toMatchObject({
      revision: 2,
      status: 'DRAFT',
      expiresOn: later,
      note: 'Nuovo prezzo',
      lines: [{ seatChange: 3, product: { code: 'ARCHIVE' } }],
    });
    const linesFile = path.join(cli.home, 'lines.yaml');
    writeFileSync(
      linesFile,
      'lines:\n  - productCode: ANALYTICS\n    seatChange: 1\n    unitPriceOverrideMinor: 100000\n',
    );
    const updated = await cli.json(['quotes', 'update', revisionId, '--file', linesFile]);
    expect(updated).toMatchObject({ id: revisionId, expiresOn: later, note: 'Nuovo prezzo' });
    expect((await rep.query(QUOTE, { id: revisionId })).data.quote.lines).toEqual([
      { seatChange: 1, discountBasisPoints: 0, product: { id: products.ANALYTICS, code: 'ANALYTICS' } },
    ]);

    // delete: a draft, after a confirmation.
    const undeleted = await cli.run(['quotes', 'delete', revisionId]);
    expect(undeleted.code).toBe(2);
    expect(undeleted.stderr).toContain(`Delete the draft ${second.number} rev. 2 of ${account.accountNumber}`);
    expect(await status(revisionId)).toBe('DRAFT');
    expect(await cli.json(['quotes', 'delete', revisionId, '--yes'])).toEqual({
      id: revisionId,
      number: second.number,
      revision: 2,
      deleted: true,
    });
    const gone = await cli.run(['quotes', 'show', revisionId]);
    expect(gone.code).toBe(5);
    expect(gone.stderr).toBe('corp-billing: NOT_FOUND: Quote not found\n');

    // Wrong flags and files are said before anything is sent.
    const count = async () => (await rep.query(QUOTES)).data.quotes.totalCount;
    const before = await count();
    for (const args of [
      ['quotes', 'list', '--status', 'PENDING'],
      ['quotes', 'list', '--limit', '0'],
      ['quotes', 'create', '--account', account.id, '--file', file, '--expires-on', '2026-02-30'],
      ['quotes', 'create', '--file', file],
      ['quotes', 'update', first.id],
      ['quotes', 'pdf', first.id],
      ['quotes', 'withdraw'],
    ]) {
      const wrong = await cli.run(args);
      expect({ args, code: wrong.code }).toEqual({ args, code: 2 });
      expect(wrong.stdout).toBe('');
    }
    const noAccount = await cli.run(['quotes', 'create', '--file', file]);
    expect(noAccount.stderr).toBe('corp-billing: the quote needs --account (or those fields in --file)\n');
    const unknown = quoteFile(cli, 'unknown.yaml', ['  - productCode: NOPE', '    seatChange: 1']);
    const unknownProduct = await cli.run(['quotes', 'create', '--account', account.id, '--file', unknown]);
    expect(unknownProduct.code).toBe(7);
    expect(unknownProduct.stderr).toBe(`corp-billing: ${unknown}: line 1: no product NOPE in the catalogue\n`);
    // The service refuses a line (seatChange 0): exit 7 with its code.
    const zero = quoteFile(cli, 'zero.yaml', ['  - productCode: ARCHIVE', '    seatChange: 0']);
    const refused = await cli.run(['quotes', 'create', '--account', account.id, '--file', zero]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/^corp-billing: BAD_USER_INPUT: /);
    expect(await count()).toBe(before);
  });
});
