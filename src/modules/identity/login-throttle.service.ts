import { isIPv6 } from 'node:net';
import type { DataSource } from 'typeorm';
import type { AuthPolicyConfig } from '../../config';
import { AppError } from '../../common/errors';
import { forUpdate, inTransaction } from '../../common/transactions';
import { LoginThrottle } from './login-throttle.entity';

export class LoginThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', `Too many failed attempts; try again in ${retryAfterSeconds} seconds`, {
      retryAfterSeconds,
    });
  }
}

/** A counter: per billing user ID (consecutive failures) or per client address (failures within an hour). */
export interface ThrottleKey {
  key: string;
  threshold: number;
  /** Address counters forget failures older than an hour; user counters last until a success. */
  decays: boolean;
}

interface CounterState {
  failures: number;
  lockedUntil: Date | null;
  updatedAt: Date;
}

/** What one attempt counted, so a success can take exactly that back. */
export interface ThrottleAttempt {
  keys: ThrottleKey[];
  counted: Map<string, { before: CounterState; wrote: { lockedUntil: Date | null; updatedAt: Date } }>;
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
  const groups = address.includes('::')
    ? [...h, ...Array<string>(Math.max(8 - h.length - t.length, 0)).fill('0'), ...t]
    : h;
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
      {
        key: `addr:${addressBucket(clientAddress)}`.slice(0, 300),
        threshold: this.policy.loginThrottleAddressThreshold,
        decays: true,
      },
    ];
  }

  delaySeconds(failures: number, threshold: number): number {
    if (failures < threshold) return 0;
    const { loginThrottleBaseDelaySeconds: base, loginThrottleMaxDelaySeconds: max } = this.policy;
    return Math.min(base * 2 ** Math.min(failures - threshold, 30), max);
  }

  /**
   * Counts an attempt; throws LOGIN_THROTTLED (counting nothing) while any key
   * is locked. The returned attempt is handed to `attemptSucceeded`.
   */
  async beginAttempt(keys: ThrottleKey[]): Promise<ThrottleAttempt> {
    await this.ensureRows(keys);
    return inTransaction(this.ds, async (tx) => {
      const repo = tx.manager.getRepository(LoginThrottle);
      const now = new Date();
      const ordered = this.ordered(keys);
      // The rows exist, so these are plain record locks: no gap locks, no deadlocks between attempts.
      const rows = new Map<string, LoginThrottle>();
      for (const k of ordered) rows.set(k.key, await repo.findOneOrFail({ where: { key: k.key }, ...forUpdate(tx) }));
      const until = Math.max(0, ...[...rows.values()].map((r) => r.lockedUntil?.getTime() ?? 0));
      if (until > now.getTime()) throw new LoginThrottledError(Math.ceil((until - now.getTime()) / 1000));
      const attempt: ThrottleAttempt = { keys: ordered, counted: new Map() };
      for (const k of ordered) {
        const row = rows.get(k.key)!;
        const stale = k.decays && now.getTime() - row.updatedAt.getTime() > ADDRESS_WINDOW_MS;
        const failures = (stale ? 0 : row.failures) + 1;
        const delay = this.delaySeconds(failures, k.threshold);
        const lockedUntil = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
        await repo.update({ key: k.key }, { failures, lockedUntil, updatedAt: now });
        attempt.counted.set(k.key, {
          before: { failures: stale ? 0 : row.failures, lockedUntil: row.lockedUntil, updatedAt: row.updatedAt },
          wrote: { lockedUntil, updatedAt: now },
        });
      }
      return attempt;
    });
  }

  /**
   * The attempt was right: the user's counter starts again; the address gets
   * its count back, and the lock and time this attempt wrote are undone unless
   * another attempt has written since.
   */
  async attemptSucceeded(attempt: ThrottleAttempt): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const repo = tx.manager.getRepository(LoginThrottle);
      for (const k of attempt.keys) {
        if (!k.decays) {
          await repo.update({ key: k.key }, { failures: 0, lockedUntil: null });
          continue;
        }
        const row = await repo.findOne({ where: { key: k.key }, ...forUpdate(tx) });
        const counted = attempt.counted.get(k.key);
        if (!row || !counted) continue;
        const untouched = row.updatedAt.getTime() === counted.wrote.updatedAt.getTime();
        await repo.update({ key: k.key }, untouched ? counted.before : { failures: Math.max(row.failures - 1, 0) });
      }
    });
  }

  /** Forgets a user's failures (after a password reset). */
  async clear(userIdKey: string): Promise<void> {
    await inTransaction(this.ds, (tx) =>
      tx.manager.update(LoginThrottle, { key: `user:${userIdKey}`.slice(0, 300) }, { failures: 0, lockedUntil: null }),
    );
  }

  /** Creates missing counter rows (INSERT IGNORE / INSERT OR IGNORE), each in its own short statement. */
  private async ensureRows(keys: ThrottleKey[]): Promise<void> {
    const epoch = new Date(0);
    await inTransaction(this.ds, (tx) =>
      tx.manager
        .createQueryBuilder()
        .insert()
        .into(LoginThrottle)
        .values(this.ordered(keys).map((k) => ({ key: k.key, failures: 0, lockedUntil: null, updatedAt: epoch })))
        .orIgnore()
        .execute(),
    );
  }

  /** Rows are always locked in the same order, so two attempts never deadlock. */
  private ordered(keys: ThrottleKey[]): ThrottleKey[] {
    return [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
