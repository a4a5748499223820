import type { DataSource } from 'typeorm';
import { AppError } from './errors';
import type { Logger } from './logger';

/** What a refused client is told to wait before trying again (the `Retry-After` header, in seconds). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Error codes that mean "the database did not answer", not "the request was
 * wrong" or "the code is wrong": mysql2's lost connections and statement
 * timeouts, our pool's acquire timeout (data-source.ts), a server that is
 * shutting down or full, and SQLite's busy file (another process held its
 * lock past the busy timeout). Refused, reset and timed-out connections are
 * mysql2 errors marked `fatal` (see below); bare network codes are not
 * listed, so a failing mail server or other dependency is never taken for
 * the database.
 */
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'POOL_ACQUIRE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_BUSY_RECOVERY',
]);

/** mysql2's messages for a pool or connection that can no longer be used; these carry no code. */
const UNAVAILABLE_MESSAGES = [
  /^Pool is closed\.?$/,
  /^Can't add new command when connection is in closed state$/,
  /^Can't write in closed state$/,
  /^Connection lost/,
];

/**
 * The error itself, then what it wraps: TypeORM's `driverError`, GraphQL's
 * `originalError`, graphql-js's `thrownValue` (NonErrorThrown: a thrown value
 * that is not an Error of this realm, as Node's own errors are under jest), `cause`.
 */
function* chain(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current = err;
  while (current && typeof current === 'object' && !seen.has(current) && seen.size < 5) {
    seen.add(current);
    const e = current as Record<string, unknown>;
    yield e;
    current = e.driverError ?? e.originalError ?? e.thrownValue ?? e.cause;
  }
}

/**
 * True when `err` (or what it wraps) says the database is unavailable: down,
 * frozen, unreachable, overloaded. Such a request is refused with a
 * retryable SERVICE_UNAVAILABLE (HTTP 503 with Retry-After) instead of an
 * internal error, and logged once per outage instead of once per request.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (e instanceof ServiceUnavailableError) return true;
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    // mysql2 marks an error fatal when the connection it happened on is gone (refused, reset, timed out, closed).
    if (e.fatal === true) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true;
  }
  return false;
}

/** The driver's code and message of an unavailability error, for the log (never SQL or parameters). */
function describe(err: unknown): { code?: string; message?: string } {
  let found: { code?: string; message?: string } = {};
  for (const e of chain(err)) {
    if (e instanceof ServiceUnavailableError) continue;
    found = {
      code: typeof e.code === 'string' ? e.code : found.code,
      message: typeof e.message === 'string' ? e.message : found.message,
    };
  }
  return found;
}

/**
 * A request refused because the database is unavailable. The `http`
 * extension is how Apollo sets the status and headers of an error thrown
 * while creating the request context; the error formatter never sends it.
 */
export class ServiceUnavailableError extends AppError {
  constructor(message = SERVICE_UNAVAILABLE_MESSAGE) {
    super('SERVICE_UNAVAILABLE', message, {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    });
  }
}

export const SERVICE_UNAVAILABLE_MESSAGE =
  'The service is briefly unavailable: its database does not answer. Try again in a few seconds.';

/** What clients see of a refusal: the code and when to retry, nothing of the cause. */
export function serviceUnavailableBody(): {
  message: string;
  extensions: { code: 'SERVICE_UNAVAILABLE'; retryAfterSeconds: number };
} {
  return {
    message: SERVICE_UNAVAILABLE_MESSAGE,
    extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
  };
}

/**
 * An outage lasts while failures keep coming; it ends at the first answer
 * after this long without a failure (so an overloaded pool that refuses some
 * requests and serves others is one outage, not a warn/info pair per second).
 */
const QUIET_MS = 1000;

/**
 * Keeps the log to one line when the database becomes unavailable (warn,
 * with the cause) and one when it answers again (info, with how many
 * requests were refused and how long it lasted), whatever the number of
 * requests in between.
 */
export class DatabaseAvailability {
  private outage: { since: number; lastFailure: number; refused: number } | null = null;

  constructor(private readonly log?: Logger) {}

  get unavailable(): boolean {
    return this.outage !== null;
  }

  /** The database did not answer (a readiness probe, a job, a request): opens an outage if none is open. */
  failed(cause: unknown): void {
    const now = Date.now();
    if (this.outage) {
      this.outage.lastFailure = now;
      return;
    }
    this.outage = { since: now, lastFailure: now, refused: 0 };
    this.log?.warn(
      { cause: describe(cause) },
      'database unavailable: requests are refused with 503 until it answers again',
    );
  }

  /** A request was refused because of `cause`. */
  refused(cause: unknown): void {
    this.failed(cause);
    this.outage!.refused += 1;
  }

  /** Counts the refusal and returns the error to throw for it. */
  refuse(cause: unknown): ServiceUnavailableError {
    this.refused(cause);
    return new ServiceUnavailableError();
  }

  /** The database answered a statement. */
  answered(): void {
    const outage = this.outage;
    if (!outage) return;
    const now = Date.now();
    if (now - outage.lastFailure < QUIET_MS) return;
    this.outage = null;
    this.log?.info({ refusedRequests: outage.refused, outageMs: now - outage.since }, 'database available again');
  }
}

const registry = new WeakMap<DataSource, DatabaseAvailability>();

/** Registers the availability tracker of a DataSource (createDataSource does, with the app's logger). */
export function trackDatabaseAvailability(ds: DataSource, log?: Logger): DatabaseAvailability {
  const tracker = new DatabaseAvailability(log);
  registry.set(ds, tracker);
  return tracker;
}

/** The availability tracker of a DataSource (a silent one for a DataSource made elsewhere). */
export function databaseAvailability(ds: DataSource): DatabaseAvailability {
  let tracker = registry.get(ds);
  if (!tracker) {
    tracker = new DatabaseAvailability();
    registry.set(ds, tracker);
  }
  return tracker;
}

/**
 * Logs a failure of work done outside a request (the mail dispatcher, the
 * job schedule, background identity tasks): an unavailable database counts
 * toward the outage, which is logged once; anything else is an error with
 * its stack.
 */
export function logBackgroundFailure(ds: DataSource, log: Logger, err: unknown, message: string): void {
  if (isDatabaseUnavailable(err)) databaseAvailability(ds).failed(err);
  else log.error({ err }, message);
}
