import argon2 from 'argon2';
import { AppError } from '../../common/errors';
import commonPasswordList from './common-passwords.json';

/** OWASP's Argon2id parameters: 19 MiB, 2 iterations, parallelism 1. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The most common passwords (zxcvbn-ts's list, MIT licence), lower-cased.
 * Shipped with the project so the check works offline.
 */
const commonPasswords = new Set<string>(commonPasswordList);

export class WeakPasswordError extends AppError {
  constructor(message: string) {
    super('WEAK_PASSWORD', message, { field: 'newPassword' });
  }
}

/**
 * NIST SP 800-63B style policy: length 12 to 128, not a common password (nor
 * a common word with digits or symbols stuck on the end), no composition rules.
 */
export function checkPasswordPolicy(password: string, userIdentifiers: string[] = []): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    throw new WeakPasswordError(`Password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH)
    throw new WeakPasswordError(`Password must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const folded = password.normalize('NFKC').toLowerCase();
  const base = folded.replace(/[\d\W_]+$/u, '');
  if (commonPasswords.has(folded) || (base.length >= 4 && commonPasswords.has(base)) || /^(.)\1+$/u.test(folded))
    throw new WeakPasswordError('This password is too common; choose a longer passphrase');
  for (const id of userIdentifiers) {
    const f = id.normalize('NFKC').toLowerCase();
    if (f.length >= 4 && folded.includes(f))
      throw new WeakPasswordError('Password must not contain your user ID or e-mail');
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a fixed hash of a random password, so a login for an
 * unknown or inactive user costs the same time as one with a wrong password.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  await verifyPassword(await dummyHash, password);
}
