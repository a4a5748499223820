import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../../src/common/events';
import { refusedAddress } from '../../src/modules/webhooks/outbound';
import { EVENT_CATALOGUE } from '../../src/modules/webhooks/webhook-events';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryDelayMs } from '../../src/modules/webhooks/webhook-dispatcher';
import { newSigningSecret, openSecret, sealSecret, signedHeaders } from '../../src/modules/webhooks/webhook-secrets';
import { retryAfterMs } from '../../src/modules/webhooks/webhook-sender';

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

describe('the event catalogue', () => {
  it('documents every event type in the README, and nothing else', () => {
    const section = README.slice(README.indexOf('### Event catalogue'), README.indexOf('### Verifying a delivery'));
    const listed = [...section.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \| (.+) \|$/gm)];
    expect(listed.map((m) => m[1])).toEqual([...EVENT_TYPES]);
    for (const [type, when] of listed.map((m) => [m[1], m[2]])) expect(when).toBe(EVENT_CATALOGUE[type as never]);
  });
});

describe('retries', () => {
  it('wait 30 s to 8 h, each step within 20% either way, ten attempts over about a day', () => {
    expect(MAX_ATTEMPTS).toBe(10);
    RETRY_DELAYS_SECONDS.forEach((step, i) => {
      expect(retryDelayMs(i + 1, () => 0)).toBe(step * 800);
      expect(retryDelayMs(i + 1, () => 1)).toBe(step * 1200);
      expect(retryDelayMs(i + 1, () => 0.5)).toBe(step * 1000);
    });
    const total = RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0) / 3600;
    expect(total).toBeGreaterThan(20);
    expect(total).toBeLessThan(30);
  });

  it('take Retry-After in seconds or as a date, at most a day, and ignore what is not one', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 10:05:00 GMT', now)).toBe(300_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(24 * 3600_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('outbound addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::a9fe:a9fe', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s) by default', (address, range) => {
    expect(refusedAddress(address, false)).toContain(range);
  });

  it('lets public addresses through, and private ones only when allowed (never unspecified or multicast)', () => {
    expect(refusedAddress('93.184.215.14', false)).toBeNull();
    expect(refusedAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c', false)).toBeNull();
    for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1'])
      expect(refusedAddress(address, true)).toBeNull();
    for (const address of ['0.0.0.0', '224.0.0.1', '255.255.255.255'])
      expect(refusedAddress(address, true)).not.toBeNull();
  });
});

describe('signing secrets', () => {
  it('are sealed with the key and open only with it', () => {
    const key = Buffer.alloc(32, 7);
    const secret = newSigningSecret();
    const sealed = sealSecret(key, secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(key, sealed)).toBe(secret);
    expect(() => openSecret(Buffer.alloc(32, 8), sealed)).toThrow();
  });

  it('sign so that the standardwebhooks library verifies with each secret', () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    const body = '{"type":"invoice.paid"}';
    const headers = signedHeaders('msg_1', new Date(), body, [a, b]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [a, b]) expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'invoice.paid' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
  });
});
