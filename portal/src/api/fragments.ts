import { graphql } from '../graphql';

/** The fields every page reads of a repeated type, spread into its operations (masking is off: the data is plain). */
export const MONEY = graphql(`
  fragment PortalMoney on Money {
    amountMinor
    currency
  }
`);

export const BILL_TO_FIELDS = graphql(`
  fragment PortalBillToFields on BillTo {
    companyName
    contactName
    addressLine1
    addressLine2
    city
    region
    postalCode
    country
    email
    phone
  }
`);

export const PAYMENT = graphql(
  `
    fragment PortalPayment on Payment {
      id
      status
      methodType
      createdAt
      completedAt
      receivedOn
      failureCode
      failureMessage
      amount {
        ...PortalMoney
      }
    }
  `,
  [MONEY],
);
