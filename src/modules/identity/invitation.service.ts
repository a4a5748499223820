import { IsNull, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { RequestContext } from '../../context';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { inTransaction, type Tx } from '../../common/transactions';
import type { MailService } from '../../mail';
import type { ActivityAction } from '../account';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { invitationMail } from './identity.mails';
import { BillingUser, UserStatus } from './billing-user.entity';
import { userIdKey, validBillingUserId } from './billing-user-id';
import { PortalRole, Role } from '../../common/roles';
import { userStatusMachine } from './billing-user.state';
import type { InviteBillingContactInput } from './identity.types';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import type { UserService } from './user.service';
import { InvalidTokenError, type UserTokens } from './user-token.service';
import { UserToken, UserTokenPurpose } from './user-token.entity';

/** Runs in the activation transaction of an invited user (e.g. to complete a billing contact change). */
export type ActivationHook = (ctx: RequestContext, tx: Tx, user: BillingUser) => Promise<void>;

/**
 * Invitations of billing contacts: the INVITED user, the e-mail with its
 * set-password link, and activation from that link.
 */
export class InvitationService {
  private readonly activationHooks: ActivationHook[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly mail: MailService,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly securityEvents: SecurityEventService,
    private readonly users: UserService,
    private readonly tokens: UserTokens,
  ) {}

  private get billingUsers() {
    return this.ds.getRepository(BillingUser);
  }

  /** Invites the billing contact of an account the caller can see (see `invite`). */
  inviteBillingContact(ctx: RequestContext, input: InviteBillingContactInput): Promise<BillingUser> {
    return inTransaction(this.ds, (tx) => this.invite(ctx, tx, input));
  }

  /**
   * Invites the billing contact of an account the caller can see, which has
   * none: an INVITED user and an e-mail with a set-password link, in the
   * caller's transaction (account onboarding creates the account and its
   * contact in one).
   */
  async invite(ctx: RequestContext, tx: Tx, input: InviteBillingContactInput): Promise<BillingUser> {
    const billingUserId = validBillingUserId(input.billingUserId);
    const account = await this.accounts.lockVisibleAccount(ctx, tx, input.accountId);
    if (!(await this.users.takeBillingContactPlace(tx, account.id)))
      throw new ConflictError('This account already has a billing contact');
    return this.createInvitedContact(ctx, tx, account, { ...input, billingUserId }, 'BILLING_CONTACT_INVITED', {
      primary: true,
    });
  }

  /**
   * An INVITED portal user of `account` with an invitation e-mail, and an
   * activity entry (module-internal: the caller has locked the account and
   * checked that it may add this user). An ADMIN unless told otherwise; the
   * account's billing contact (named on invoices) only when `primary`.
   */
  async createInvitedContact(
    ctx: RequestContext,
    tx: Tx,
    account: { id: string; organisationName: string; locale: string },
    input: { billingUserId: string; email: string; displayName: string },
    action: ActivityAction,
    { primary = false, portalRole = PortalRole.ADMIN }: { primary?: boolean; portalRole?: PortalRole } = {},
  ): Promise<BillingUser> {
    const billingUserId = validBillingUserId(input.billingUserId);
    const user = tx.manager.create(BillingUser, {
      billingUserId,
      userIdKey: userIdKey(billingUserId),
      email: input.email.trim(),
      displayName: input.displayName.trim(),
      role: Role.BILLING_CONTACT,
      portalRole,
      accountId: account.id,
      primaryAccountId: primary ? account.id : null,
      status: UserStatus.INVITED,
      passwordHash: null,
      activatedAt: null,
    });
    await this.users.insertUser(tx, user);
    await this.securityEvents.record(ctx, tx, {
      type: SecurityEventType.USER_CREATED,
      userId: user.id,
      accountId: account.id,
      detail: `role ${user.role} ${portalRole}, invited`,
    });
    await this.sendInvitation(tx, user, account);
    await this.activity.record(ctx, tx, account.id, action, [
      {
        field: primary ? 'billingContact' : `portal user (${portalRole})`,
        from: null,
        to: `${user.displayName} <${user.email}> (${user.billingUserId})`,
      },
    ]);
    this.log.info(
      { event: 'user.invited', userId: user.id, by: ctx.principal?.userId, requestId: ctx.requestId },
      'billing contact invited',
    );
    return user;
  }

  /** Sends a new invitation link to a user who has not activated yet; earlier links stop working. */
  async resendInvitation(ctx: RequestContext, userId: string): Promise<BillingUser> {
    const user = await this.billingUsers.findOneBy({ id: userId });
    // Only contacts of accounts the caller can see, answered like an unknown id otherwise.
    if (!user || !user.accountId) throw new NotFoundError('User');
    const account = await this.accounts.getAccount(ctx, user.accountId).catch(() => {
      throw new NotFoundError('User');
    });
    if (user.status !== UserStatus.INVITED) throw new ConflictError('This user has already activated their access');
    await inTransaction(this.ds, async (tx) => {
      await tx.manager.update(
        UserToken,
        { userId: user.id, purpose: UserTokenPurpose.INVITATION, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      await this.sendInvitation(tx, user, account);
    });
    return user;
  }

  onActivation(hook: ActivationHook): void {
    this.activationHooks.push(hook);
  }

  /** Sets the first password from an invitation link and activates the user; does not log in. */
  async activateAccount(ctx: RequestContext, token: string, password: string): Promise<boolean> {
    const user = await this.tokens.redeem(token, UserTokenPurpose.INVITATION, password, async (tx, u, hash) => {
      userStatusMachine.assert(u.status, UserStatus.ACTIVE);
      const now = new Date();
      const activated = await userStatusMachine.update(
        tx.manager,
        BillingUser,
        { id: u.id },
        UserStatus.ACTIVE,
        { passwordHash: hash, activatedAt: now, updatedAt: now },
        UserStatus.INVITED,
      );
      if (!activated) throw new InvalidTokenError();
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.USER_ACTIVATED,
        userId: u.id,
        accountId: u.accountId,
        detail: `role ${u.role}`,
      });
      for (const hook of this.activationHooks) await hook(ctx, tx, u);
    });
    this.log.info({ event: 'user.activated', userId: user.id, requestId: ctx.requestId }, 'user activated');
    return true;
  }

  /** Queues an invitation e-mail with a fresh link, in the account's language (module-internal). */
  async sendInvitation(
    tx: Tx,
    user: BillingUser,
    account: { organisationName: string; locale: string },
  ): Promise<void> {
    const ttlDays = this.config.auth.invitationTtlDays;
    const token = await this.tokens.create(tx, user, UserTokenPurpose.INVITATION, ttlDays * 86400);
    const link = `${this.config.publicUrl}/activate?token=${encodeURIComponent(token)}`;
    await this.mail.enqueue(
      tx,
      [user.email],
      invitationMail({
        locale: account.locale,
        displayName: user.displayName,
        organisationName: account.organisationName,
        billingUserId: user.billingUserId,
        link,
        ttlDays,
      }),
    );
  }
}
