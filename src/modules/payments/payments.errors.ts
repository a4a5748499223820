import { defineErrors } from '../../common/error-codes';

/** The payments module's error codes (see common/error-codes.ts). */
export const PAYMENT_ERRORS = defineErrors({
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    meaning: "a payment's idempotency key was used before with other parameters",
  },
  PAYMENT_METHOD_LIMIT: { status: 409, meaning: 'an eleventh payment method' },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    payments: typeof PAYMENT_ERRORS;
  }
}
