import { PortalRole, Role } from '../../src/common/roles';
import { codeOf } from '../../test/helpers/client';
import { linkToken } from '../../test/helpers/mailbox';
import { ACTIVATE, LOGIN } from '../../test/helpers/operations';
import { PASSWORD } from '../../test/helpers/server';
import { cliSuite, JOURNEY_MS } from './helpers/suite';

/** A rep (or account services) manages an account's portal users: list, add, set-role, deactivate, reactivate. */
const suite = cliSuite();

const login = async (userId: string) =>
  codeOf(await suite.t.anonymous().mutate(LOGIN, { input: { userId, password: PASSWORD } })) ?? 'OK';

/** The rows of a table as their cells (columns are two or more spaces apart). */
const cells = (table: string) =>
  table
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/));

describe('corp-billing users: an account’s portal users', () => {
  it(
    'lists, adds, changes the role of, deactivates and reactivates portal users, as the service allows',
    async () => {
      const repUser = await suite.t.user(Role.SALES_REP);
      const rep = await suite.loggedIn(repUser);
      const account = await suite.t.account('Portal People Srl', { salesRepId: repUser.id });
      const contact = await suite.t.user(Role.BILLING_CONTACT, {
        accountId: account.id,
        billingUserId: 'ap.portalpeople',
        email: 'ap@portalpeople.example',
      });

      // Add: an INVITED PAYER and an invitation e-mail; the role in any case.
      const added = await rep.run([
        ...['users', 'add', '--account', account.id, '--name', 'Anna Clerk', '--email', 'anna@portalpeople.example'],
        ...['--role', 'payer', '--billing-user-id', 'anna.clerk'],
      ]);
      expect(added.code).toBe(0);
      expect(added.stderr).toBe(
        'Invited Anna Clerk (anna.clerk) as PAYER; the invitation went to anna@portalpeople.example.\n',
      );
      expect(added.stdout).toMatch(/^Billing user ID\s+anna\.clerk$/m);
      expect(added.stdout).toMatch(/^Role\s+PAYER$/m);
      expect(added.stdout).toMatch(/^Status\s+INVITED$/m);
      expect(added.stdout).toMatch(/^Billing contact\s+no$/m);
      const invitation = await suite.t.mailbox.waitFor((m) => m.to.includes('anna@portalpeople.example'));
      expect(invitation.subject).toContain('Portal People Srl');
      const anna = added.stdout.match(/^Id\s+(\S+)$/m)![1];

      // Without --billing-user-id the e-mail is the billing user ID, as for `users invite`.
      const bruno = await rep.json([
        ...['users', 'add', '--account', account.id, '--name', 'Bruno Viewer', '--email', 'bruno@portalpeople.example'],
        ...['--role', 'VIEWER'],
      ]);
      expect(bruno).toMatchObject({
        billingUserId: 'bruno@portalpeople.example',
        portalRole: 'VIEWER',
        status: 'INVITED',
        isBillingContact: false,
      });

      // List: the billing contact first and marked, then the others by when they were added.
      const table = cells(await rep.ok(['users', 'list', '--account', account.id]));
      expect(table).toEqual([
        ['Id', 'Billing user ID', 'Name', 'E-mail', 'Role', 'Status', 'Billing contact'],
        [contact.id, 'ap.portalpeople', contact.displayName, 'ap@portalpeople.example', 'ADMIN', 'ACTIVE', 'yes'],
        [anna, 'anna.clerk', 'Anna Clerk', 'anna@portalpeople.example', 'PAYER', 'INVITED', 'no'],
        [
          bruno.id,
          'bruno@portalpeople.example',
          'Bruno Viewer',
          'bruno@portalpeople.example',
          'VIEWER',
          'INVITED',
          'no',
        ],
      ]);
      const listed = await rep.json(['users', 'list', '--account', account.id]);
      expect(listed).toEqual([
        expect.objectContaining({ id: contact.id, portalRole: 'ADMIN', isBillingContact: true, status: 'ACTIVE' }),
        expect.objectContaining({ id: anna, portalRole: 'PAYER', isBillingContact: false, status: 'INVITED' }),
        expect.objectContaining({ id: bruno.id, portalRole: 'VIEWER' }),
      ]);
      expect(listed[0].account).toMatchObject({ id: account.id, organisationName: 'Portal People Srl' });
      expect(JSON.stringify(listed)).not.toContain('__typename');
      const csv = await rep.ok(['users', 'list', '--account', account.id, '-o', 'csv']);
      expect(csv.split('\n')[0]).toBe('Id,Billing user ID,Name,E-mail,Role,Status,Billing contact');

      // Set-role: PAYER to VIEWER.
      const viewer = await rep.run(['users', 'set-role', anna, 'viewer']);
      expect(viewer).toMatchObject({ code: 0, stderr: '' });
      expect(viewer.stdout).toMatch(/^Role\s+VIEWER$/m);
      expect((await rep.json(['users', 'list', '--account', account.id]))[1]).toMatchObject({
        id: anna,
        portalRole: 'VIEWER',
      });

      // Deactivate asks first: without a terminal it needs --yes, and nothing changes without it.
      const unconfirmed = await rep.run(['users', 'deactivate', anna]);
      expect(unconfirmed).toMatchObject({ code: 2, stdout: '' });
      expect(unconfirmed.stderr).toBe(
        `corp-billing: Deactivate user ${anna}? They cannot log in, and their sessions and any unused invitation end now. Run it again with --yes to confirm.\n`,
      );
      expect((await rep.json(['users', 'list', '--account', account.id]))[1].status).toBe('INVITED');
      const deactivated = await rep.run(['users', 'deactivate', anna, '--yes']);
      expect(deactivated.code).toBe(0);
      expect(deactivated.stdout).toMatch(/^Status\s+DISABLED$/m);
      // Her unused invitation ended with it.
      const activate = (token: string) =>
        suite.t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: PASSWORD } });
      expect(codeOf(await activate(linkToken(invitation, '/activate')))).toBeDefined();

      // She never set a password: the service refuses to reactivate her (CONFLICT, exit 6).
      const refused = await rep.run(['users', 'reactivate', anna]);
      expect(refused).toMatchObject({ code: 6, stdout: '' });
      expect(refused.stderr).toBe(
        'corp-billing: CONFLICT: This user never set a password; send a new invitation instead\n',
      );

      // One who has activated is deactivated and reactivated: they log in again.
      const brunoMail = await suite.t.mailbox.waitFor((m) => m.to.includes('bruno@portalpeople.example'));
      expect((await activate(linkToken(brunoMail, '/activate'))).errors).toEqual([]);
      expect(await login('bruno@portalpeople.example')).toBe('OK');
      expect((await rep.json(['users', 'deactivate', bruno.id, '--yes'])).status).toBe('DISABLED');
      expect(await login('bruno@portalpeople.example')).toBe('INVALID_CREDENTIALS');
      const reactivated = await rep.run(['users', 'reactivate', bruno.id]);
      expect(reactivated.code).toBe(0);
      expect(reactivated.stdout).toMatch(/^Status\s+ACTIVE$/m);
      expect(await login('bruno@portalpeople.example')).toBe('OK');

      // The billing contact named on invoices stays an active ADMIN.
      const demoted = await rep.run(['users', 'set-role', contact.id, 'PAYER']);
      expect(demoted).toMatchObject({ code: 6, stdout: '' });
      expect(demoted.stderr).toBe(
        'corp-billing: BILLING_CONTACT_PROTECTED: The billing contact named on invoices cannot be demoted; change the billing contact first\n',
      );
      const contactOff = await rep.run(['users', 'deactivate', contact.id, '--yes']);
      expect(contactOff).toMatchObject({ code: 6, stdout: '' });
      expect(contactOff.stderr).toBe(
        'corp-billing: BILLING_CONTACT_PROTECTED: The billing contact named on invoices cannot be deactivated; change the billing contact first\n',
      );
      expect(await login('ap.portalpeople')).toBe('OK');
    },
    JOURNEY_MS,
  );

  it('keeps the last active ADMIN and refuses a rep of another account, a portal VIEWER and bad flags', async () => {
    const staff = await suite.loggedIn(await suite.t.user(Role.ACCOUNT_SERVICES));
    const repUser = await suite.t.user(Role.SALES_REP);
    const account = await suite.t.account('Last Admin Ltd', { salesRepId: repUser.id });
    // The billing contact is still invited, so another ADMIN is the account's only active one.
    await staff.ok([
      ...['users', 'invite', '--account', account.id, '--name', 'Invited Contact'],
      ...['--email', 'contact@lastadmin.example'],
    ]);
    const admin = await suite.t.user(Role.BILLING_CONTACT, { accountId: account.id, portalRole: PortalRole.ADMIN });
    const lastAdmin = await staff.run(['users', 'set-role', admin.id, 'viewer']);
    expect(lastAdmin).toMatchObject({ code: 6, stdout: '' });
    expect(lastAdmin.stderr).toBe(
      "corp-billing: LAST_ACTIVE_ADMIN: The account's last active ADMIN cannot be demoted; make another user ADMIN first\n",
    );
    expect((await staff.run(['users', 'deactivate', admin.id, '--yes'])).stderr).toMatch(
      /^corp-billing: LAST_ACTIVE_ADMIN: /,
    );

    // A rep of another account: the account and its users are not there for them (NOT_FOUND, exit 5).
    const otherRep = await suite.loggedIn(await suite.t.user(Role.SALES_REP));
    for (const args of [
      ['users', 'list', '--account', account.id],
      ['users', 'add', '--account', account.id, '--name', 'X', '--email', 'x@lastadmin.example', '--role', 'ADMIN'],
      ['users', 'set-role', admin.id, 'PAYER'],
      ['users', 'deactivate', admin.id, '--yes'],
      ['users', 'reactivate', admin.id],
    ]) {
      const result = await otherRep.run(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 5, stdout: '' });
      expect(result.stderr).toMatch(/^corp-billing: NOT_FOUND: (Account|User) not found\n$/);
    }
    expect((await staff.json(['users', 'list', '--account', account.id])).map((u: { id: string }) => u.id)).toContain(
      admin.id,
    );

    // A portal VIEWER may not manage users (FORBIDDEN, exit 4).
    const viewer = await suite.loggedIn(
      await suite.t.user(Role.BILLING_CONTACT, { accountId: account.id, portalRole: PortalRole.VIEWER }),
    );
    const forbidden = await viewer.run(['users', 'set-role', admin.id, 'VIEWER']);
    expect(forbidden).toMatchObject({ code: 4, stdout: '' });
    expect(forbidden.stderr).toMatch(/^corp-billing: FORBIDDEN: /);

    // Bad flags stop before anything is sent.
    const away = ['--url', 'http://127.0.0.1:9/graphql'];
    for (const args of [
      ['users', 'list'],
      ['users', 'add', '--account', 'x', '--name', 'X', '--email', 'x@b.example', '--role', 'OWNER'],
      ['users', 'add', '--account', 'x', '--name', 'X', '--email', 'x@b.example'],
      ['users', 'set-role', admin.id, 'boss'],
      ['users', 'set-role', admin.id],
      ['users', 'deactivate'],
      ['users', 'reactivate'],
    ]) {
      const result = await staff.run([...args, ...away]);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
    }
    const badRole = await staff.run(['users', 'set-role', admin.id, 'boss', ...away]);
    expect(badRole.stderr).toContain(
      "error: command-argument value 'boss' is invalid for argument 'role'. one of ADMIN, PAYER, VIEWER is needed.",
    );

    // Shell completion offers the new subcommands.
    expect((await staff.ok(['__complete', 'users', ''])).split('\n')).toEqual(
      expect.arrayContaining(['add', 'deactivate', 'list', 'reactivate', 'set-role']),
    );
  });
});
