import {
  ApolloClient,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  type DocumentNode,
  type TypedDocumentNode,
} from '@apollo/client';
import { print, type GraphQLFormattedError } from 'graphql';

export interface GqlResult<T = any> {
  /**
   * Typed as the operation's result when it succeeded; null or missing when it
   * failed (the tests assert on `errors` first, and a wrong guess fails them).
   */
  data: T;
  errors: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

type Variables = Record<string, unknown>;

/** The first error's extensions.code, or undefined when the call succeeded. */
export const codeOf = (r: GqlResult) => r.errors[0]?.extensions?.code as string | undefined;

/**
 * A real GraphQL client (@apollo/client) for one principal. Errors come back
 * as data (errorPolicy 'all'), so tests can assert on codes and on data alike.
 */
export class TestClient {
  private token?: string;
  private readonly apollo: ApolloClient;

  constructor(
    readonly url: string,
    token?: string,
  ) {
    this.token = token;
    this.apollo = new ApolloClient({
      link: new HttpLink({
        uri: `${url}/graphql`,
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          if (this.token) headers.set('authorization', `Bearer ${this.token}`);
          return fetch(input, { ...init, headers });
        },
      }),
      cache: new InMemoryCache(),
    });
  }

  /** The whole HTTP response body, extensions included (Apollo Client drops query extensions). */
  async raw(query: DocumentNode | string, variables?: Record<string, unknown>): Promise<{ status: number; json: any }> {
    const text = typeof query === 'string' ? query : print(query);
    return postJson(this.url, { query: text, variables }, this.token ? { authorization: `Bearer ${this.token}` } : {});
  }

  setToken(token: string | undefined): void {
    this.token = token;
  }

  /**
   * A `graphql(...)` document types the result and the variables; a plain
   * `gql` document (the inline operations of a test) leaves them untyped.
   */
  async query<T = any, V extends Variables = Variables>(
    query: TypedDocumentNode<T, V> | DocumentNode,
    variables?: NoInfer<V>,
  ): Promise<GqlResult<T>> {
    // Apollo Client itself needs no types here: the result is typed on the way out.
    const [document, vars]: [DocumentNode, Variables | undefined] = [query, variables];
    const r = await this.apollo.query({
      query: document,
      variables: vars,
      fetchPolicy: 'no-cache',
      errorPolicy: 'all',
    });
    return {
      data: withoutTypename(r.data) as T,
      errors: errorsOf(r.error),
      extensions: (r as { extensions?: Record<string, unknown> }).extensions,
    };
  }

  async mutate<T = any, V extends Variables = Variables>(
    mutation: TypedDocumentNode<T, V> | DocumentNode,
    variables?: NoInfer<V>,
  ): Promise<GqlResult<T>> {
    const [document, vars]: [DocumentNode, Variables | undefined] = [mutation, variables];
    const r = await this.apollo.mutate({
      mutation: document,
      variables: vars,
      fetchPolicy: 'no-cache',
      errorPolicy: 'all',
    });
    return { data: withoutTypename(r.data) as T, errors: errorsOf(r.error), extensions: r.extensions };
  }
}

/** Apollo Client adds __typename to every object; tests compare what the API answered. */
function withoutTypename<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutTypename) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [k, withoutTypename(v)]),
    ) as T;
  }
  return value;
}

function errorsOf(error: unknown): GraphQLFormattedError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) return [...error.errors];
  return [{ message: (error as Error).message, extensions: { code: 'CLIENT_ERROR' } }];
}

/** Plain HTTP, for tests about HTTP itself. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}
