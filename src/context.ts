import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource } from 'typeorm';
import { databaseAvailability, isDatabaseUnavailable } from './common/db-availability';
import type { Role } from './common/roles';
import type { BillingUser } from './modules/identity';

/** The logged-in user behind a request, checked against the database for this request. */
export interface Principal {
  userId: string;
  role: Role;
  accountId: string | null;
  sessionId: string;
  user: BillingUser;
}

/**
 * Each module's per-request DataLoaders under the module's name
 * (`ctx.loaders.invoices.byId`). A module adds its own in its *.loaders.ts by
 * declaration merging; the composition root creates a namespace the first time
 * a request reads it, so a subgraph builds only the loaders its modules use.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/**
 * What the composition root (modules/services.ts) gives every request: how to
 * check a token, fresh loaders, and how to resolve a reference to an entity
 * another module owns. The context knows no module: this is how it reaches them.
 */
export interface RequestScope {
  ds: DataSource;
  timeoutMs: number;
  authenticate(token: string): Promise<Principal | null>;
  createLoaders(): Loaders;
  /**
   * The entity behind a reference (`{ id }` of a type another module owns),
   * through its owner's reference resolver when the owner runs in this process;
   * otherwise the reference itself, which the gateway completes from the owner's subgraph.
   */
  resolveReference(ctx: RequestContext, typeName: string, id: string): Promise<object | null>;
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
  /** See RequestScope.resolveReference. */
  resolveReference(typeName: string, id: string): Promise<object | null>;
  /** When a request's resolvers must stop (GRAPHQL_TIMEOUT_MS after it started); none for jobs. */
  deadline?: number;
  /** Set only by systemContext: jobs and the CLI act on every account. Requests never have it. */
  system?: true;
  /** The portal's refresh-token cookie, when the request asks for it (`X-Session-Transport: cookie`). */
  sessionCookie?: SessionCookie;
}

/**
 * A refresh token kept where the portal's scripts cannot read it: an
 * HttpOnly, SameSite=Strict cookie (http/session-cookie.ts). Only a request
 * that sends `X-Session-Transport: cookie` has one: a header a cross-site
 * form cannot send, and a cross-origin script only from CORS_ORIGINS.
 */
export interface SessionCookie {
  /** The refresh token the request's cookie holds, if any. */
  readonly refreshToken: string | null;
  /** Answers with the cookie set to `refreshToken`, until `expiresAt`. */
  set(refreshToken: string, expiresAt: Date): void;
  /** Answers with the cookie removed. */
  clear(): void;
}

/** A context for work that does not come from a request (CLI, jobs, fixtures). */
export function systemContext(services: { scope: RequestScope }, requestId = 'system'): RequestContext {
  const ctx: RequestContext = {
    requestId,
    principal: null,
    clientAddress: 'local',
    userAgent: null,
    loaders: services.scope.createLoaders(),
    resolveReference: (typeName, id) => services.scope.resolveReference(ctx, typeName, id),
    system: true,
  };
  return ctx;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** Per request: the principal from the JWT and fresh DataLoaders (never shared between requests). */
export async function createRequestContext(
  scope: RequestScope,
  req: { headers: IncomingHttpHeaders; ip?: string; socket: { remoteAddress?: string } },
  requestId: string,
): Promise<RequestContext> {
  const ctx: RequestContext = {
    requestId,
    principal: null,
    clientAddress: (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, ''),
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 255) : null,
    loaders: scope.createLoaders(),
    resolveReference: (typeName, id) => scope.resolveReference(ctx, typeName, id),
    deadline: Date.now() + scope.timeoutMs,
  };
  const token = bearerToken(req.headers);
  if (token !== undefined) {
    try {
      ctx.principal = token ? await scope.authenticate(token) : null;
    } catch (err) {
      // The token is checked against the database: when it does not answer, the request is refused as retryable (503).
      if (isDatabaseUnavailable(err)) throw databaseAvailability(scope.ds).refuse(err);
      throw err;
    }
    if (!ctx.principal) ctx.authFailure = 'Your access token is invalid or has expired';
  }
  return ctx;
}
