import { randomUUID } from 'node:crypto';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { CliError, EXIT, exitCodeFor, exitCodeForStatus } from './errors';

/** Where the CLI's requests go and with which token; `renew` gets a fresh token once when the service says it expired. */
export interface Credentials {
  url: string;
  token: () => Promise<string | null>;
  renew?: () => Promise<string>;
}

/** How each request went, for --verbose: its id (sent as x-request-id, so the service's log line has it too). */
export type Trace = (line: string) => void;

/**
 * The service's GraphQL API through @apollo/client (no cache: every command
 * reads what is there now). Errors become CliErrors with the exit code of
 * the error's code; an expired session is renewed once and the request sent
 * again.
 */
export class Api {
  private readonly client: ApolloClient;
  private lastRequestId: string | null = null;

  constructor(
    private readonly credentials: Credentials,
    private readonly trace: Trace = () => undefined,
  ) {
    this.client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new HttpLink({
        uri: credentials.url,
        fetch: (input, init) => this.fetchWithSession(input, init),
      }),
      defaultOptions: {
        query: { fetchPolicy: 'no-cache' },
        mutate: { fetchPolicy: 'no-cache' },
      },
    });
  }

  query<R, V extends Record<string, unknown>>(document: TadaDocumentNode<R, V>, variables: V): Promise<R> {
    return this.send(async () => {
      const { data } = await this.client.query({ query: document, variables, errorPolicy: 'none' });
      return data;
    });
  }

  mutate<R, V extends Record<string, unknown>>(document: TadaDocumentNode<R, V>, variables: V): Promise<R> {
    return this.send(async () => {
      const { data } = await this.client.mutate({ mutation: document, variables, errorPolicy: 'none' });
      return data;
    });
  }

  /**
   * A request to one of the service's HTTP routes beside GraphQL (`POST /documents`): `path` on the
   * endpoint's base URL (the endpoint without `/graphql`), with the same token, renewal on an expired
   * session and error mapping as a query. Answers the response when its status is 2xx.
   */
  http(path: string, init: RequestInit = {}): Promise<Response> {
    const url = `${this.credentials.url.replace(/\/graphql\/?$/, '')}${path}`;
    return this.send(async () => {
      const res = await this.fetchWithSession(url, init);
      if (res.ok) return res;
      // The route's error body is a GraphQL one ({ errors: [{ message, extensions: { code } }] }).
      throw new ServerError(`HTTP ${res.status}`, { response: res, bodyText: await res.text() });
    });
  }

  /**
   * A file of one of those routes (`GET /quotes/<id>.pdf`): its whole body once all of it has arrived,
   * or a CliError (an answer that breaks off is UNAVAILABLE, never part of the file).
   */
  async download(path: string): Promise<Buffer> {
    const res = await this.http(path);
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new CliError(
        `the download of ${path} broke off: ${(err as Error).message}`,
        EXIT.UNAVAILABLE,
        'UNREACHABLE',
        this.lastRequestId,
      );
    }
  }

  /** fetch with the session's token and a fresh x-request-id, traced for --verbose. */
  private async fetchWithSession(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const requestId = randomUUID();
    this.lastRequestId = requestId;
    const headers = new Headers(init?.headers);
    headers.set('x-request-id', requestId);
    const token = await this.credentials.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    const started = Date.now();
    try {
      const res = await fetch(input, { ...init, headers });
      this.trace(`request ${requestId}: HTTP ${res.status} in ${Date.now() - started} ms`);
      return res;
    } catch (err) {
      this.trace(`request ${requestId}: no answer (${(err as Error).message})`);
      throw err;
    }
  }

  private async send<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (this.credentials.renew && codeOf(err) === 'UNAUTHENTICATED') {
        await this.credentials.renew();
        try {
          return await run();
        } catch (again) {
          throw this.failure(again);
        }
      }
      throw this.failure(err);
    }
  }

  /** The error as the user sees it: the service's code and message on one line, and the exit code it stands for. */
  private failure(err: unknown): CliError {
    if (err instanceof CliError) return err;
    const graphqlErrors = errorsOf(err);
    if (graphqlErrors) {
      const first = graphqlErrors[0];
      const ext = (first?.extensions ?? {}) as { code?: string; requestId?: string; field?: string };
      const code = ext.code ?? 'INTERNAL_SERVER_ERROR';
      const where = ext.field ? ` (${ext.field})` : '';
      return new CliError(
        `${first?.message ?? 'the request failed'}${where}`,
        exitCodeFor(code),
        code,
        this.lastRequestId,
      );
    }
    if (ServerError.is(err))
      return new CliError(
        `the service answered HTTP ${err.statusCode}`,
        exitCodeForStatus(err.statusCode),
        null,
        this.lastRequestId,
      );
    return new CliError(
      `cannot reach ${this.credentials.url}: ${(err as Error).message}`,
      EXIT.UNAVAILABLE,
      'UNREACHABLE',
      this.lastRequestId,
    );
  }
}

/** The GraphQL errors of a failed request: in the result, or in the body of an answer with an HTTP error status. */
function errorsOf(err: unknown): ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | null {
  if (CombinedGraphQLErrors.is(err)) return err.errors;
  if (ServerError.is(err)) {
    try {
      const body = JSON.parse(err.bodyText) as {
        errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      };
      if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors;
    } catch {
      // Not JSON (a proxy's error page): the HTTP status says it.
    }
  }
  return null;
}

function codeOf(err: unknown): string | null {
  return (errorsOf(err)?.[0]?.extensions?.code as string | undefined) ?? null;
}

/** A document as text with its variables, for --dry-run. */
export function describeOperation(
  document: TadaDocumentNode<unknown, never> | TadaDocumentNode<never, never>,
  variables: unknown,
): string {
  return `${print(document)}\nvariables: ${JSON.stringify(variables, null, 2)}`;
}
