import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { PortalRole, Role } from '../../common/roles';
import { targetAccountId } from '../account';
import { AccountUserService } from './account-user.service';
import { BillingUser } from './billing-user.entity';
import { InviteAccountUserInput } from './identity.types';
import { EmailPreferences, EmailPreferencesInput } from './mail-preferences';

/** An account's portal users and each user's e-mail choices. */
@Resolver(() => BillingUser)
export class AccountUserResolver {
  constructor(private readonly service: AccountUserService) {}

  @Access(...ADMINS, ...STAFF)
  @Query(() => [BillingUser], {
    description:
      "The account's portal users, the billing contact first (at most 100); a portal user's own account when accountId is left out",
  })
  accountUsers(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
  ): Promise<BillingUser[]> {
    return this.service.list(ctx, targetAccountId(ctx, accountId));
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingUser, {
    description: 'Invite a colleague as a portal user with a role; they set their password from the e-mail',
  })
  inviteAccountUser(@Ctx() ctx: RequestContext, @Arg('input') input: InviteAccountUserInput): Promise<BillingUser> {
    return this.service.invite(ctx, targetAccountId(ctx, input.accountId), input);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingUser, {
    description: 'Give a portal user another role; the billing contact and the last active ADMIN stay ADMIN',
  })
  changeAccountUserRole(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => PortalRole) role: PortalRole,
  ): Promise<BillingUser> {
    return this.service.changeRole(ctx, userId, role);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingUser, {
    description: "End a portal user's access and sessions; not the billing contact's, nor the last active ADMIN's",
  })
  deactivateAccountUser(@Ctx() ctx: RequestContext, @Arg('userId', () => ID) userId: string): Promise<BillingUser> {
    return this.service.deactivate(ctx, userId);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingUser, { description: 'Give a deactivated portal user their access back' })
  reactivateAccountUser(@Ctx() ctx: RequestContext, @Arg('userId', () => ID) userId: string): Promise<BillingUser> {
    return this.service.reactivate(ctx, userId);
  }

  @Access(Role.BILLING_CONTACT)
  @Mutation(() => BillingUser, { description: 'Choose which e-mails you receive' })
  updateEmailPreferences(@Ctx() ctx: RequestContext, @Arg('input') input: EmailPreferencesInput): Promise<BillingUser> {
    return this.service.updateEmailPreferences(ctx, input);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the billing contact named on invoices' })
  isBillingContact(@Root() user: BillingUser): boolean {
    return user.primaryAccountId !== null;
  }

  @FieldResolver(() => EmailPreferences, {
    nullable: true,
    description: "A portal user's e-mail choices: shown to the user, their account's ADMINs and staff; null otherwise",
  })
  emailPreferences(@Root() user: BillingUser, @Ctx() ctx: RequestContext): EmailPreferences | null {
    return this.service.emailPreferences(ctx, user);
  }
}
