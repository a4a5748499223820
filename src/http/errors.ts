import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ErrorCode } from '../common/error-codes';
import { AppError, PASS_THROUGH_CODES } from '../common/errors';
import { isDatabaseUnavailable, serviceUnavailableBody } from '../common/db-availability';
import type { Logger } from '../common/logger';

const requestIds = new WeakMap<object, string>();

/**
 * Ties an error to the request it happened in. Apollo calls the formatter
 * with the error alone; the operation-log plugin (didEncounterErrors, which
 * runs before formatting) and the context function tag what they see.
 */
export function tagWithRequestId(error: unknown, requestId: string): void {
  if (typeof error === 'object' && error !== null) requestIds.set(error, requestId);
}

const taggedRequestId = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? requestIds.get(error) : undefined;

/**
 * What a client sees of an error. Our own errors and GraphQL's request errors
 * keep their message and code; validation errors list the offending fields;
 * anything else is logged in full and reaches the client as
 * INTERNAL_SERVER_ERROR with the request id only: no stack, no SQL.
 */
export function createErrorFormatter(log: Logger) {
  const format = formatWith(log);
  // The formatter itself must never fail: Apollo would answer without a request id and log nothing.
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      return format(formatted, error);
    } catch (err) {
      return internalError(log, formatted, err, taggedRequestId(error));
    }
  };
}

function internalError(
  log: Logger,
  formatted: GraphQLFormattedError,
  err: unknown,
  requestId: string | undefined,
): GraphQLFormattedError {
  log.error({ err, requestId, path: formatted.path }, 'unexpected error');
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

function formatWith(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (isDatabaseUnavailable(original)) {
      // Down, frozen or unreachable: a retryable refusal (HTTP 503, db-unavailable.ts), logged once per outage.
      return { ...base, ...serviceUnavailableBody() };
    }
    if (original instanceof ArgumentValidationError && !Array.isArray(original.extensions.validationErrors)) {
      // A validator threw instead of answering (e.g. on text it cannot parse): the input is refused, not the server.
      log.warn({ err: original.extensions.validationErrors, path: formatted.path }, 'a validator threw');
      return {
        ...base,
        message: 'Invalid input: a value could not be validated',
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = flattenValidation(original.extensions.validationErrors);
      return {
        ...base,
        message: `Invalid input: ${fields.map((f) => f.message).join('; ')}`,
        extensions: { code: 'BAD_USER_INPUT', fields },
      };
    }
    if (original instanceof AppError) {
      return { ...base, extensions: { ...original.extensions } };
    }
    const code = formatted.extensions?.code;
    const limit = LIMIT_CODES.find(([pattern]) => pattern.test(formatted.message));
    if (
      original instanceof GraphQLError &&
      limit &&
      (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED')
    ) {
      return { ...base, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: limit[1] } };
    }
    if (original instanceof GraphQLError && typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    const requestCode = requestErrorCode(original, code);
    if (requestCode) return { ...base, extensions: { code: requestCode } };
    return internalError(log, formatted, original, taggedRequestId(error) ?? taggedRequestId(original));
  };
}

/**
 * Errors about the request itself, raised before any resolver runs (graphql-js
 * variable coercion past its error limit, Apollo's persisted-query checks): a
 * GraphQLError with no code, no path and no underlying exception. The client
 * sent something wrong, so they are client errors, not internal ones.
 */
function requestErrorCode(error: unknown, code: unknown): ErrorCode | undefined {
  if (!(error instanceof GraphQLError) || error.path || error.originalError) return undefined;
  if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return undefined;
  return REQUEST_ERRORS.find(([pattern]) => pattern.test(error.message))?.[1];
}

/** The request errors of graphql-js and Apollo that carry no code; any other uncoded error stays internal (and logged). */
const REQUEST_ERRORS: Array<[RegExp, ErrorCode]> = [
  [/^Too many errors processing variables/, 'BAD_USER_INPUT'],
  [/^provided sha does not match query$/, 'BAD_REQUEST'],
  [/^Unsupported persisted query version$/, 'BAD_REQUEST'],
];

/** The query limits' refusals (graphql-armor messages), each with its own code. */
const LIMIT_CODES: Array<[RegExp, ErrorCode]> = [
  [/Query depth limit of \d+ exceeded/, 'QUERY_TOO_DEEP'],
  [/Aliases limit of \d+ exceeded/, 'TOO_MANY_ALIASES'],
  [/Directives limit of \d+ exceeded/, 'TOO_MANY_DIRECTIVES'],
  [/Document contains more tha[nt] \d+ tokens/, 'QUERY_TOO_LARGE'], // graphql-js spells it "more that"
];

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flattenValidation(errors: ValidationErrorLike[], prefix = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(e.children ?? [], field)];
  });
}
