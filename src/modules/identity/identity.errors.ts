import { defineErrors } from '../../common/error-codes';

/** The identity module's error codes (see common/error-codes.ts). */
export const IDENTITY_ERRORS = defineErrors({
  INVALID_CREDENTIALS: {
    status: 401,
    meaning:
      'wrong user ID or password — the same answer for unknown, invited and disabled users; also a wrong current password when changing it',
  },
  LOGIN_THROTTLED: { status: 429, meaning: 'too many failures; `extensions.retryAfterSeconds`' },
  INVALID_TOKEN: { status: 400, meaning: 'a reset or invitation link that is unknown, used or expired' },
  WEAK_PASSWORD: { status: 400, meaning: 'a new password that is not 12–128 characters or is a common password' },
  LAST_ACTIVE_ADMIN: {
    status: 409,
    meaning: "demoting or deactivating an account's last active ADMIN portal user",
  },
  BILLING_CONTACT_PROTECTED: {
    status: 409,
    meaning:
      'demoting or deactivating the billing contact named on invoices (or the one a pending change brings in): change the billing contact instead',
  },
  ACCOUNT_USER_LIMIT: { status: 409, meaning: 'an account that already has 100 portal users (disabled ones count)' },
  INVALID_USER_STATUS: {
    status: 409,
    meaning: "a change the user's status does not allow (an invitation link of a user who is already active)",
  },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    identity: typeof IDENTITY_ERRORS;
  }
}
