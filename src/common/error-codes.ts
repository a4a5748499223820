/**
 * The registry of error codes (`extensions.code`), in groups: the codes every
 * module raises and the request codes here, each module's own in its
 * `<module>.errors.ts`. A group is a `defineErrors({...})` constant that its
 * file adds to `ErrorGroups` (declaration merging), so `ErrorCode` is the
 * union of every group's codes while common/ imports nothing from modules.
 * AppError and StateMachine take an `ErrorCode`: a code outside the registry
 * does not compile. src/modules/error-codes.ts composes the full registry
 * (statuses for the HTTP routes; a test compares it with the README's table).
 */

/** What a code stands for. */
export interface ErrorDefinition {
  /** HTTP status of an answer that is this error alone: the file routes, a GraphQL request refused before it runs. */
  readonly status: number;
  /** When a client gets it, in one sentence for developers (the README's error table). */
  readonly meaning: string;
}

/** Declares a group of codes, keeping each code as its literal type. */
export function defineErrors<T extends Record<string, ErrorDefinition>>(errors: T): T {
  return errors;
}

/** The codes any module (and the HTTP layer) raises. */
export const COMMON_ERRORS = defineErrors({
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'no, invalid, expired or revoked access token; a refresh token that is unknown, used or revoked',
  },
  FORBIDDEN: { status: 403, meaning: 'logged in, but the role may not do this' },
  NOT_FOUND: {
    status: 404,
    meaning: "no such object — also for another account's objects, so nobody can probe what exists",
  },
  BAD_USER_INPUT: {
    status: 400,
    meaning: 'invalid arguments; `extensions.field` or `extensions.fields[]` name them',
  },
  CONFLICT: {
    status: 409,
    meaning: 'the change clashes with the current state (billing user ID taken, account already has a contact)',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    meaning:
      'the database does not answer (down, frozen, unreachable, pool exhausted, SQLite locked): retry after `extensions.retryAfterSeconds` (also sent as `Retry-After`); a refused mutation may still have been applied (its commit may have reached the database), so check before repeating one that is not idempotent',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    meaning:
      'anything unexpected; `extensions.requestId` matches the one server log line (with the stack) written for it; no stack or SQL is sent',
  },
});

/** Refusals of the request itself: graphql-js, Apollo, the query limits and the HTTP layer. */
export const REQUEST_ERRORS = defineErrors({
  GATEWAY_SIGNATURE_REQUIRED: {
    status: 403,
    meaning:
      'a subgraph was asked for `_entities` or `_service` without a valid signature of the gateway (`FEDERATION_SECRET`): only the gateway may ask',
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 503,
    meaning:
      'through the gateway: the subgraph that owns these fields did not answer; the rest of the response is there, retry for the missing fields',
  },
  BAD_REQUEST: {
    status: 400,
    meaning:
      'the request itself is malformed (invalid JSON, a body that does not match its `Content-Encoding`, a persisted-query hash that does not match); an unsupported encoding or charset is HTTP 415',
  },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is over `BODY_LIMIT`, or an uploaded document over 5 MB' },
  GRAPHQL_PARSE_FAILED: { status: 400, meaning: 'the document is not valid GraphQL syntax' },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    meaning: 'the document does not fit the schema (an unknown field or argument, a wrong type)',
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    meaning: 'the request does not say which operation of the document to run, or names one it does not hold',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    meaning: 'an automatic persisted query whose hash the server does not know yet: send the query with it',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    status: 200,
    meaning: "Apollo's answer when persisted queries are off; this server keeps them on, so it is not sent",
  },
  QUERY_TOO_DEEP: { status: 400, meaning: 'the document nests selections deeper than `GRAPHQL_MAX_DEPTH`' },
  TOO_MANY_ALIASES: { status: 400, meaning: 'the document has more aliases than `GRAPHQL_MAX_ALIASES`' },
  TOO_MANY_DIRECTIVES: { status: 400, meaning: 'the document has more directives than `GRAPHQL_MAX_DIRECTIVES`' },
  QUERY_TOO_LARGE: { status: 400, meaning: 'the document has more tokens than `GRAPHQL_MAX_TOKENS`' },
  QUERY_TOO_COSTLY: {
    status: 400,
    meaning:
      'the operation costs more than `GRAPHQL_MAX_COST`; `extensions.maxCost`, and `extensions.cost` once measured',
  },
  QUERY_TIMEOUT: { status: 503, meaning: 'a query ran past `GRAPHQL_TIMEOUT_MS`' },
  LINK_EXPIRED: { status: 403, meaning: 'a signed PDF link that is expired or altered' },
});

/** Every group of codes by name; each module adds its own (see the top of this file). */
export interface ErrorGroups {
  common: typeof COMMON_ERRORS;
  request: typeof REQUEST_ERRORS;
}

/** Every code of the registry. */
export type ErrorCode = { [G in keyof ErrorGroups]: keyof ErrorGroups[G] & string }[keyof ErrorGroups];
