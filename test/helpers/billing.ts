import { addDays, today } from '../../src/common/dates';
import type { TestClient } from './client';
import { graphql } from './graphql';

/** Operations shared by the invoice and payment tests (the fixtures are in ./fixtures). */

export const ISSUE = graphql(`
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
`);

export const INVOICE = graphql(`
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
`);

export const METHOD_FIELDS = graphql(`
  fragment MethodFields on PaymentMethod {
    id
    type
    isDefault
    brand
    last4
    expMonth
    expYear
    bankName
    holderName
    remittanceInstructions {
      bankName
      accountName
      iban
      swift
      checkPayableTo
      checkMailingAddress
      reference
    }
  }
`);

export const ADD_METHOD = graphql(
  `
    mutation AddMethod($input: AddPaymentMethodInput!) {
      addPaymentMethod(input: $input) {
        ...MethodFields
      }
    }
  `,
  [METHOD_FIELDS],
);

export const PAYMENT_FIELDS = graphql(`
  fragment PaymentFields on Payment {
    id
    status
    channel
    methodType
    failureCode
    failureMessage
    gatewayTransactionId
    reference
    receivedOn
    amount {
      amountMinor
      currency
      formatted
    }
    invoice {
      id
      status
      amountPaid {
        amountMinor
      }
      balance {
        amountMinor
      }
    }
  }
`);

export const PAY = graphql(
  `
    mutation Pay($input: PayInvoiceInput!) {
      payInvoice(input: $input) {
        ...PaymentFields
      }
    }
  `,
  [PAYMENT_FIELDS],
);

export const RECORD_OFFLINE = graphql(
  `
    mutation RecordOffline($input: RecordOfflinePaymentInput!) {
      recordOfflinePayment(input: $input) {
        ...PaymentFields
      }
    }
  `,
  [PAYMENT_FIELDS],
);

/** A line without tax, so totals are easy to read. */
export const plainLine = (unitPriceMinor: number, over: Record<string, unknown> = {}) => ({
  description: 'Platform seats',
  productCode: 'PLATFORM',
  quantity: 1,
  unitPriceMinor,
  taxRateBasisPoints: 0,
  ...over,
});

export const CREATE_QUOTE = graphql(`
  mutation CreateQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      id
      number
    }
  }
`);

export const SEND_QUOTE = graphql(`
  mutation SendQuote($id: ID!) {
    sendQuote(id: $id) {
      id
      status
    }
  }
`);

/** A quote the rep creates for the account and sends: it awaits the account's decision. */
export async function sentQuote(
  rep: TestClient,
  accountId: string,
  lines: Array<{ productId: string; seatChange: number }>,
  expiresInDays = 14,
): Promise<{ id: string; number: string }> {
  const created = await rep.mutate(CREATE_QUOTE, {
    input: { accountId, expiresOn: addDays(today(), expiresInDays), lines },
  });
  expect(created.errors).toEqual([]);
  const quote = created.data.createQuote;
  const sent = await rep.mutate(SEND_QUOTE, { id: quote.id });
  expect(sent.errors).toEqual([]);
  return quote;
}
