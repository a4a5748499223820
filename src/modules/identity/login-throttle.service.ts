import { isIPv6 } from 'node:net';
import type { DataSource } from 'typeorm';
import type { AuthPolicyConfig } from '../../config';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError } from '../../common/errors';
import { forUpdate, inTransaction } from '../../common/transactions';
import { LoginThrottle } from './login-throttle.entity';

export class LoginThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', `Too many failed attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}

/** A counter: per billing user ID (consecutive failures) or per client address (failures within an hour). */
export interface ThrottleKey {
  key: string;
  threshold: number;
  /** Address counters forget failures older than an hour; user counters last until a success. */
  decays: boolean;
}

const ADDRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * The part of a client address that identifies one client: IPv4 as is, IPv6
 * by its /64 prefix (one customer network hands out a whole /64).
 */
export function addressBucket(address: string): string {
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array(Math.max(8 - h.length - t.length, 0)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Throttles logins per billing user ID and per client address. Each attempt
 * is counted as a failure *before* the password is checked, under a row lock,
 * so parallel guesses cannot all slip past the check; a success takes its
 * count back. From `threshold` failures on, each attempt locks the key for a
 * delay that doubles up to a maximum. Attempts refused while a key is locked
 * do not count, so an attacker cannot keep a user out longer than the delay.
 */
export class LoginThrottleService {
  constructor(
    private readonly ds: DataSource,
    private readonly policy: AuthPolicyConfig,
  ) {}

  keysFor(userIdKey: string, clientAddress: string): ThrottleKey[] {
    return [
      { key: `user:${userIdKey}`.slice(0, 300), threshold: this.policy.loginThrottleUserThreshold, decays: false },
      { key: `addr:${addressBucket(clientAddress)}`.slice(0, 300), threshold: this.policy.loginThrottleAddressThreshold, decays: true },
    ];
  }

  delaySeconds(failures: number, threshold: number): number {
    if (failures < threshold) return 0;
    const { loginThrottleBaseDelaySeconds: base, loginThrottleMaxDelaySeconds: max } = this.policy;
    return Math.min(base * 2 ** Math.min(failures - threshold, 30), max);
  }

  /** Counts an attempt; throws LOGIN_THROTTLED (counting nothing) while any key is locked. */
  async beginAttempt(keys: ThrottleKey[]): Promise<void> {
    try {
      await this.count(keys);
    } catch (err) {
      // Two processes inserted the first count for a key at once: count again on the row that won.
      if (!isUniqueViolation(err)) throw err;
      await this.count(keys);
    }
  }

  /** The attempt was right: the user's counter starts again, the address gets its count back. */
  async attemptSucceeded(keys: ThrottleKey[]): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const repo = tx.manager.getRepository(LoginThrottle);
      for (const k of this.ordered(keys)) {
        if (!k.decays) {
          await repo.delete({ key: k.key });
          continue;
        }
        const row = await repo.findOne({ where: { key: k.key }, ...forUpdate(tx) });
        if (!row) continue;
        const failures = Math.max(row.failures - 1, 0);
        await repo.update({ key: k.key }, { failures, lockedUntil: failures < k.threshold ? null : row.lockedUntil });
      }
    });
  }

  /** Forgets a user's failures (after a password reset). */
  async clear(userIdKey: string): Promise<void> {
    await inTransaction(this.ds, (tx) => tx.manager.delete(LoginThrottle, { key: `user:${userIdKey}`.slice(0, 300) }));
  }

  private async count(keys: ThrottleKey[]): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const repo = tx.manager.getRepository(LoginThrottle);
      const now = new Date();
      const ordered = this.ordered(keys);
      const rows = new Map<string, LoginThrottle | null>();
      for (const k of ordered) rows.set(k.key, await repo.findOne({ where: { key: k.key }, ...forUpdate(tx) }));
      const until = Math.max(0, ...[...rows.values()].map((r) => r?.lockedUntil?.getTime() ?? 0));
      if (until > now.getTime()) throw new LoginThrottledError(Math.ceil((until - now.getTime()) / 1000));
      for (const k of ordered) {
        const row = rows.get(k.key);
        const stale = k.decays && row && now.getTime() - row.updatedAt.getTime() > ADDRESS_WINDOW_MS;
        const failures = row && !stale ? row.failures + 1 : 1;
        const delay = this.delaySeconds(failures, k.threshold);
        const lockedUntil = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
        if (row) await repo.update({ key: k.key }, { failures, lockedUntil, updatedAt: now });
        else await repo.insert({ key: k.key, failures, lockedUntil, updatedAt: now });
      }
    });
  }

  /** Rows are always locked in the same order, so two attempts never deadlock. */
  private ordered(keys: ThrottleKey[]): ThrottleKey[] {
    return [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

}
