import { Role } from '../../src/common/roles';
import { LOGIN } from '../../test/helpers/operations';
import { PASSWORD } from '../../test/helpers/server';
import { codeOf } from '../../test/helpers/client';
import { cliSuite } from './helpers/suite';

/** At a terminal: the password asked without echo, confirmations answered by a person, colour (and none with NO_COLOR). */
const suite = cliSuite();

describe('corp-billing at a terminal', () => {
  it('asks for the password without showing it, and logs in', async () => {
    const rep = await suite.t.user(Role.SALES_REP);
    const cli = suite.cli();
    const { code, screen } = await cli.atTerminal(
      ['login', '--url', suite.endpoint, '--user', rep.billingUserId],
      [{ after: `Password for ${rep.billingUserId}`, type: `${PASSWORD}\r` }],
    );
    expect(code).toBe(0);
    expect(screen).toContain(`Logged in as ${rep.displayName}`);
    expect(screen).not.toContain(PASSWORD);
    expect((await cli.json(['whoami'])).id).toBe(rep.id);
  });

  it('does a destructive command only when the person answers yes', async () => {
    const staff = await suite.t.user(Role.ACCOUNT_SERVICES);
    const account = await suite.t.account('Terminal Confirm Ltd');
    const contact = await suite.t.user(Role.BILLING_CONTACT, { accountId: account.id });
    const cli = await suite.loggedIn(staff);
    const canLogIn = async () =>
      codeOf(await suite.t.anonymous().mutate(LOGIN, { input: { userId: contact.billingUserId, password: PASSWORD } }));

    const no = await cli.atTerminal(
      ['users', 'disable', contact.id],
      [{ after: `Disable user ${contact.id}?`, type: 'n\r' }],
    );
    expect(no.code).toBe(9);
    expect(no.screen).toContain('corp-billing: cancelled: nothing was changed');
    expect(await canLogIn()).toBeUndefined();

    const yes = await cli.atTerminal(
      ['users', 'disable', contact.id],
      [{ after: `Disable user ${contact.id}?`, type: 'y\r' }],
    );
    expect(yes.code).toBe(0);
    expect(yes.screen).toMatch(/Status\s+DISABLED/);
    expect(await canLogIn()).not.toBeUndefined();
  });

  it('makes table headers bold at a terminal, and plain with NO_COLOR or --no-color', async () => {
    const staff = await suite.t.user(Role.ACCOUNT_SERVICES);
    await suite.t.account('Colourful Terminal Ltd');
    const cli = await suite.loggedIn(staff);
    const bold = '\u001b[1m';
    const coloured = await cli.atTerminal(['accounts', 'list', '--search', 'Colourful'], [], { raw: true });
    expect(coloured.code).toBe(0);
    expect(coloured.screen).toContain(`${bold}Organisation`);
    const noColor = await cli.atTerminal(['accounts', 'list', '--search', 'Colourful'], [], {
      raw: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.screen).toContain('Colourful Terminal Ltd');
    expect(noColor.screen).not.toContain(bold);
    const flag = await cli.atTerminal(['accounts', 'list', '--search', 'Colourful', '--no-color'], [], { raw: true });
    expect(flag.screen).toContain('Colourful Terminal Ltd');
    expect(flag.screen).not.toContain(bold);
    // Not a terminal: no colour either.
    expect(await cli.ok(['accounts', 'list', '--search', 'Colourful'])).not.toContain(bold);
  });
});
