import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/common/roles';
import { sampleW9Pdf } from '../../src/pdf/sample-w9';
import { codeOf } from '../../test/helpers/client';
import { ACTIVATE, LOGIN } from '../../test/helpers/operations';
import { PASSWORD } from '../../test/helpers/server';
import { cliSuite, JOURNEY_MS } from './helpers/suite';

/** Account services invite, disable and enable users and read the security events; staff keep the document centre. */
const suite = cliSuite();

const login = async (userId: string) =>
  codeOf(await suite.t.anonymous().mutate(LOGIN, { input: { userId, password: PASSWORD } })) ?? 'OK';

const tokenOf = (text: string) => /\/activate\?token=([^\s&]+)/.exec(text)?.[1] ?? '';

describe('corp-billing users and security events', () => {
  it(
    'invites a billing contact, resends the invitation, disables and enables them, with the events to show',
    async () => {
      const staffUser = await suite.t.user(Role.ACCOUNT_SERVICES);
      const staff = await suite.loggedIn(staffUser);
      const account = await suite.t.account('Invitee Holdings Ltd');

      const invited = await staff.run([
        'users',
        'invite',
        '--account',
        account.id,
        '--name',
        'Rosa Bianchi',
        '--email',
        'rosa@invitee.example',
      ]);
      expect(invited.code).toBe(0);
      expect(invited.stderr).toBe(
        'Invited Rosa Bianchi (rosa@invitee.example); the invitation went to rosa@invitee.example.\n',
      );
      expect(invited.stdout).toMatch(/^Status\s+INVITED$/m);
      expect(invited.stdout).toMatch(/^Account\s+\S+ Invitee Holdings Ltd$/m);
      const first = await suite.t.mailbox.waitFor((m) => m.to.includes('rosa@invitee.example'));
      expect(first.subject).toContain('Invitee Holdings Ltd');
      const shown = await staff.json(['accounts', 'show', account.id]);
      expect(shown.billingContact).toMatchObject({ billingUserId: 'rosa@invitee.example', status: 'INVITED' });
      const userId: string = shown.billingContact.id;
      // The account has its contact now: a second invitation is a conflict.
      const second = await staff.run([
        ...['users', 'invite', '--account', account.id, '--name', 'Other', '--email', 'other@invitee.example'],
        ...['--billing-user-id', 'other.invitee'],
      ]);
      expect(second).toMatchObject({ code: 6, stdout: '' });
      expect(second.stderr).toBe('corp-billing: CONFLICT: This account already has a billing contact\n');

      const resent = await staff.json(['users', 'resend-invitation', userId]);
      expect(resent).toMatchObject({
        id: userId,
        status: 'INVITED',
        email: 'rosa@invitee.example',
        role: 'BILLING_CONTACT',
      });
      const again = await suite.t.mailbox.waitFor((m) => m.to.includes('rosa@invitee.example') && m !== first);
      // The new link works, the old one no longer does.
      const activate = (token: string) =>
        suite.t.anonymous().mutate(ACTIVATE, { input: { token, newPassword: PASSWORD } });
      expect(codeOf(await activate(tokenOf(first.text)))).toBeDefined();
      expect((await activate(tokenOf(again.text))).errors).toEqual([]);
      expect((await staff.run(['users', 'resend-invitation', userId])).code).toBe(6); // already active
      const contact = await suite.loggedIn('rosa@invitee.example');
      expect(await contact.json(['whoami'])).toMatchObject({ id: userId, status: 'ACTIVE' });

      // Disabling asks first: without a terminal it needs --yes, and nothing changes without it.
      const unconfirmed = await staff.run(['users', 'disable', userId]);
      expect(unconfirmed).toMatchObject({ code: 2, stdout: '' });
      expect(unconfirmed.stderr).toContain('Run it again with --yes to confirm.');
      expect(await login('rosa@invitee.example')).toBe('OK');
      const disabled = await staff.json(['users', 'disable', userId, '--yes']);
      expect(disabled).toMatchObject({ id: userId, status: 'DISABLED' });
      // Their session has ended and they cannot log in again.
      expect((await contact.run(['whoami'])).code).toBe(3);
      expect(await login('rosa@invitee.example')).toBe('INVALID_CREDENTIALS');
      const relogin = await suite
        .cli()
        .run(['login', '--url', suite.endpoint, '--user', 'rosa@invitee.example', '--password-stdin'], {
          stdin: PASSWORD,
        });
      expect(relogin.code).toBe(3);

      const events = await staff.json(['security-events', 'list', '--type', 'user-disabled', '--user', userId]);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'USER_DISABLED',
          accountId: account.id,
          user: { id: userId, billingUserId: 'rosa@invitee.example', displayName: 'Rosa Bianchi' },
          actor: expect.objectContaining({ id: staffUser.id, billingUserId: staffUser.billingUserId }),
          occurredAt: expect.any(String),
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain('__typename');

      const enabled = await staff.run(['users', 'enable', userId]);
      expect(enabled.code).toBe(0);
      expect(enabled.stdout).toMatch(/^Status\s+ACTIVE$/m);
      expect(await login('rosa@invitee.example')).toBe('OK');

      // The account's trail, newest first, as a table; and a window of time.
      const table = await staff.ok(['security-events', 'list', '--account', account.id]);
      const [header, ...rows] = table.trimEnd().split('\n');
      expect(header).toMatch(/^Occurred\s+Type\s+User\s+Actor\s+Client address\s+Detail$/);
      const types = rows.map((r) => r.split(/\s+/)[1]);
      expect(types.indexOf('USER_ENABLED')).toBeLessThan(types.indexOf('USER_DISABLED'));
      expect(rows.find((r) => r.includes('USER_DISABLED'))).toMatch(
        new RegExp(`USER_DISABLED\\s+rosa@invitee\\.example\\s+${staffUser.billingUserId.replace(/\./g, '\\.')}\\s`),
      );
      const since = new Date(Date.now() + 60_000).toISOString();
      expect(await staff.json(['security-events', 'list', '--account', account.id, '--from', since])).toEqual([]);
      const limited = await staff.json(['security-events', 'list', '--user', userId, '--limit', '2']);
      expect(limited.map((e: { type: string }) => e.type)).toEqual(['LOGIN_SUCCEEDED', 'USER_ENABLED']);
    },
    JOURNEY_MS,
  );

  it('keeps account-services commands from a sales rep (exit 4) and stops bad flags before sending', async () => {
    const rep = await suite.loggedIn(await suite.t.user(Role.SALES_REP));
    const contact = await suite.t.user(Role.BILLING_CONTACT);
    for (const args of [
      ['users', 'disable', contact.id, '--yes'],
      ['users', 'enable', contact.id],
      ['security-events', 'list'],
    ]) {
      const result = await rep.run(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 4, stdout: '' });
      expect(result.stderr).toMatch(/^corp-billing: FORBIDDEN: /);
    }
    expect(await login(contact.billingUserId)).toBe('OK');

    const away = ['--url', 'http://127.0.0.1:9/graphql'];
    for (const args of [
      ['users', 'invite', '--account', 'x', '--email', 'a@b.example'],
      ['users', 'disable'],
      ['security-events', 'list', '--type', 'LOGIN_MAYBE'],
      ['security-events', 'list', '--from', 'yesterday'],
      ['security-events', 'list', '--to', '2026-02-30'],
    ]) {
      const result = await rep.run([...args, ...away]);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
    }
  });
});

