import { Authorized, Extensions, type AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context';
import { PortalRole, Role } from './roles';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** A billing contact of one portal role: `BILLING_CONTACT:PAYER`. `Role.BILLING_CONTACT` alone is every portal role. */
export type PortalAudience = `${Role.BILLING_CONTACT}:${PortalRole}`;

/** Who may call an operation: nobody logged in, anybody logged in, these roles, or billing contacts of these portal roles. */
export type Audience = 'ANONYMOUS' | 'AUTHENTICATED' | Role | PortalAudience;

export const STAFF = [Role.SALES_REP, Role.ACCOUNT_SERVICES] as const;

const portal = (role: PortalRole): PortalAudience => `${Role.BILLING_CONTACT}:${role}`;
/** Billing contacts who may change what the account has agreed to: Bill To, quotes, purchase orders, requests, users. */
export const ADMINS = [portal(PortalRole.ADMIN)] as const;
/** Billing contacts who may pay: invoices and payment methods. */
export const PAYERS = [portal(PortalRole.ADMIN), portal(PortalRole.PAYER)] as const;

/**
 * The one declaration of who may call a root operation. It enforces the rule
 * (type-graphql's @Authorized) and records it in the schema's field extensions
 * (`access`), where a test can compare every operation with the reviewed table.
 */
export function Access(...audience: [Audience, ...Audience[]]): MethodDecorator {
  return (target, key, descriptor) => {
    Extensions({ access: audience })(target, key, descriptor);
    if (audience.includes('ANONYMOUS')) return;
    const roles = audience.includes('AUTHENTICATED') ? [] : (audience as Array<Role | PortalAudience>);
    Authorized<Role | PortalAudience>(roles)(target, key, descriptor);
  };
}

/** Whether `principal` is one of `audience` (a billing contact by their role, or by their portal role). */
export function isInAudience(
  principal: { role: Role; user: { portalRole: PortalRole | null } },
  audience: readonly string[],
): boolean {
  if (audience.includes(principal.role)) return true;
  return (
    principal.role === Role.BILLING_CONTACT && audience.includes(portal(principal.user.portalRole ?? PortalRole.VIEWER))
  );
}

export const authChecker: AuthChecker<RequestContext, Role | PortalAudience> = ({ context }, roles) => {
  const principal = context.principal;
  if (!principal) throw new UnauthenticatedError(context.authFailure ?? 'You must be logged in to do this');
  if (roles.length > 0 && !isInAudience(principal, roles)) throw new ForbiddenError();
  return true;
};
