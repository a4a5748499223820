import { defineErrors } from '../../common/error-codes';

/** The account module's error codes (see common/error-codes.ts). */
export const ACCOUNT_ERRORS = defineErrors({
  COUNTRY_LOCKED: {
    status: 403,
    meaning:
      "a billing contact tried to change the account's country (sending back the unchanged country, in any letter case, is fine)",
  },
  RECIPIENT_LIMIT: { status: 409, meaning: 'an eleventh invoice recipient' },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    account: typeof ACCOUNT_ERRORS;
  }
}