describe('corp-billing documents', () => {
  it(
    'uploads a PDF and lists it; a file that is not a PDF is refused with exit code 7',
    async () => {
      const staff = await suite.loggedIn(await suite.t.user(Role.ACCOUNT_SERVICES));
      const pdf = await sampleW9Pdf('CLI Test Vendor');
      const file = path.join(staff.home, 'w9.pdf');
      writeFileSync(file, pdf);

      const dry = await staff.run(['documents', 'upload', file, '--title', 'Form W-9', '--kind', 'w9', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('POST /documents?title=Form+W-9&kind=W9&countries=');
      expect(await staff.json(['documents', 'list'])).toEqual([]);

      const uploaded = await staff.run([
        ...['documents', 'upload', file, '--title', 'Form W-9', '--kind', 'w9', '--countries', 'us'],
      ]);
      expect(uploaded.code).toBe(0);
      expect(uploaded.stderr).toMatch(/^Uploaded Form W-9 \([0-9a-f-]{36}\)\.\n$/);
      expect(uploaded.stdout).toMatch(/^Kind\s+W9$/m);
      expect(uploaded.stdout).toMatch(/^Countries\s+US$/m);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      expect(uploaded.stdout).toMatch(new RegExp(`^SHA-256\\s+${sha256}$`, 'm'));

      // An expired access token is renewed for the upload as for GraphQL.
      const config = JSON.parse(readFileSync(staff.configFile, 'utf8'));
      config.profiles.default.accessToken = 'not-a-token';
      writeFileSync(staff.configFile, JSON.stringify(config), { mode: 0o600 });
      const vendor = await staff.json([
        ...['documents', 'upload', file, '--title', 'Vendor registration', '--kind', 'VENDOR_FORM'],
      ]);
      expect(vendor).toMatchObject({ title: 'Vendor registration', kind: 'VENDOR_FORM', countries: [] });

      const listed = await staff.json(['documents', 'list']);
      expect(listed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            title: 'Form W-9',
            kind: 'W9',
            countries: ['US'],
            sizeBytes: pdf.length,
            sha256,
            downloadPath: expect.stringMatching(/^\/documents\/[0-9a-f-]{36}\.pdf$/),
          }),
          expect.objectContaining({ id: vendor.id, countries: [] }),
        ]),
      );
      expect(listed).toHaveLength(2);
      const table = await staff.ok(['documents', 'list']);
      expect(table).toMatch(/^Id\s+Title\s+Kind\s+Countries\s+Size\s+Uploaded$/m);
      expect(table).toMatch(/Vendor registration\s+VENDOR_FORM\s+all\s+\d+\.\d KiB/);
      // A US contact downloads exactly what was uploaded.
      const us = await suite.t.account('Download Corp', { country: 'US' });
      const contact = await suite.t.loginAs(await suite.t.user(Role.BILLING_CONTACT, { accountId: us.id }));
      const w9 = listed.find((d: { kind: string }) => d.kind === 'W9');
      const res = await fetch(`${suite.t.url}${w9.downloadPath}`, {
        headers: { authorization: `Bearer ${contact.accessToken}` },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);

      // Not a PDF: the service's NOT_A_PDF (HTTP 415), exit code 7, nothing stored.
      const text = path.join(staff.home, 'w9.pdf.txt');
      writeFileSync(text, 'Not really a PDF\n');
      const refused = await staff.run(['documents', 'upload', text, '--title', 'Fake', '--kind', 'OTHER']);
      expect(refused).toMatchObject({ code: 7, stdout: '' });
      expect(refused.stderr).toBe('corp-billing: NOT_A_PDF: Only PDF documents can be uploaded (file)\n');
      const missing = await staff.run([
        'documents',
        'upload',
        path.join(staff.home, 'nope.pdf'),
        '--title',
        'X',
        '--kind',
        'OTHER',
      ]);
      expect(missing.code).toBe(7);
      expect(missing.stderr).toMatch(/^corp-billing: cannot read .*nope\.pdf/);
      // A country the service does not know.
      const unknown = await staff.run([
        'documents',
        'upload',
        file,
        '--title',
        'X',
        '--kind',
        'OTHER',
        '--countries',
        'ZZ',
      ]);
      expect(unknown.code).toBe(7);
      expect(unknown.stderr).toMatch(/^corp-billing: BAD_USER_INPUT: ZZ is not an ISO 3166-1 alpha-2 country/);
      expect(await staff.json(['documents', 'list'])).toHaveLength(2);

      // A billing contact may not upload; bad flags stop before anything is sent.
      const contactCli = await suite.loggedIn(await suite.t.user(Role.BILLING_CONTACT, { accountId: us.id }));
      const forbidden = await contactCli.run(['documents', 'upload', file, '--title', 'Mine', '--kind', 'OTHER']);
      expect(forbidden).toMatchObject({ code: 4, stdout: '' });
      expect(forbidden.stderr).toMatch(/^corp-billing: FORBIDDEN: /);
      const away = ['--url', 'http://127.0.0.1:9/graphql'];
      for (const args of [
        ['documents', 'upload', file, '--title', 'X', '--kind', 'FORM'],
        ['documents', 'upload', file, '--title', 'X', '--kind', 'OTHER', '--countries', 'USA'],
        ['documents', 'upload', file, '--kind', 'OTHER'],
        ['documents', 'upload', '--title', 'X', '--kind', 'OTHER'],
      ]) {
        const result = await staff.run([...args, ...away]);
        expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      }
      expect(await staff.json(['documents', 'list'])).toHaveLength(2);
    },
    JOURNEY_MS,
  );
});
