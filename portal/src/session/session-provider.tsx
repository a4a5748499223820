import { useApolloClient } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { graphql } from '../graphql';
import { refreshAccessToken, ServiceUnavailableError, session } from './session';

export type SessionStatus = 'starting' | 'signed-in' | 'signed-out' | 'unavailable';

interface SessionState {
  status: SessionStatus;
  /** Why the user is on the login page: they logged out, or the session ended by itself. */
  ended: 'logged-out' | 'expired' | null;
  signIn: (accessToken: string) => void;
  logout: (everywhere?: boolean) => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

const LOGOUT = graphql('mutation PortalLogout { logout }');
const LOGOUT_EVERYWHERE = graphql('mutation PortalLogoutEverywhere { logoutEverywhere }');

/** Restores the session from the refresh cookie when the page loads, and follows it afterwards. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [status, setStatus] = useState<SessionStatus>('starting');
  const [ended, setEnded] = useState<SessionState['ended']>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    refreshAccessToken().then(
      (restored) => current && setStatus(restored ? 'signed-in' : 'signed-out'),
      (err: unknown) => {
        if (!current) return;
        if (!(err instanceof ServiceUnavailableError)) console.error(err);
        setStatus('unavailable');
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  useEffect(
    () =>
      session.subscribe((signedIn) => {
        if (signedIn) return;
        // Ended by the service (expired, revoked elsewhere): nothing of the account stays on screen.
        setEnded((why) => why ?? 'expired');
        setStatus('signed-out');
        void client.clearStore();
      }),
    [client],
  );

  const signIn = useCallback((accessToken: string) => {
    session.signedIn(accessToken);
    setEnded(null);
    setStatus('signed-in');
  }, []);

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await client.mutate({ mutation: everywhere ? LOGOUT_EVERYWHERE : LOGOUT });
      } finally {
        setEnded('logged-out');
        session.signedOut();
      }
    },
    [client],
  );

  const retry = useCallback(() => {
    setStatus('starting');
    setAttempt((n) => n + 1);
  }, []);

  const state = useMemo(() => ({ status, ended, signIn, logout, retry }), [status, ended, signIn, logout, retry]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
