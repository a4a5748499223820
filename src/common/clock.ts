import { today } from './dates';

/**
 * The time that time-dependent rules compare with: quote dates, expiry and
 * numbering; invoice issue dates and overdue; purchase-order status; reset
 * and invitation links and the hourly reset limit; the mail outbox's leases,
 * retries and sent times; the renewal, expiry and reminder jobs. The
 * composition root passes one to the services, so tests can move time
 * without editing rows. Sessions, access tokens (their `exp` is checked by
 * jsonwebtoken against the system time) and the login throttle stay on the
 * system clock.
 */
export interface Clock {
  now(): Date;
  /** The calendar date of `now()` ('YYYY-MM-DD', UTC). */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => today(),
};
