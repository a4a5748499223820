import { defineErrors } from '../../common/error-codes';

/** The quotes module's error codes (see common/error-codes.ts). */
export const QUOTE_ERRORS = defineErrors({
  QUOTE_NOT_DRAFT: { status: 409, meaning: 'editing, deleting or sending a quote that is not a draft' },
  QUOTE_EXPIRED: {
    status: 409,
    meaning: 'sending or accepting a quote after its expiry date, or accepting one whose priced term has ended',
  },
  QUOTE_NOT_PENDING: {
    status: 409,
    meaning: 'accepting, rejecting, withdrawing or revising a quote that is no longer `SENT`',
  },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    quotes: typeof QUOTE_ERRORS;
  }
}
