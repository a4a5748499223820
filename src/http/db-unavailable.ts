import type { ApolloServerPlugin } from '@apollo/server';
import type { Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import {
  databaseAvailability,
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  ServiceUnavailableError,
  serviceUnavailableBody,
} from '../common/db-availability';
import type { RequestContext } from '../context';

/**
 * A GraphQL response with a SERVICE_UNAVAILABLE error (the error formatter
 * gives that code to database-unavailable errors) is sent as HTTP 503 with
 * Retry-After, and counted as one refused request of the outage. (A failure
 * while creating the context is a ServiceUnavailableError, whose `http`
 * extension gives Apollo the same status and header.)
 */
export function serviceUnavailablePlugin(ds: DataSource): ApolloServerPlugin<RequestContext> {
  const availability = databaseAvailability(ds);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          if (response.body.kind !== 'single') return;
          if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          availability.refused(errors?.find((e) => isDatabaseUnavailable(e)));
        },
      };
    },
  };
}

/**
 * Express routes (file downloads, the HTTP error handler): when `err` says
 * the database is unavailable, answers 503 with Retry-After and returns true.
 */
export function answerIfDatabaseUnavailable(ds: DataSource, err: unknown, res: Response): boolean {
  if (!isDatabaseUnavailable(err)) return false;
  // A ServiceUnavailableError was counted where it was made (the request context).
  if (!(err instanceof ServiceUnavailableError)) databaseAvailability(ds).refused(err);
  if (!res.headersSent)
    res
      .status(503)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({ errors: [serviceUnavailableBody()] });
  return true;
}

/**
 * pino-http logs a 5xx response with a made-up error and its stack; a 503 is
 * a refusal during an outage (logged once for the whole outage), so its
 * request line carries no error.
 */
export function refusalLogObject(
  _req: IncomingMessage,
  res: ServerResponse,
  _err: Error,
  value: Record<string, unknown>,
): Record<string, unknown> {
  if (res.statusCode !== 503) return value;
  const { err: _ignored, ...rest } = value;
  return rest;
}
