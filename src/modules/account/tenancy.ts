import type { RequestContext } from '../../context';
import { BadUserInputError } from '../../common/errors';
import { Role } from '../../common/roles';

/**
 * The account an operation is about: the id staff pass, or, when none is
 * given, the billing contact's own account.
 */
export function targetAccountId(ctx: RequestContext, id: string | null | undefined): string {
  if (id) return id;
  if (ctx.principal?.role === Role.BILLING_CONTACT && ctx.principal.accountId) return ctx.principal.accountId;
  throw new BadUserInputError('accountId is required', 'accountId');
}
