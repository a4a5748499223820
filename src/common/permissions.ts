import { Authorized, Extensions, type AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context';
import { Role } from './roles';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** Who may call an operation: nobody logged in, anybody logged in, or these roles. */
export type Audience = 'ANONYMOUS' | 'AUTHENTICATED' | Role;

export const STAFF = [Role.SALES_REP, Role.ACCOUNT_SERVICES] as const;

/**
 * The one declaration of who may call a root operation. It enforces the rule
 * (type-graphql's @Authorized) and records it in the schema's field extensions
 * (`access`), where a test can compare every operation with the reviewed table.
 */
export function Access(...audience: [Audience, ...Audience[]]): MethodDecorator {
  return (target, key, descriptor) => {
    Extensions({ access: audience })(target, key, descriptor);
    if (audience.includes('ANONYMOUS')) return;
    const roles = audience.includes('AUTHENTICATED') ? [] : (audience as Role[]);
    Authorized<Role>(roles)(target, key, descriptor);
  };
}

export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const principal = context.principal;
  if (!principal) throw new UnauthenticatedError(context.authFailure ?? 'You must be logged in to do this');
  if (roles.length > 0 && !roles.includes(principal.role)) throw new ForbiddenError();
  return true;
};
