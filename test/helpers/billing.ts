import { gql } from '@apollo/client';
import { Role } from '../../src/modules/identity/billing-user.entity';
import type { TestServer } from './server';

/** Operations and fixtures shared by the invoice and payment tests. */

export const ISSUE = gql`
  mutation Issue($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) {
      id
      number
      status
      currency
      total {
        amountMinor
      }
      balance {
        amountMinor
      }
    }
  }
`;

export const INVOICE = gql`
  query Invoice($id: ID!) {
    invoice(id: $id) {
      id
      number
      status
      pdfUrl
      total {
        amountMinor
      }
      amountPaid {
        amountMinor
      }
      balance {
        amountMinor
        formatted
      }
      payments {
        id
        status
        channel
        methodType
        failureCode
        reference
        receivedOn
        amount {
          amountMinor
          currency
        }
        paymentMethod {
          id
          last4
        }
      }
    }
  }
`;

export const METHOD_FIELDS = `id type isDefault brand last4 expMonth expYear bankName holderName
  remittanceInstructions { bankName accountName iban swift checkPayableTo checkMailingAddress reference }`;

export const ADD_METHOD = gql`
  mutation AddMethod($input: AddPaymentMethodInput!) {
    addPaymentMethod(input: $input) { ${METHOD_FIELDS} }
  }
`;

export const PAYMENT_FIELDS = `id status channel methodType failureCode failureMessage gatewayTransactionId reference receivedOn
  amount { amountMinor currency formatted } invoice { id status amountPaid { amountMinor } balance { amountMinor } }`;

export const PAY = gql`
  mutation Pay($input: PayInvoiceInput!) {
    payInvoice(input: $input) { ${PAYMENT_FIELDS} }
  }
`;

export const RECORD_OFFLINE = gql`
  mutation RecordOffline($input: RecordOfflinePaymentInput!) {
    recordOfflinePayment(input: $input) { ${PAYMENT_FIELDS} }
  }
`;

/** A line without tax, so totals are easy to read. */
export const plainLine = (unitPriceMinor: number, over: Record<string, unknown> = {}) => ({
  description: 'Platform seats',
  productCode: 'PLATFORM',
  quantity: 1,
  unitPriceMinor,
  taxRateBasisPoints: 0,
  ...over,
});

/** An account with its sales rep and an active billing contact, each logged in. */
export async function customer(
  t: TestServer,
  name: string,
  options: { currency?: string; locale?: string; country?: string } = {},
) {
  const repUser = await t.user(Role.SALES_REP);
  const account = await t.account(name, {
    salesRepId: repUser.id,
    country: 'US',
    currency: 'USD',
    locale: 'en-US',
    ...options,
  });
  const user = await t.user(Role.BILLING_CONTACT, {
    accountId: account.id,
    billingUserId: `ap.${name.toLowerCase().replace(/\W+/g, '')}`,
  });
  return { account, user, contact: await t.loginAs(user), rep: await t.loginAs(repUser) };
}
