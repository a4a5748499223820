import type { Clock } from '../../src/common/clock';
import { today } from '../../src/common/dates';

const DAY_MS = 86_400_000;

/**
 * The in-process server's clock: the system time plus an offset a test sets,
 * so time keeps flowing (mail backoff, leases) while a test jumps ahead.
 * CLI processes a test starts keep the system clock.
 */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  today(): string {
    return today(this.now());
  }

  /** Moves time forward (or back, with a negative amount). */
  advance(by: { ms?: number; seconds?: number; hours?: number; days?: number }): this {
    this.offsetMs += (by.ms ?? 0) + (by.seconds ?? 0) * 1000 + (by.hours ?? 0) * 3_600_000 + (by.days ?? 0) * DAY_MS;
    return this;
  }

  /** Makes it `at` now; time flows on from there. */
  set(at: Date | string): this {
    this.offsetMs = new Date(at).getTime() - Date.now();
    return this;
  }

  /** Back to the system time. */
  reset(): this {
    this.offsetMs = 0;
    return this;
  }
}
