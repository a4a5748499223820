import { Api, type Credentials } from './client';
import { readConfig, updateConfig, type Profile } from './config';
import { CliError, EXIT } from './errors';
import { graphql } from './graphql';

const SESSION_FIELDS = graphql(`
  fragment CliSession on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      billingUserId
      displayName
      role
    }
  }
`);
const LOGIN = graphql(
  `
    mutation CliLogin($input: LoginInput!) {
      login(input: $input) {
        ...CliSession
      }
    }
  `,
  [SESSION_FIELDS],
);
const REFRESH = graphql(
  `
    mutation CliRefresh($refreshToken: String) {
      refreshSession(refreshToken: $refreshToken) {
        ...CliSession
      }
    }
  `,
  [SESSION_FIELDS],
);
const LOGOUT = graphql(`
  mutation CliLogout($refreshToken: String) {
    logout(refreshToken: $refreshToken)
  }
`);

/** Renew an access token this close to its expiry before using it. */
const EARLY_MS = 30_000;

type Session = {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken?: string | null;
  user: Profile['user'];
};

function keep(profile: Profile, session: Session): void {
  profile.accessToken = session.accessToken;
  profile.accessTokenExpiresAt = session.accessTokenExpiresAt;
  if (session.refreshToken) profile.refreshToken = session.refreshToken;
  profile.user = session.user && {
    id: session.user.id,
    billingUserId: session.user.billingUserId,
    displayName: session.user.displayName,
    role: session.user.role,
  };
}

function forget(profile: Profile): void {
  delete profile.accessToken;
  delete profile.accessTokenExpiresAt;
  delete profile.refreshToken;
  delete profile.user;
}

const fresh = (profile: Profile | undefined) =>
  Boolean(
    profile?.accessToken &&
    profile.accessTokenExpiresAt &&
    Date.parse(profile.accessTokenExpiresAt) - Date.now() > EARLY_MS,
  );

const notLoggedIn = (profile: string) =>
  new CliError(
    `not logged in${profile === 'default' ? '' : ` on profile ${profile}`}: run corp-billing login --url <graphql endpoint> --user <billing user ID>`,
    EXIT.NOT_AUTHENTICATED,
    'UNAUTHENTICATED',
  );

/** Logs in and keeps the session (never the password) in the profile. */
export async function login(name: string, url: string, userId: string, password: string): Promise<Profile['user']> {
  const api = new Api({ url, token: async () => null });
  const data = await api.mutate(LOGIN, { input: { userId, password } });
  return updateConfig((config) => {
    const profile: Profile = { url };
    keep(profile, data.login);
    config.profiles[name] = profile;
    return profile.user;
  });
}

/** Ends the session at the service (its refresh token is revoked) and forgets it here. */
export async function logout(name: string): Promise<boolean> {
  const profile = readConfig().profiles[name];
  if (!profile?.refreshToken && !profile?.accessToken) return false;
  try {
    const api = new Api({ url: profile.url, token: async () => (fresh(profile) ? profile.accessToken! : null) });
    await api.mutate(LOGOUT, { refreshToken: profile.refreshToken ?? null });
  } catch (err) {
    // An expired or revoked session is over anyway; anything else (the service away) is worth saying.
    if (!(err instanceof CliError && err.exitCode === EXIT.NOT_AUTHENTICATED)) throw err;
  }
  await updateConfig((config) => {
    const stored = config.profiles[name];
    if (stored) forget(stored);
  });
  return true;
}

/**
 * The credentials of a command: CORP_BILLING_TOKEN (a script's access token,
 * with the URL from --url, CORP_BILLING_URL or the profile), else the
 * profile's session, renewed when it is about to expire or the service says
 * it has.
 */
export function credentialsFor(name: string, urlOption?: string): Credentials {
  const profile = readConfig().profiles[name];
  const envToken = process.env.CORP_BILLING_TOKEN;
  if (envToken) {
    const url = urlOption ?? process.env.CORP_BILLING_URL ?? profile?.url;
    if (!url) throw new CliError('CORP_BILLING_TOKEN needs the service URL: --url or CORP_BILLING_URL', EXIT.USAGE);
    return { url, token: async () => envToken };
  }
  if (!profile?.refreshToken && !profile?.accessToken) throw notLoggedIn(name);
  const url = urlOption ?? profile.url;
  let current: Profile = profile;
  const renew = async (): Promise<string> => {
    const seen = current.accessToken;
    current = await updateConfig(async (config) => {
      const stored = config.profiles[name];
      if (!stored?.refreshToken) throw notLoggedIn(name);
      // Another corp-billing process renewed it while this one waited for the lock.
      if (stored.accessToken !== seen && fresh(stored)) return stored;
      try {
        const api = new Api({ url: stored.url, token: async () => null });
        keep(stored, (await api.mutate(REFRESH, { refreshToken: stored.refreshToken })).refreshSession);
      } catch (err) {
        if (err instanceof CliError && err.exitCode === EXIT.NOT_AUTHENTICATED) {
          forget(stored);
          return stored;
        }
        throw err;
      }
      return stored;
    });
    if (!current.accessToken)
      throw new CliError('the session has ended: log in again', EXIT.NOT_AUTHENTICATED, 'UNAUTHENTICATED');
    return current.accessToken;
  };
  return { url, token: async () => (fresh(current) ? current.accessToken! : renew()), renew };
}
