import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser } from './billing-user.entity';
import { BillingContactChange } from './contact-change.entity';
import { AccountContactChangeResolver, ContactChangeResolver } from './contact-change.resolver';
import { IdentityResolver } from './identity.resolver';
import { LoginThrottle } from './login-throttle.entity';
import { UserToken } from './user-token.entity';

export { IdentityService } from './identity.service';

export const identityModule = {
  name: 'identity',
  entities: [BillingUser, AuthSession, RefreshToken, UserToken, LoginThrottle, BillingContactChange],
  resolvers: [IdentityResolver, ContactChangeResolver, AccountContactChangeResolver],
};
