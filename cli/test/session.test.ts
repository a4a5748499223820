import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/common/roles';
import { PASSWORD } from '../../test/helpers/server';
import { cliSuite } from './helpers/suite';

/** Logging in and out, profiles, the config file, renewing the session, CORP_BILLING_TOKEN and the exit codes. */
const suite = cliSuite();

describe('the corp-billing session', () => {
  it('logs in with --password-stdin, keeps the session in a 0600 file without the password, and logs out', async () => {
    const rep = await suite.t.user(Role.SALES_REP);
    const cli = suite.cli();
    const login = await cli.run(['login', '--url', suite.endpoint, '--user', rep.billingUserId, '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`Logged in as ${rep.displayName} (${rep.billingUserId}, SALES_REP)`);

    // The file and its folder are the user's alone; it has the tokens, never the password.
    expect(statSync(cli.configFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(cli.configFile)).mode & 0o777).toBe(0o700);
    const stored = readFileSync(cli.configFile, 'utf8');
    expect(stored).not.toContain(PASSWORD);
    expect(JSON.parse(stored).profiles.default).toMatchObject({
      url: suite.endpoint,
      refreshToken: expect.any(String),
      user: { billingUserId: rep.billingUserId, role: 'SALES_REP' },
    });

    const me = await cli.json(['whoami']);
    expect(me).toMatchObject({ billingUserId: rep.billingUserId, role: 'SALES_REP', id: rep.id });
    expect(JSON.stringify(me)).not.toContain('__typename');

    const out = await cli.run(['logout']);
    expect(out).toMatchObject({ code: 0, stderr: 'Logged out of profile default.\n' });
    expect(readFileSync(cli.configFile, 'utf8')).not.toContain('Token');
    const after = await cli.run(['whoami']);
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/^corp-billing: UNAUTHENTICATED: not logged in: run corp-billing login/);
  });

  it('keeps named profiles apart, chosen with --profile or CORP_BILLING_PROFILE', async () => {
    const rep = await suite.t.user(Role.SALES_REP);
    const staff = await suite.t.user(Role.ACCOUNT_SERVICES);
    const cli = await suite.loggedIn(rep);
    await cli.ok(
      ['--profile', 'cas', 'login', '--url', suite.endpoint, '--user', staff.billingUserId, '--password-stdin'],
      {
        stdin: PASSWORD,
      },
    );
    expect((await cli.json(['whoami'])).role).toBe('SALES_REP');
    expect((await cli.json(['whoami', '--profile', 'cas'])).role).toBe('ACCOUNT_SERVICES');
    expect((await cli.json(['whoami'], { env: { CORP_BILLING_PROFILE: 'cas' } })).role).toBe('ACCOUNT_SERVICES');
    const profiles = await cli.json(['profiles']);
    expect(profiles.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['default', 'SALES_REP'],
      ['cas', 'ACCOUNT_SERVICES'],
    ]);
    const bad = await cli.run(['whoami', '--profile', '../etc']);
    expect(bad.code).toBe(2);
  });

  it('renews an expired access token with the refresh token, once for two commands at the same moment', async () => {
    const rep = await suite.t.user(Role.SALES_REP);
    const cli = await suite.loggedIn(rep);
    const expire = () => {
      const config = JSON.parse(readFileSync(cli.configFile, 'utf8'));
      config.profiles.default.accessTokenExpiresAt = new Date(Date.now() - 1000).toISOString();
      writeFileSync(cli.configFile, JSON.stringify(config), { mode: 0o600 });
      return config.profiles.default.refreshToken as string;
    };
    const before = expire();
    // Two processes find the token expired at once: one renews, the other uses what it got (a refresh
    // token is single-use: spending it twice would end the session).
    const [a, b] = await Promise.all([cli.json(['whoami']), cli.json(['whoami'])]);
    expect([a.id, b.id]).toEqual([rep.id, rep.id]);
    const renewed = JSON.parse(readFileSync(cli.configFile, 'utf8')).profiles.default;
    expect(renewed.refreshToken).not.toBe(before);
    expect(Date.parse(renewed.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(statSync(cli.configFile).mode & 0o777).toBe(0o600);
    expect((await cli.json(['whoami'])).id).toBe(rep.id);

    // A token the service no longer takes (the session ended elsewhere) is renewed on the UNAUTHENTICATED answer.
    const config = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    config.profiles.default.accessToken = 'not-a-token';
    writeFileSync(cli.configFile, JSON.stringify(config), { mode: 0o600 });
    expect((await cli.json(['whoami'])).id).toBe(rep.id);
  });

  it('uses CORP_BILLING_TOKEN for scripts, without a profile', async () => {
    const staff = await suite.t.user(Role.ACCOUNT_SERVICES);
    const { accessToken } = await suite.t.loginAs(staff);
    const cli = suite.cli();
    const me = await cli.json(['whoami'], {
      env: { CORP_BILLING_TOKEN: accessToken, CORP_BILLING_URL: suite.endpoint },
    });
    expect(me.id).toBe(staff.id);
    const noUrl = await cli.run(['whoami'], { env: { CORP_BILLING_TOKEN: accessToken } });
    expect(noUrl.code).toBe(2);
    const bad = await cli.run(['whoami'], { env: { CORP_BILLING_TOKEN: 'expired', CORP_BILLING_URL: suite.endpoint } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^corp-billing: UNAUTHENTICATED: /);
  });

  it('says what went wrong on one line with a documented exit code', async () => {
    const contact = await suite.t.user(Role.BILLING_CONTACT, {
      accountId: (await suite.t.account('Exit Codes Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' })).id,
    });
    const cli = suite.cli();
    const wrong = await cli.run(
      ['login', '--url', suite.endpoint, '--user', contact.billingUserId, '--password-stdin'],
      {
        stdin: 'not the password',
      },
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(cli.configFile)).toBe(false);
    // No terminal to ask for the password, and no --password-stdin: a usage error.
    expect((await cli.run(['login', '--url', suite.endpoint, '--user', contact.billingUserId])).code).toBe(2);
    expect((await cli.run(['no-such-command'])).code).toBe(2);
    expect((await cli.run(['accounts', 'list', '--limit', 'many'])).code).toBe(2);
    expect((await cli.run(['--help'])).code).toBe(0);

    await cli.ok(['login', '--url', suite.endpoint, '--user', contact.billingUserId, '--password-stdin'], {
      stdin: PASSWORD,
    });
    // A billing contact may not list accounts; another account's id is not found.
    const forbidden = await cli.run(['accounts', 'list']);
    expect(forbidden).toMatchObject({ code: 4, stdout: '' });
    expect(forbidden.stderr).toMatch(/^corp-billing: FORBIDDEN: /);
    const other = await suite.t.account('Somebody Else Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' });
    const notFound = await cli.run(['accounts', 'show', other.id, '--verbose']);
    expect(notFound.code).toBe(5);
    expect(notFound.stderr).toMatch(/corp-billing: NOT_FOUND: .*\(request [0-9a-f-]{36}\)\n$/);
    expect(notFound.stderr).not.toContain('Somebody Else');

    // The service away: exit code 8.
    const away = await cli.run(['whoami', '--url', 'http://127.0.0.1:9/graphql']);
    expect(away.code).toBe(8);
  });
});
