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
