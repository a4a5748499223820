import type { IncomingHttpHeaders } from 'node:http';
import { databaseAvailability, isDatabaseUnavailable } from './common/db-availability';
import { BadUserInputError } from './common/errors';
import { type BillingUser } from './modules/identity/billing-user.entity';
import { Role } from './common/roles';
import { createLoaders, type Loaders, type Services } from './modules/services';

/** The logged-in user behind a request, checked against the database for this request. */
export interface Principal {
  userId: string;
  role: Role;
  accountId: string | null;
  sessionId: string;
  user: BillingUser;
}

/** Everything a resolver or service needs to know about the request it serves. */
export interface RequestContext {
  requestId: string;
  principal: Principal | null;
  /** Why a presented access token was not accepted (shown with UNAUTHENTICATED). */
  authFailure?: string;
  clientAddress: string;
  userAgent: string | null;
  loaders: Loaders;
  /** When a request's resolvers must stop (GRAPHQL_TIMEOUT_MS after it started); none for jobs. */
  deadline?: number;
  /** Set only by systemContext: jobs and the CLI act on every account. Requests never have it. */
  system?: true;
}

/** A context for work that does not come from a request (CLI, jobs, fixtures). */
export function systemContext(services: Services, requestId = 'system'): RequestContext {
  return {
    requestId,
    principal: null,
    clientAddress: 'local',
    userAgent: null,
    loaders: createLoaders(services),
    system: true,
  };
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** Per request: the principal from the JWT and fresh DataLoaders (never shared between requests). */
export async function createRequestContext(
  services: Services,
  req: { headers: IncomingHttpHeaders; ip?: string; socket: { remoteAddress?: string } },
  requestId: string,
): Promise<RequestContext> {
  const ctx: RequestContext = {
    requestId,
    principal: null,
    clientAddress: (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, ''),
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 255) : null,
    loaders: createLoaders(services),
    deadline: Date.now() + services.config.graphql.timeoutMs,
  };
  const token = bearerToken(req.headers);
  if (token !== undefined) {
    try {
      ctx.principal = token ? await services.identity.authenticate(token) : null;
    } catch (err) {
      // The token is checked against the database: when it does not answer, the request is refused as retryable (503).
      if (isDatabaseUnavailable(err)) throw databaseAvailability(services.ds).refuse(err);
      throw err;
    }
    if (!ctx.principal) ctx.authFailure = 'Your access token is invalid or has expired';
  }
  return ctx;
}

/**
 * The account an operation is about: the id staff pass, or, when none is
 * given, the billing contact's own account.
 */
export function targetAccountId(ctx: RequestContext, id: string | null | undefined): string {
  if (id) return id;
  if (ctx.principal?.role === Role.BILLING_CONTACT && ctx.principal.accountId) return ctx.principal.accountId;
  throw new BadUserInputError('accountId is required', 'accountId');
}
