import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Role } from '../../src/common/roles';
import { catalogue } from '../../test/helpers/fixtures';
import type { CliUser } from './helpers/cli';
import { cliSuite } from './helpers/suite';

/** A rep opens an account from a YAML file and keeps it current; account services assign it to another rep. */
const suite = cliSuite();

/** A CLI logged in as a new user of `role`, with that user's id. */
async function loggedIn(role: Role): Promise<{ cli: CliUser; id: string }> {
  const who = await suite.t.user(role);
  return { cli: await suite.loggedIn(who), id: who.id };
}

describe('corp-billing accounts', () => {
  it('creates an account from a YAML file with the contact invited, lists it as a table, JSON and CSV, and updates it', async () => {
    const rep = await loggedIn(Role.SALES_REP);
    const file = path.join(rep.cli.home, 'account.yaml');
    writeFileSync(
      file,
      [
        'organisationName: Ferretti Logistica S.p.A.',
        'country: IT',
        'currency: EUR',
        'locale: it-IT',
        'billingFrequency: QUARTERLY',
        'billingContact:',
        '  billingUserId: ferretti.billing',
        '  displayName: Anna Ferretti',
        '  email: anna@ferretti.example',
        'billTo:',
        '  contactName: Anna Ferretti',
        '  addressLine1: Via Roma 1',
        '  city: Bergamo',
        '  postalCode: "24121"',
        '  email: fatture@ferretti.example',
        '',
      ].join('\n'),
    );
    // --dry-run shows the mutation and sends nothing.
    const dry = await rep.cli.ok(['accounts', 'create', '--file', file, '--dry-run']);
    expect(dry).toContain('mutation CliCreateAccount');
    expect(dry).toContain('"organisationName": "Ferretti Logistica S.p.A."');
    expect(await rep.cli.json(['accounts', 'list'])).toEqual([]);

    const created = await rep.cli.run(['accounts', 'create', '--file', file, '--payment-terms', '60']);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/Created account \S+ \(\S+\); the invitation went to anna@ferretti.example\./);
    const invitation = await suite.t.mailbox.waitFor((m) => m.to.includes('anna@ferretti.example'));
    expect(invitation.text).toContain('/activate?token=');

    const [listed] = await rep.cli.json(['accounts', 'list']);
    expect(listed).toMatchObject({
      organisationName: 'Ferretti Logistica S.p.A.',
      country: 'IT',
      billingFrequency: 'QUARTERLY',
      paymentTermsDays: 60,
      salesRep: { id: rep.id },
      billingContact: { billingUserId: 'ferretti.billing', status: 'INVITED' },
    });
    const table = await rep.cli.ok(['accounts', 'list']);
    const [header, row] = table.trimEnd().split('\n');
    expect(header).toMatch(/^Id\s+Number\s+Organisation\s+Status\s+Country\s+Currency\s+Sales rep\s+Billing contact$/);
    expect(row).toContain('Ferretti Logistica S.p.A.');
    // Columns line up: each header starts where its values do.
    expect(row.indexOf('Ferretti')).toBe(header.indexOf('Organisation'));
    const csv = parse(await rep.cli.ok(['accounts', 'list', '--output', 'csv']), { columns: true });
    expect(csv).toEqual([expect.objectContaining({ Id: listed.id, Organisation: 'Ferretti Logistica S.p.A.' })]);

    const shown = await rep.cli.json(['accounts', 'show', listed.id]);
    expect(shown.billTo).toMatchObject({ city: 'Bergamo', postalCode: '24121', country: 'IT' });
    const updated = await rep.cli.json([
      'accounts',
      'update',
      listed.id,
      '--organisation',
      'Ferretti Logistica SpA',
      '--billing-frequency',
      'annual',
    ]);
    expect(updated).toMatchObject({ organisationName: 'Ferretti Logistica SpA', billingFrequency: 'ANNUAL' });

    // The service's refusal of a file's field: exit code 7, nothing created.
    writeFileSync(
      file,
      'organisationName: X\ncountry: ZZ\ncurrency: EUR\nbillingContact: { billingUserId: x.y, displayName: X, email: not-an-email }\n',
    );
    const refused = await rep.cli.run(['accounts', 'create', '--file', file]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/^corp-billing: BAD_USER_INPUT: /);
    expect(await rep.cli.json(['accounts', 'list', '--all'])).toHaveLength(1);
    // A missing field is said before anything is sent.
    const missing = await rep.cli.run(['accounts', 'create', '--organisation', 'Half Srl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--country, --currency, --contact-user-id, --contact-name, --contact-email');
  });

  it('pages through accounts with --limit and --all, and account services assign another rep', async () => {
    const staff = await loggedIn(Role.ACCOUNT_SERVICES);
    const rep = await suite.t.user(Role.SALES_REP);
    const other = await suite.t.user(Role.SALES_REP);
    for (let i = 0; i < 23; i++)
      await suite.t.account(`Paging ${String(i).padStart(2, '0')} Ltd`, { salesRepId: rep.id });
    expect(await staff.cli.json(['accounts', 'list', '--search', 'Paging'])).toHaveLength(20);
    expect(await staff.cli.json(['accounts', 'list', '--search', 'Paging', '--limit', '5'])).toHaveLength(5);
    const all = await staff.cli.json(['accounts', 'list', '--search', 'Paging', '--all']);
    expect(all).toHaveLength(23);
    expect(new Set(all.map((a: { id: string }) => a.id)).size).toBe(23);

    const moved = await staff.cli.json(['accounts', 'assign-rep', all[0].id, other.id]);
    expect(moved.salesRep.id).toBe(other.id);
    const unknown = await staff.cli.run(['accounts', 'assign-rep', all[0].id, staff.id]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/^corp-billing: [A-Z_]+: /);
  });

  it('lists the catalogue, whose ids a quote file names', async () => {
    const ids = await catalogue(suite.t, {
      CLICAT: { name: 'CLI catalogue seat', prices: { EUR: 120_000, USD: 150_000 } },
    });
    const rep = await loggedIn(Role.SALES_REP);
    const products = await rep.cli.json(['products', 'list']);
    expect(products).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: ids.CLICAT,
          code: 'CLICAT',
          prices: expect.arrayContaining([{ amountMinor: 120_000, currency: 'EUR' }]),
        }),
      ]),
    );
    const table = await rep.cli.ok(['products', 'list']);
    expect(table).toMatch(
      /CLICAT\s+CLI catalogue seat\s+1200\.00 EUR, 1500\.00 USD|CLICAT\s+CLI catalogue seat\s+1500\.00 USD, 1200\.00 EUR/,
    );
  });
});
