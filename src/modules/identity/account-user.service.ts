import type { DataSource } from 'typeorm';
import { AppError, BadUserInputError, NotFoundError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { PortalRole, Role } from '../../common/roles';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { RequestContext } from '../../context';
import type { AccountService, ActivityService } from '../account';
import { BillingUser, UserStatus } from './billing-user.entity';
import { BillingContactChange, ContactChangeStatus } from './contact-change.entity';
import type { InvitationService } from './invitation.service';
import {
  emailPreferencesOf,
  preferenceChanges,
  type EmailPreferences,
  type EmailPreferencesInput,
} from './mail-preferences';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import type { UserService } from './user.service';

/** How many portal users an account may have, disabled ones included (so `accountUsers` stays one bounded list). */
export const MAX_ACCOUNT_USERS = 100;

/** The activity actions of a portal user's reactivation and deactivation (as `UserService.moveStatus` takes them). */
const STATUS_ACTIONS = ['PORTAL_USER_REACTIVATED', 'PORTAL_USER_DEACTIVATED'] as const;

/**
 * An account's portal users: the billing contact named on invoices and the
 * colleagues an ADMIN (or staff) invites, each an ADMIN, PAYER or VIEWER.
 * Every change locks the account first, so two ADMINs demoting each other at
 * once cannot leave it without an active ADMIN.
 */
export class AccountUserService {
  constructor(
    private readonly ds: DataSource,
    private readonly log: Logger,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly invitations: InvitationService,
    private readonly users: UserService,
    private readonly securityEvents: SecurityEventService,
  ) {}

  /** The portal users of an account the caller can see: the billing contact first, then by when they were added. */
  async list(ctx: RequestContext, accountId: string): Promise<BillingUser[]> {
    const account = await this.accounts.getAccount(ctx, accountId);
    const users = await this.ds.getRepository(BillingUser).find({
      where: { accountId: account.id, role: Role.BILLING_CONTACT },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: MAX_ACCOUNT_USERS,
    });
    return users.sort((a, b) => Number(b.primaryAccountId !== null) - Number(a.primaryAccountId !== null));
  }

  /** Invites a portal user with a role (the invitation and activation flow of every contact). */
  invite(
    ctx: RequestContext,
    accountId: string,
    input: { billingUserId: string; email: string; displayName: string; role: PortalRole },
  ): Promise<BillingUser> {
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      const count = await tx.manager.countBy(BillingUser, { accountId: account.id, role: Role.BILLING_CONTACT });
      if (count >= MAX_ACCOUNT_USERS)
        throw new AppError('ACCOUNT_USER_LIMIT', `An account can have at most ${MAX_ACCOUNT_USERS} portal users`);
      return this.invitations.createInvitedContact(ctx, tx, account, input, 'PORTAL_USER_INVITED', {
        portalRole: input.role,
      });
    });
  }

  /** Gives a portal user another role; the account keeps an active ADMIN and its billing contact stays one. */
  changeRole(ctx: RequestContext, userId: string, role: PortalRole): Promise<BillingUser> {
    return this.users.changeUser(ctx, userId, async (tx, user) => {
      const from = this.portalUser(ctx, user).portalRole!;
      if (from === role) return;
      if (role !== PortalRole.ADMIN) await this.assertMayLoseAdmin(tx, user, 'demoted');
      await tx.manager.update(BillingUser, { id: user.id }, { portalRole: role, updatedAt: new Date() });
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.PORTAL_ROLE_CHANGED,
        userId: user.id,
        accountId: user.accountId,
        detail: `${from} to ${role}`,
      });
      await this.activity.record(ctx, tx, user.accountId!, 'PORTAL_USER_ROLE_CHANGED', [
        { field: `portal role (${user.billingUserId})`, from, to: role },
      ]);
      this.log.info(
        {
          event: 'user.portal_role',
          userId: user.id,
          from,
          to: role,
          by: ctx.principal?.userId,
          requestId: ctx.requestId,
        },
        'portal role changed',
      );
    });
  }

  /** Ends a portal user's access (their sessions and any unused invitation), keeping an active ADMIN. */
  deactivate(ctx: RequestContext, userId: string): Promise<BillingUser> {
    return this.users.changeUser(ctx, userId, async (tx, user) => {
      this.portalUser(ctx, user);
      if (user.status === UserStatus.DISABLED) return;
      await this.assertMayLoseAdmin(tx, user, 'deactivated');
      await this.users.moveStatus(ctx, tx, user, UserStatus.DISABLED, STATUS_ACTIONS);
    });
  }

  /** Gives a deactivated portal user their access back (one who never set a password is invited again instead). */
  reactivate(ctx: RequestContext, userId: string): Promise<BillingUser> {
    return this.users.changeUser(ctx, userId, async (tx, user) => {
      this.portalUser(ctx, user);
      await this.users.moveStatus(ctx, tx, user, UserStatus.ACTIVE, STATUS_ACTIONS);
    });
  }

  /** A portal user's e-mail choices as the caller may see them: the user, their account's ADMINs and staff; else null. */
  emailPreferences(ctx: RequestContext, user: BillingUser): EmailPreferences | null {
    const me = ctx.principal;
    if (user.role !== Role.BILLING_CONTACT || !me) return null;
    const mayRead =
      me.userId === user.id ||
      me.role !== Role.BILLING_CONTACT ||
      (me.accountId === user.accountId && me.user.portalRole === PortalRole.ADMIN);
    return mayRead ? emailPreferencesOf(user) : null;
  }

  /** The logged-in billing contact chooses which e-mails they receive. */
  async updateEmailPreferences(ctx: RequestContext, input: EmailPreferencesInput): Promise<BillingUser> {
    const me = ctx.principal;
    if (me?.role !== Role.BILLING_CONTACT)
      throw new BadUserInputError('Only portal users have e-mail preferences', 'input');
    const changes = preferenceChanges(input);
    if (Object.keys(changes).length)
      await this.ds.getRepository(BillingUser).update({ id: me.userId }, { ...changes, updatedAt: new Date() });
    return this.ds.getRepository(BillingUser).findOneByOrFail({ id: me.userId });
  }

  /** A billing contact of an account (staff users are not portal users: NOT_FOUND, like an unknown id). */
  private portalUser(ctx: RequestContext, user: BillingUser): BillingUser {
    if (user.role !== Role.BILLING_CONTACT || !user.accountId || !user.portalRole) throw new NotFoundError('User');
    return user;
  }

  /**
   * Refuses to take ADMIN away (by a role change or deactivation) from the
   * billing contact, from the contact a pending change brings in, or from the
   * account's last active ADMIN. The caller holds the account lock.
   */
  private async assertMayLoseAdmin(tx: Tx, user: BillingUser, what: 'demoted' | 'deactivated'): Promise<void> {
    const pending = await tx.manager.existsBy(BillingContactChange, {
      newUserId: user.id,
      status: ContactChangeStatus.PENDING,
    });
    if (user.primaryAccountId || pending)
      throw new AppError(
        'BILLING_CONTACT_PROTECTED',
        pending
          ? `The incoming billing contact cannot be ${what}; cancel the change of billing contact instead`
          : `The billing contact named on invoices cannot be ${what}; change the billing contact first`,
      );
    if (user.portalRole !== PortalRole.ADMIN || user.status !== UserStatus.ACTIVE) return;
    const admins = await tx.manager.find(BillingUser, {
      where: {
        accountId: user.accountId!,
        role: Role.BILLING_CONTACT,
        portalRole: PortalRole.ADMIN,
        status: UserStatus.ACTIVE,
      },
      ...forUpdate(tx),
    });
    if (!admins.some((a) => a.id !== user.id))
      throw new AppError(
        'LAST_ACTIVE_ADMIN',
        `The account's last active ADMIN cannot be ${what}; make another user ADMIN first`,
      );
  }
}
