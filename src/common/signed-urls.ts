import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed links to a path (e.g. an invoice PDF), so a browser can
 * open them without the bearer token: `?expires=<unix seconds>&signature=<hmac>`.
 * The HMAC covers the path and the expiry; links cannot be widened or prolonged.
 */
export function signPath(key: Buffer, path: string, ttlSeconds: number, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  return `${path}?expires=${expires}&signature=${signature(key, path, expires)}`;
}

/** True when `signatureValue` signs `path` until `expires` and that time has not passed. */
export function verifySignedPath(
  key: Buffer,
  path: string,
  expires: unknown,
  signatureValue: unknown,
  now = Date.now(),
): boolean {
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signatureValue !== 'string') return false;
  if (Number(expires) * 1000 < now) return false;
  const expected = Buffer.from(signature(key, path, Number(expires)));
  const given = Buffer.from(signatureValue);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function signature(key: Buffer, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('base64url');
}
