/**
 * The portal's session. The access token lives in this module's memory only;
 * the refresh token is an HttpOnly cookie scripts cannot read, sent to
 * /graphql when a request carries `X-Session-Transport: cookie` (the
 * service ignores the cookie without it, so another site cannot use it).
 */
export const SESSION_TRANSPORT = { 'x-session-transport': 'cookie' } as const;

let accessToken: string | null = null;
type Listener = (signedIn: boolean) => void;
const listeners = new Set<Listener>();

export const session = {
  token: (): string | null => accessToken,
  /** After a login, a refresh or a password change. */
  signedIn(token: string): void {
    accessToken = token;
    listeners.forEach((l) => l(true));
  },
  /** After a logout, or when the service says the session has ended. */
  signedOut(): void {
    accessToken = null;
    listeners.forEach((l) => l(false));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The service could not be reached or did not answer as GraphQL: the session is unknown, not ended. */
export class ServiceUnavailableError extends Error {}

const REFRESH = 'mutation PortalRefresh { refreshSession { accessToken } }';

interface RefreshAnswer {
  data?: { refreshSession?: { accessToken?: unknown } | null } | null;
  errors?: Array<{ extensions?: { code?: unknown } }>;
}

async function exchangeCookie(): Promise<boolean> {
  let answer: RefreshAnswer;
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...SESSION_TRANSPORT },
      body: JSON.stringify({ query: REFRESH }),
    });
    answer = (await res.json()) as RefreshAnswer;
  } catch {
    throw new ServiceUnavailableError('The service did not answer');
  }
  const token = answer.data?.refreshSession?.accessToken;
  if (typeof token === 'string') {
    accessToken = token;
    return true;
  }
  const code = answer.errors?.[0]?.extensions?.code;
  // No cookie (BAD_USER_INPUT) or a cookie that no longer refreshes (UNAUTHENTICATED): logged out.
  if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') {
    accessToken = null;
    return false;
  }
  throw new ServiceUnavailableError(`The service could not refresh the session (${String(code)})`);
}

let inFlight: Promise<boolean> | null = null;

/**
 * A new access token from the refresh cookie; false when there is no session.
 * One exchange at a time in this tab and, through a Web Lock, across the
 * user's tabs: the refresh token rotates on every use and a second use of the
 * same one ends the session, so two tabs must not race with the same cookie.
 */
export function refreshAccessToken(): Promise<boolean> {
  inFlight ??= (
    typeof navigator !== 'undefined' && 'locks' in navigator
      ? // (the DOM types nest the callback's promise; the lock's promise resolves to its value)
        navigator.locks.request('corp-billing-session-refresh', exchangeCookie).then((signedIn) => signedIn)
      : exchangeCookie()
  ).finally(() => {
    inFlight = null;
  });
  return inFlight;
}
