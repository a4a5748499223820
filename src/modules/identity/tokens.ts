import { createHash, randomBytes } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { JwtConfig } from '../../config';
import type { Role } from './billing-user.entity';

/** An opaque random token with 256 bits of entropy, safe in URLs. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256 (they are random, so no salt or slow hash is needed). */
export function sha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
  sessionVersion: number;
  role: Role;
}

const ACCESS_TYPE = 'access';

export function signAccessToken(cfg: JwtConfig, claims: AccessClaims): { token: string; expiresAt: Date } {
  const token = jwt.sign({ typ: ACCESS_TYPE, sid: claims.sessionId, sv: claims.sessionVersion, role: claims.role }, cfg.signingKey, {
    algorithm: cfg.algorithm,
    issuer: cfg.issuer,
    audience: cfg.audience,
    subject: claims.userId,
    expiresIn: cfg.accessTokenTtlSeconds,
  });
  return { token, expiresAt: new Date(Date.now() + cfg.accessTokenTtlSeconds * 1000) };
}

/**
 * Verifies signature (one pinned algorithm), issuer, audience, expiry and the
 * token type. Returns null for anything that is not a valid access token.
 */
export function verifyAccessToken(cfg: JwtConfig, token: string): AccessClaims | null {
  let payload: string | JwtPayload;
  try {
    payload = jwt.verify(token, cfg.verifyKey, {
      algorithms: [cfg.algorithm],
      issuer: cfg.issuer,
      audience: cfg.audience,
      clockTolerance: 5,
    });
  } catch {
    return null;
  }
  if (
    typeof payload !== 'object' ||
    payload.typ !== ACCESS_TYPE ||
    typeof payload.sub !== 'string' ||
    typeof payload.sid !== 'string' ||
    typeof payload.sv !== 'number' ||
    typeof payload.exp !== 'number'
  )
    return null;
  return { userId: payload.sub, sessionId: payload.sid, sessionVersion: payload.sv, role: payload.role as Role };
}
