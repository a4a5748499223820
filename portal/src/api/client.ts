import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { from, mergeMap, throwError } from 'rxjs';
import { refreshAccessToken, session, SESSION_TRANSPORT } from '../session/session';

/** Whether an Apollo error carries this `extensions.code`. */
export function hasCode(error: unknown, code: string): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === code);
}

/** The bearer token of this tab's session on every request. */
const bearer = new ApolloLink((operation, forward) => {
  const token = session.token();
  if (token)
    operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, authorization: `Bearer ${token}` },
    }));
  return forward(operation);
});

/**
 * An expired access token is renewed from the refresh cookie and the
 * operation sent once more; when the session has ended the portal goes back
 * to the login page.
 */
const renew = new ErrorLink(({ error, operation, forward }) => {
  const context = operation.getContext() as { renewed?: boolean };
  if (!hasCode(error, 'UNAUTHENTICATED') || context.renewed || !session.token()) return;
  operation.setContext({ renewed: true });
  return from(refreshAccessToken()).pipe(
    mergeMap((renewed) => {
      if (renewed) return forward(operation);
      session.signedOut();
      return throwError(() => error);
    }),
  );
});

const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin', headers: { ...SESSION_TRANSPORT } });

export function createClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([renew, bearer, http]),
    cache: new InMemoryCache({
      typePolicies: {
        // Value objects without an id: a newer answer replaces the older one field by field.
        BillTo: { merge: true },
        Money: { merge: true },
        EmailPreferences: { merge: true },
        // Lists read page by page: "Show more" appends the next page; a first page (no `after`) starts the list again.
        Query: { fields: { serviceRequests: relayStylePagination(['filter']) } },
        CorporateAccount: { fields: { activity: relayStylePagination() } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
