import type { IncomingHttpHeaders } from 'node:http';
import { parse } from 'cookie';
import type { Response } from 'express';
import type { Config } from '../config';
import type { SessionCookie } from '../context';

/** The header by which a client (the portal) asks for its refresh token in a cookie instead of the answer. */
export const SESSION_TRANSPORT_HEADER = 'x-session-transport';
export const REFRESH_TOKEN_COOKIE = 'corp_billing_refresh';

/** Whether the request asks for the cookie transport (see SessionCookie in context.ts). */
export const wantsSessionCookie = (headers: IncomingHttpHeaders): boolean =>
  headers[SESSION_TRANSPORT_HEADER] === 'cookie';

/**
 * The request's refresh-token cookie, or undefined when it does not ask for
 * one: without the header the cookie is ignored, so a cross-site request that
 * carries it achieves nothing. HttpOnly (scripts never read it), SameSite
 * Strict, Secure outside development, and sent to /graphql only.
 */
export function sessionCookieOf(
  headers: IncomingHttpHeaders,
  res: Pick<Response, 'cookie' | 'clearCookie'>,
  config: Pick<Config, 'env'>,
): SessionCookie | undefined {
  if (!wantsSessionCookie(headers)) return undefined;
  const options = {
    httpOnly: true,
    secure: config.env !== 'development',
    sameSite: 'strict' as const,
    path: '/graphql',
  };
  const value = parse(headers.cookie ?? '')[REFRESH_TOKEN_COOKIE];
  return {
    refreshToken: value ? value : null,
    set: (refreshToken, expiresAt) =>
      res.cookie(REFRESH_TOKEN_COOKIE, refreshToken, { ...options, expires: expiresAt }),
    clear: () => res.clearCookie(REFRESH_TOKEN_COOKIE, options),
  };
}
