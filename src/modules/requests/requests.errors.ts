import { defineErrors } from '../../common/error-codes';

/** The requests module's error codes (see common/error-codes.ts). */
export const SERVICE_REQUEST_ERRORS = defineErrors({
  CANCELLATION_DATE_UNSUPPORTED: {
    status: 409,
    meaning: 'a cancellation request wants a date inside the term: it can apply now or at term end only',
  },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    requests: typeof SERVICE_REQUEST_ERRORS;
  }
}
