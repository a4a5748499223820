import {
  COMMON_ERRORS,
  REQUEST_ERRORS,
  type ErrorCode,
  type ErrorDefinition,
  type ErrorGroups,
} from '../common/error-codes';
import { ACCOUNT_ERRORS } from './account/account.errors';
import { DOCUMENT_ERRORS } from './documents/documents.errors';
import { IDENTITY_ERRORS } from './identity/identity.errors';
import { INVOICE_ERRORS } from './invoices/invoices.errors';
import { PAYMENT_ERRORS } from './payments/payments.errors';
import { QUOTE_ERRORS } from './quotes/quotes.errors';
import { SERVICE_REQUEST_ERRORS } from './requests/requests.errors';
import { SUBSCRIPTION_ERRORS } from './subscriptions/subscriptions.errors';
import { WEBHOOK_ERRORS } from './webhooks/webhooks.errors';

/** Every group of error codes (common/error-codes.ts explains the layout); a group missing here does not compile. */
export const ERROR_GROUPS = {
  common: COMMON_ERRORS,
  request: REQUEST_ERRORS,
  account: ACCOUNT_ERRORS,
  documents: DOCUMENT_ERRORS,
  identity: IDENTITY_ERRORS,
  invoices: INVOICE_ERRORS,
  payments: PAYMENT_ERRORS,
  quotes: QUOTE_ERRORS,
  requests: SERVICE_REQUEST_ERRORS,
  subscriptions: SUBSCRIPTION_ERRORS,
  webhooks: WEBHOOK_ERRORS,
} satisfies ErrorGroups;

/** The full registry: every code a client may see, with its HTTP status and meaning. */
export const ERROR_CODES = Object.fromEntries(
  Object.values(ERROR_GROUPS).flatMap((group) => Object.entries(group)),
) as Readonly<Record<ErrorCode, ErrorDefinition>>;

/** The HTTP status of an answer that is this error alone. */
export function httpStatusOf(code: ErrorCode): number {
  // A code outside the registry cannot compile; 500 keeps a cast from hanging a file route.
  return ERROR_CODES[code]?.status ?? 500;
}
