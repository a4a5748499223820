import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser } from './billing-user.entity';
import { BillingContactChange } from './contact-change.entity';
import { AccountContactChangeResolver, ContactChangeResolver } from './contact-change.resolver';
import { IdentityResolver } from './identity.resolver';
import { LoginThrottle } from './login-throttle.entity';
import { UserToken } from './user-token.entity';
import { SecurityEvent } from './security-event.entity';
import { SecurityEventResolver } from './security-event.resolver';

export { IdentityService } from './identity.service';

export const identityModule = {
  name: 'identity',
  entities: [BillingUser, AuthSession, RefreshToken, UserToken, LoginThrottle, BillingContactChange, SecurityEvent],
  resolvers: [IdentityResolver, ContactChangeResolver, AccountContactChangeResolver, SecurityEventResolver],
};
