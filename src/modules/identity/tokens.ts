import { createHash, randomBytes } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { JwtConfig, JwtVerifyKey } from '../../config';
import type { Role } from '../../common/roles';

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
  const token = jwt.sign(
    { typ: ACCESS_TYPE, sid: claims.sessionId, sv: claims.sessionVersion, role: claims.role },
    cfg.signingKey,
    {
      algorithm: cfg.algorithm,
      issuer: cfg.issuer,
      audience: cfg.audience,
      subject: claims.userId,
      expiresIn: cfg.accessTokenTtlSeconds,
      keyid: cfg.keyId,
    },
  );
  return { token, expiresAt: new Date(Date.now() + cfg.accessTokenTtlSeconds * 1000) };
}

/**
 * The key a token names in its header (`kid`): the current one, or the
 * previous one until the end of its overlap. A token without a key id was
 * issued before key ids existed and is checked with the current key.
 */
function keyFor(cfg: JwtConfig, token: string): JwtVerifyKey | null {
  const header = jwt.decode(token, { complete: true })?.header;
  if (!header) return null;
  if (header.kid === undefined || header.kid === cfg.keyId) return cfg;
  if (cfg.previous && header.kid === cfg.previous.keyId && Date.now() < cfg.previous.until.getTime())
    return cfg.previous;
  return null;
}

/**
 * Verifies signature (one pinned algorithm per key), issuer, audience, expiry and the
 * token type. Returns null for anything that is not a valid access token.
 */
export function verifyAccessToken(cfg: JwtConfig, token: string): AccessClaims | null {
  const key = keyFor(cfg, token);
  if (!key) return null;
  let payload: string | JwtPayload;
  try {
    payload = jwt.verify(token, key.verifyKey, {
      algorithms: [key.algorithm],
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
