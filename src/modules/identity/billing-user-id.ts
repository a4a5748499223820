import { BadUserInputError } from '../../common/errors';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Folds a billing user ID for look-up: trimmed, NFKC, lower case. */
export function userIdKey(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** Checks a new billing user ID: a username or an e-mail address. Returns it trimmed. */
export function validBillingUserId(raw: string): string {
  const trimmed = raw.normalize('NFKC').trim();
  const key = trimmed.toLowerCase();
  if (!USERNAME.test(key) && !(key.length <= 254 && EMAIL.test(key)))
    throw new BadUserInputError(
      'billingUserId must be a username (3 to 64 of a-z, 0-9, dot, underscore, dash) or an e-mail address',
      'billingUserId',
    );
  return trimmed;
}
