import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { BadUserInputError, UnauthenticatedError } from '../../common/errors';
import { ADMINS, Access, STAFF } from '../../common/permissions';
import { reference, type EntityReference } from '../../common/references';
import { AccountWithContacts } from './contact-change.resolver';
import { BillingUser, UserStatus } from './billing-user.entity';
import { Role } from '../../common/roles';
import { InvitationService } from './invitation.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import { UserService } from './user.service';
import {
  AuthPayload,
  ChangePasswordInput,
  InviteBillingContactInput,
  LoginInput,
  ResetPasswordInput,
} from './identity.types';

/** With the cookie transport (the portal), the refresh token goes into the HttpOnly cookie and the answer holds none. */
function inCookieIfAsked(ctx: RequestContext, payload: AuthPayload): AuthPayload {
  if (!ctx.sessionCookie || !payload.refreshToken) return payload;
  ctx.sessionCookie.set(payload.refreshToken, payload.refreshTokenExpiresAt);
  return { ...payload, refreshToken: null };
}

@Resolver(() => BillingUser)
export class IdentityResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly passwords: PasswordService,
    private readonly invitations: InvitationService,
    private readonly users: UserService,
  ) {}

  @Access('AUTHENTICATED')
  @Query(() => BillingUser, { description: 'The logged-in user' })
  me(@Ctx() ctx: RequestContext): BillingUser {
    if (!ctx.principal) throw new UnauthenticatedError();
    return ctx.principal.user;
  }

  @Access('ANONYMOUS')
  @Mutation(() => AuthPayload, { description: 'Log in with a billing user ID and password' })
  async login(@Ctx() ctx: RequestContext, @Arg('input') input: LoginInput): Promise<AuthPayload> {
    return inCookieIfAsked(ctx, await this.sessions.login(ctx, input.userId, input.password));
  }

  @Access('ANONYMOUS')
  @Mutation(() => AuthPayload, {
    description:
      "Exchange a refresh token for new tokens; the old refresh token stops working. With `X-Session-Transport: cookie`, the refresh token is the cookie's when none is given",
  })
  async refreshSession(
    @Ctx() ctx: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken?: string | null,
  ): Promise<AuthPayload> {
    const token = refreshToken ?? ctx.sessionCookie?.refreshToken;
    if (!token)
      throw new BadUserInputError(
        'refreshToken is required (or the session cookie, with X-Session-Transport: cookie)',
        'refreshToken',
      );
    try {
      return inCookieIfAsked(ctx, await this.sessions.refreshSession(ctx, token));
    } catch (err) {
      // A cookie that no longer refreshes is removed, so the portal asks for a login instead of retrying it.
      if (err instanceof UnauthenticatedError) ctx.sessionCookie?.clear();
      throw err;
    }
  }

  @Access('ANONYMOUS')
  @Mutation(() => Boolean, {
    description:
      "End the session of this refresh token, or else the current session (with `X-Session-Transport: cookie`: the cookie's, and the cookie is removed)",
  })
  async logout(
    @Ctx() ctx: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken?: string | null,
  ): Promise<boolean> {
    try {
      return await this.sessions.logout(ctx, refreshToken ?? ctx.sessionCookie?.refreshToken);
    } finally {
      ctx.sessionCookie?.clear();
    }
  }

  @Access('AUTHENTICATED')
  @Mutation(() => Boolean, {
    description:
      'End all your sessions, on every device (with `X-Session-Transport: cookie` the cookie is removed too)',
  })
  async logoutEverywhere(@Ctx() ctx: RequestContext): Promise<boolean> {
    const ended = await this.sessions.logoutEverywhere(ctx);
    ctx.sessionCookie?.clear();
    return ended;
  }

  @Access('ANONYMOUS')
  @Mutation(() => Boolean, { description: 'E-mail a password reset link if the user exists; always true' })
  requestPasswordReset(@Ctx() ctx: RequestContext, @Arg('userId') userId: string): Promise<boolean> {
    return this.passwords.requestPasswordReset(ctx, userId);
  }

  @Access('ANONYMOUS')
  @Mutation(() => Boolean, { description: 'Set a new password with the token from a reset e-mail; ends every session' })
  resetPassword(@Ctx() ctx: RequestContext, @Arg('input') input: ResetPasswordInput): Promise<boolean> {
    return this.passwords.resetPassword(ctx, input.token, input.newPassword);
  }

  @Access('ANONYMOUS')
  @Mutation(() => Boolean, { description: 'Set the first password with the token from an invitation e-mail' })
  activateAccount(@Ctx() ctx: RequestContext, @Arg('input') input: ResetPasswordInput): Promise<boolean> {
    return this.invitations.activateAccount(ctx, input.token, input.newPassword);
  }

  @Access('AUTHENTICATED')
  @Mutation(() => AuthPayload, { description: 'Change your password; your other sessions end' })
  async changePassword(@Ctx() ctx: RequestContext, @Arg('input') input: ChangePasswordInput): Promise<AuthPayload> {
    return inCookieIfAsked(ctx, await this.passwords.changePassword(ctx, input.currentPassword, input.newPassword));
  }

  @Access(...STAFF)
  @Mutation(() => BillingUser, { description: 'Invite the billing contact of a corporate account' })
  inviteBillingContact(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: InviteBillingContactInput,
  ): Promise<BillingUser> {
    return this.invitations.inviteBillingContact(ctx, input);
  }

  @Access(...ADMINS, ...STAFF)
  @Mutation(() => BillingUser, { description: 'Send a new invitation link to a user who has not activated yet' })
  resendInvitation(@Ctx() ctx: RequestContext, @Arg('userId', () => ID) userId: string): Promise<BillingUser> {
    return this.invitations.resendInvitation(ctx, userId);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => BillingUser, { description: 'Disable a user: they cannot log in and their sessions end' })
  disableUser(@Ctx() ctx: RequestContext, @Arg('userId', () => ID) userId: string): Promise<BillingUser> {
    return this.users.setUserStatus(ctx, userId, UserStatus.DISABLED);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => BillingUser, { description: 'Re-enable a disabled user' })
  enableUser(@Ctx() ctx: RequestContext, @Arg('userId', () => ID) userId: string): Promise<BillingUser> {
    return this.users.setUserStatus(ctx, userId, UserStatus.ACTIVE);
  }

  @FieldResolver(() => AccountWithContacts, { nullable: true, description: 'The account of a billing contact' })
  account(@Root() user: BillingUser, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, AccountWithContacts, user.accountId);
  }
}
