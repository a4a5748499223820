import { ERROR_CODES } from '../../src/modules/error-codes';

/**
 * The exit codes, stable for scripts (the README's "Command line" section
 * lists them). A GraphQL error maps by the HTTP status its code stands for
 * in the service's error registry.
 */
export const EXIT = {
  OK: 0,
  /** Anything unexpected. */
  ERROR: 1,
  /** Wrong command, option or argument; a destructive command without --yes when nobody can be asked. */
  USAGE: 2,
  /** No session, or it expired and cannot be renewed: log in again. */
  NOT_AUTHENTICATED: 3,
  /** Logged in, but the role may not do this. */
  FORBIDDEN: 4,
  NOT_FOUND: 5,
  /** The change clashes with the current state (a quote already sent, an invoice already paid). */
  CONFLICT: 6,
  /** The service refused the input (or a file given with --file). */
  BAD_INPUT: 7,
  /** The service did not answer, is unavailable or asks to slow down: try again later. */
  UNAVAILABLE: 8,
  /** The user answered "no" to a confirmation. */
  CANCELLED: 9,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports on one line (`code: message`) and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: string | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401) return EXIT.NOT_AUTHENTICATED;
  if (status === 403) return EXIT.FORBIDDEN;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409) return EXIT.CONFLICT;
  if (status === 429 || status === 502 || status === 503 || status === 504) return EXIT.UNAVAILABLE;
  if (status >= 400 && status < 500) return EXIT.BAD_INPUT;
  return EXIT.ERROR;
}

/** The exit code for a GraphQL error code of the service's registry (an unknown code is an error). */
export function exitCodeFor(code: string | null | undefined): ExitCode {
  const known = code ? (ERROR_CODES as Record<string, { status: number } | undefined>)[code] : undefined;
  return known ? exitCodeForStatus(known.status) : EXIT.ERROR;
}
