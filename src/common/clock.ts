import { today } from './dates';

/**
 * The time that time-dependent rules (quote and token expiry, the mail
 * outbox's next attempt, the renewal and reminder jobs) compare with. The
 * composition root passes one to the services, so tests can move time
 * without editing rows.
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
