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
