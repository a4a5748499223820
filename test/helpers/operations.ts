import { gql } from '@apollo/client';

/** The Identity operations as a client sends them, shared by the tests. */
export const LOGIN = gql`
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
`;

export const ME = gql`
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
`;

export const REFRESH = gql`
  mutation Refresh($token: String!) {
    refreshSession(refreshToken: $token) {
      accessToken
      refreshToken
    }
  }
`;

export const LOGOUT = gql`
  mutation Logout($token: String) {
    logout(refreshToken: $token)
  }
`;

export const REQUEST_RESET = gql`
  mutation RequestReset($userId: String!) {
    requestPasswordReset(userId: $userId)
  }
`;

export const RESET = gql`
  mutation Reset($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`;

export const CHANGE_PASSWORD = gql`
  mutation Change($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
      refreshToken
    }
  }
`;

export const INVITE = gql`
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
`;

export const RESEND = gql`
  mutation Resend($id: ID!) {
    resendInvitation(userId: $id) {
      id
      status
    }
  }
`;

export const ACTIVATE = gql`
  mutation Activate($input: ResetPasswordInput!) {
    activateAccount(input: $input)
  }
`;

export const DISABLE = gql`
  mutation Disable($id: ID!) {
    disableUser(userId: $id) {
      status
    }
  }
`;

export const ACCOUNT_FIELDS = `
  id
  accountNumber
  organisationName
  status
  country
  currency
  locale
  billingFrequency
  paymentTermsDays
  salesRep { id displayName }
  billingContact { id billingUserId email status }
  billTo { contactName email companyName addressLine1 addressLine2 city region postalCode country phone }
  invoiceRecipients { id email name }
`;

export const CREATE_ACCOUNT = gql`
  mutation CreateAccount($input: CreateCorporateAccountInput!) {
    createCorporateAccount(input: $input) { ${ACCOUNT_FIELDS} }
  }
`;

export const ACCOUNT = gql`
  query Account($id: ID) {
    account(id: $id) { ${ACCOUNT_FIELDS} }
  }
`;

export const ACCOUNTS = gql`
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
`;

export const UPDATE_BILL_TO = gql`
  mutation UpdateBillTo($accountId: ID, $input: BillToInput!) {
    updateBillTo(accountId: $accountId, input: $input) { ${ACCOUNT_FIELDS} }
  }
`;

export const ACTIVITY = gql`
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
`;
