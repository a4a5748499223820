import { defineErrors } from '../../common/error-codes';

/** The webhooks module's error codes (see common/error-codes.ts). */
export const WEBHOOK_ERRORS = defineErrors({
  WEBHOOK_URL_REFUSED: {
    status: 400,
    meaning:
      'an endpoint URL that is not https (plain http only with WEBHOOK_ALLOW_HTTP), carries credentials, does not resolve, or resolves to a loopback, private, link-local or metadata address (unless WEBHOOK_ALLOW_PRIVATE_NETWORKS); `extensions.field` is `url`',
  },
  WEBHOOKS_NOT_CONFIGURED: {
    status: 503,
    meaning: 'webhooks need WEBHOOK_ENCRYPTION_KEY in production, to keep the signing secrets encrypted',
  },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    webhooks: typeof WEBHOOK_ERRORS;
  }
}
