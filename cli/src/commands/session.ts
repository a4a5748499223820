import type { Command } from 'commander';
import { configFile, readConfig } from '../config';
import { CliError, EXIT } from '../errors';
import { graphql } from '../graphql';
import { askPassword, readStdin } from '../input';
import { login, logout } from '../session';
import { action } from './action';

const ME = graphql(`
  query CliMe {
    me {
      id
      billingUserId
      displayName
      email
      role
      status
      account {
        id
        accountNumber
        organisationName
      }
    }
  }
`);

export function registerSession(program: Command): void {
  program
    .command('login')
    .description(
      'log in to a corp-billing service (--url <graphql endpoint>, e.g. https://billing.example.com/graphql) and keep the session in the profile',
    )
    .requiredOption('--user <billing user ID>', 'your billing user ID (user name or e-mail)')
    .option('--password-stdin', 'read the password from stdin instead of asking for it')
    .action(
      action(async (run, options: { user: string; passwordStdin?: boolean }) => {
        const given = run.options.url ?? readConfig().profiles[run.profile]?.url;
        if (!given) throw new CliError('login needs --url <graphql endpoint>', EXIT.USAGE);
        let url: URL;
        try {
          url = new URL(given);
        } catch {
          throw new CliError(`--url is not a URL: ${given}`, EXIT.USAGE);
        }
        const password = options.passwordStdin ? await readStdin() : await askPassword(`Password for ${options.user}`);
        if (!password) throw new CliError('the password is empty', EXIT.USAGE);
        const user = await login(run.profile, url.toString(), options.user, password);
        run.out.say(
          `Logged in as ${user?.displayName} (${user?.billingUserId}, ${user?.role}) on ${url.host}, profile ${run.profile}.`,
        );
      }),
    );

  program
    .command('logout')
    .description('end the session of the profile at the service and forget it here')
    .action(
      action(async (run) => {
        const ended = await logout(run.profile);
        run.out.say(ended ? `Logged out of profile ${run.profile}.` : `Profile ${run.profile} was not logged in.`);
      }),
    );

  program
    .command('whoami')
    .description('who the session of the profile is')
    .action(
      action(async (run) => {
        const { me } = await run.query(ME, {});
        run.out.record(me, [
          { header: 'Billing user ID', value: (u) => u.billingUserId },
          { header: 'Name', value: (u) => u.displayName },
          { header: 'E-mail', value: (u) => u.email },
          { header: 'Role', value: (u) => u.role },
          { header: 'User id', value: (u) => u.id },
          { header: 'Account', value: (u) => u.account && `${u.account.accountNumber} ${u.account.organisationName}` },
          { header: 'Profile', value: () => run.profile },
        ]);
      }),
    );

  program
    .command('profiles')
    .description(`the profiles kept in the config file`)
    .action(
      action(async (run) => {
        const rows = Object.entries(readConfig().profiles).map(([name, p]) => ({
          name,
          url: p.url,
          user: p.user?.billingUserId ?? null,
          role: p.user?.role ?? null,
          loggedIn: Boolean(p.refreshToken || p.accessToken),
        }));
        run.out.rows(rows, [
          { header: 'Profile', value: (r) => (r.name === run.profile ? `${r.name} *` : r.name) },
          { header: 'URL', value: (r) => r.url },
          { header: 'User', value: (r) => r.user },
          { header: 'Role', value: (r) => r.role },
          { header: 'Logged in', value: (r) => (r.loggedIn ? 'yes' : 'no') },
        ]);
        run.out.say(`(${configFile()})`);
      }),
    );
}
