import { defineErrors } from '../../common/error-codes';

/** The invoices module's error codes (see common/error-codes.ts). */
export const INVOICE_ERRORS = defineErrors({
  INVOICE_HAS_PAYMENTS: { status: 409, meaning: 'voiding an invoice with a successful payment' },
  INVOICE_DATE_OUT_OF_SEQUENCE: {
    status: 409,
    meaning:
      'issuing an invoice dated before the latest invoice of its year (numbers follow dates); `extensions.latestIssueDate`; no number is taken',
  },
  INVOICE_NOT_PAYABLE: { status: 409, meaning: 'paying a `VOID` or `PAID` invoice' },
  AMOUNT_EXCEEDS_BALANCE: {
    status: 409,
    meaning: 'a payment above the balance not already being paid; `extensions.balanceMinor`',
  },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    invoices: typeof INVOICE_ERRORS;
  }
}
