import { useQuery } from '@apollo/client/react';
import { graphql, type ResultOf } from '../graphql';

/** Who is logged in and their account: the header shows it, and its locale sets the formats. */
export const ME = graphql(`
  query PortalMe {
    me {
      id
      billingUserId
      displayName
      email
      portalRole
      account {
        id
        accountNumber
        organisationName
        locale
        country
        currency
      }
    }
  }
`);

export type Me = ResultOf<typeof ME>['me'];

export function useMe() {
  return useQuery(ME, { fetchPolicy: 'cache-first' });
}
