import { defineErrors } from '../../common/error-codes';

/** The subscriptions module's error codes (see common/error-codes.ts); quotes raise SEATS_BELOW_ZERO too. */
export const SUBSCRIPTION_ERRORS = defineErrors({
  SEATS_BELOW_ZERO: { status: 409, meaning: 'a seat change would leave a product with fewer than zero seats' },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    subscriptions: typeof SUBSCRIPTION_ERRORS;
  }
}
