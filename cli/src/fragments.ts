import { graphql } from './graphql';

/**
 * The fields the commands read of a type that many of them select, spread into their documents (masking is
 * off: the data is plain). Each spread is a level of the service's depth limit (10) of its own: a document
 * that nests fragments in fragments soon passes it (QUERY_TOO_DEEP), so these do not spread others.
 */
export const MONEY = graphql(`
  fragment CliMoney on Money {
    amountMinor
    currency
  }
`);
