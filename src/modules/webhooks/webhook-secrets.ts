import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A new event id, the `webhook-id` header: `msg_` and 32 hex digits. */
export function newMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

const SEALED = 'v1.';

/** The secret encrypted with AES-256-GCM under `key`: `v1.` and base64url of nonce, tag and ciphertext. */
export function sealSecret(key: Buffer, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return SEALED + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** The secret `sealSecret` sealed; throws when the key is not the one it was sealed with. */
export function openSecret(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(SEALED)) throw new Error('unknown sealed-secret format');
  const raw = Buffer.from(sealed.slice(SEALED.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** The headers of one attempt (Standard Webhooks): one `v1,<base64>` signature per secret, separated by spaces. */
export function signedHeaders(
  messageId: string,
  at: Date,
  payload: string,
  secrets: readonly string[],
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  // The timestamp is whole seconds: sign the time the header says, not a millisecond later.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, payload)).join(' '),
  };
}
