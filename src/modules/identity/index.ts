import { referenceType } from '../../common/references';
import type { AccountService } from '../account';
import type { ModuleDefinition } from '../module-definition';
import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser } from './billing-user.entity';
import { BillingContactChange } from './contact-change.entity';
import { AccountUserResolver } from './account-user.resolver';
import { AccountContactChangeResolver, ContactChangeResolver } from './contact-change.resolver';
import { IdentityResolver } from './identity.resolver';
import { LoginThrottle } from './login-throttle.entity';
import { UserToken } from './user-token.entity';
import { SecurityEvent } from './security-event.entity';
import { SecurityEventResolver } from './security-event.resolver';
import type { UserDirectory } from './user-directory';

// The identity module's public surface.
export { AccountUserService } from './account-user.service';
export { ContactChangeService } from './contact-change.service';
export { InvitationService } from './invitation.service';
export { PasswordService } from './password.service';
export { SecurityEventService } from './security-event.service';
export { SessionService } from './session.service';
export { UserDirectory } from './user-directory';
export { UserService } from './user.service';
export { UserTokens } from './user-token.service';
export { identityLoaders, displayNameOf } from './identity.loaders';
export { UserStatus } from './billing-user.entity';
export type { BillingUser } from './billing-user.entity';
export { SecurityEventType } from './security-event.entity';
export { CreateUserInput, NewBillingContactInput } from './identity.types';

/** Another module's field that points at a user (`Quote.createdBy`, `CorporateAccount.salesRep`) returns this. */
export const BillingUserRef = referenceType('BillingUser');

export const identityModule: ModuleDefinition = {
  name: 'identity',
  entities: [BillingUser, AuthSession, RefreshToken, UserToken, LoginThrottle, BillingContactChange, SecurityEvent],
  resolvers: [
    IdentityResolver,
    AccountUserResolver,
    ContactChangeResolver,
    AccountContactChangeResolver,
    SecurityEventResolver,
  ],
  references: ({ userDirectory }: { userDirectory: UserDirectory }) => ({
    BillingUser: (ctx, id) => userDirectory.visibleUser(ctx, id),
  }),
  extendedReferences: ({ accounts }: { accounts: AccountService }) => ({
    CorporateAccount: (ctx, id) => accounts.visibleAccount(ctx, id),
  }),
};
