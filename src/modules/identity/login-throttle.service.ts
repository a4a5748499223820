import { In, type DataSource } from 'typeorm';
import type { AuthPolicyConfig } from '../../config';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError } from '../../common/errors';
import { inTransaction } from '../../common/transactions';
import { LoginThrottle } from './login-throttle.entity';

export class LoginThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', `Too many failed attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}

/** Failures older than this no longer count towards a client address's total. */
const ADDRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * Throttles failed logins per billing user ID and per client address. After
 * `threshold` consecutive failures each further failure locks the key for a
 * delay that doubles up to a maximum. Attempts made while a key is locked are
 * refused without counting, so an attacker cannot extend a user's lock-out
 * beyond the current delay; a successful login clears the user's counter.
 */
export class LoginThrottleService {
  constructor(
    private readonly ds: DataSource,
    private readonly policy: AuthPolicyConfig,
  ) {}

  static userKey(userIdKey: string): string {
    return `user:${userIdKey}`.slice(0, 300);
  }

  static addressKey(address: string): string {
    return `addr:${address}`.slice(0, 300);
  }

  /** Throws LOGIN_THROTTLED while any of the keys is locked. */
  async assertAllowed(keys: string[]): Promise<void> {
    const rows = await this.ds.getRepository(LoginThrottle).findBy({ key: In(keys) });
    const now = Date.now();
    const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
    if (until > now) throw new LoginThrottledError(Math.ceil((until - now) / 1000));
  }

  async recordFailure(userKey: string, addressKey: string): Promise<void> {
    await this.bump(userKey, this.policy.loginThrottleUserThreshold, false);
    await this.bump(addressKey, this.policy.loginThrottleAddressThreshold, true);
  }

  async recordSuccess(userKey: string): Promise<void> {
    await inTransaction(this.ds, (tx) => tx.manager.delete(LoginThrottle, { key: userKey }));
  }

  delaySeconds(failures: number, threshold: number): number {
    if (failures < threshold) return 0;
    const { loginThrottleBaseDelaySeconds: base, loginThrottleMaxDelaySeconds: max } = this.policy;
    return Math.min(base * 2 ** Math.min(failures - threshold, 30), max);
  }

  /** One more failure for `key`, counted under a row lock (MySQL) or the SQLite write queue. */
  private async bump(key: string, threshold: number, decays: boolean, retry = true): Promise<void> {
    const mysql = this.ds.options.type !== 'better-sqlite3';
    try {
      await inTransaction(this.ds, async (tx) => {
        const repo = tx.manager.getRepository(LoginThrottle);
        const now = new Date();
        const row = await repo.findOne({ where: { key }, ...(mysql ? { lock: { mode: 'pessimistic_write' } } : {}) });
        const stale = decays && row && now.getTime() - row.updatedAt.getTime() > ADDRESS_WINDOW_MS;
        const failures = row && !stale ? row.failures + 1 : 1;
        const delay = this.delaySeconds(failures, threshold);
        const lockedUntil = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
        if (row) await repo.update({ key }, { failures, lockedUntil, updatedAt: now });
        else await repo.insert({ key, failures, lockedUntil, updatedAt: now });
      });
    } catch (err) {
      // Two processes inserted the first failure at once: count again on the row that won.
      if (retry && isUniqueViolation(err)) return this.bump(key, threshold, decays, false);
      throw err;
    }
  }
}
