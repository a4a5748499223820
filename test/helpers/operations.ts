import { graphql } from './graphql';

/** The Identity operations as a client sends them, shared by the tests. */
export const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        id
        billingUserId
        role
      }
    }
  }
`);

export const ME = graphql(`
  query Me {
    me {
      id
      billingUserId
      email
      role
      status
      account {
        id
        accountNumber
        organisationName
      }
    }
  }
`);

export const REFRESH = graphql(`
  mutation Refresh($token: String!) {
    refreshSession(refreshToken: $token) {
      accessToken
      refreshToken
    }
  }
`);

export const LOGOUT = graphql(`
  mutation Logout($token: String) {
    logout(refreshToken: $token)
  }
`);

export const REQUEST_RESET = graphql(`
  mutation RequestReset($userId: String!) {
    requestPasswordReset(userId: $userId)
  }
`);

export const RESET = graphql(`
  mutation Reset($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

export const CHANGE_PASSWORD = graphql(`
  mutation Change($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

export const INVITE = graphql(`
  mutation Invite($input: InviteBillingContactInput!) {
    inviteBillingContact(input: $input) {
      id
      billingUserId
      email
      status
      role
      account {
        id
      }
    }
  }
`);

export const RESEND = graphql(`
  mutation Resend($id: ID!) {
    resendInvitation(userId: $id) {
      id
      status
    }
  }
`);

export const ACTIVATE = graphql(`
  mutation Activate($input: ResetPasswordInput!) {
    activateAccount(input: $input)
  }
`);

export const DISABLE = graphql(`
  mutation Disable($id: ID!) {
    disableUser(userId: $id) {
      status
    }
  }
`);

export const ACCOUNT_FIELDS = graphql(`
  fragment AccountFields on CorporateAccount {
    id
    accountNumber
    organisationName
    status
    country
    currency
    locale
    billingFrequency
    paymentTermsDays
    salesRep {
      id
      displayName
    }
    billingContact {
      id
      billingUserId
      email
      status
    }
    billTo {
      contactName
      email
      companyName
      addressLine1
      addressLine2
      city
      region
      postalCode
      country
      phone
    }
    invoiceRecipients {
      id
      email
      name
    }
  }
`);

export const CREATE_ACCOUNT = graphql(
  `
    mutation CreateAccount($input: CreateCorporateAccountInput!) {
      createCorporateAccount(input: $input) {
        ...AccountFields
      }
    }
  `,
  [ACCOUNT_FIELDS],
);

export const ACCOUNT = graphql(
  `
    query Account($id: ID) {
      account(id: $id) {
        ...AccountFields
      }
    }
  `,
  [ACCOUNT_FIELDS],
);

export const ACCOUNTS = graphql(`
  query Accounts($filter: AccountFilter, $first: Int, $after: String) {
    accounts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          accountNumber
          organisationName
          salesRep {
            id
          }
          billingContact {
            email
          }
        }
      }
    }
  }
`);

export const UPDATE_BILL_TO = graphql(
  `
    mutation UpdateBillTo($accountId: ID, $input: BillToInput!) {
      updateBillTo(accountId: $accountId, input: $input) {
        ...AccountFields
      }
    }
  `,
  [ACCOUNT_FIELDS],
);

export const ACTIVITY = graphql(`
  query Activity($id: ID, $first: Int, $after: String) {
    account(id: $id) {
      activity(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            action
            actorRole
            actorName
            occurredAt
            changes {
              field
              from
              to
            }
          }
        }
      }
    }
  }
`);
