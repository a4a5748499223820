import { IsNull, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { isUniqueViolation } from '../../common/db-errors';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityAction, ActivityService } from '../account';
import { SUPPORTED_LOCALES } from '../account';
import { BillingUser, UserStatus } from './billing-user.entity';
import { userIdKey, validBillingUserId } from './billing-user-id';
import { PortalRole, Role } from '../../common/roles';
import { userStatusMachine } from './billing-user.state';
import type { CreateUserInput } from './identity.types';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import type { SessionService } from './session.service';
import { checkPasswordPolicy, hashPassword } from './password';
import { UserToken, UserTokenPurpose } from './user-token.entity';

/**
 * A new user's e-mail language: one of the supported locales (any letter
 * case, stored as listed) for staff, or null (English). A billing contact has
 * none of their own: their e-mails follow the account's locale.
 */
export function staffLocale(raw: string | null | undefined, role: Role): string | null {
  const wanted = raw?.trim();
  if (!wanted) return null;
  if (role === Role.BILLING_CONTACT)
    throw new BadUserInputError(
      "A billing contact's e-mails follow the account's locale; set it on the account",
      'locale',
    );
  const locale = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === wanted.replace(/_/g, '-').toLowerCase());
  if (!locale) throw new BadUserInputError(`locale must be one of ${SUPPORTED_LOCALES.join(', ')}`, 'locale');
  return locale;
}

/** Users themselves: creating staff and contacts with a password, disabling and re-enabling them. */
export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly log: Logger,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly securityEvents: SecurityEventService,
    private readonly sessions: SessionService,
  ) {}

  private get users() {
    return this.ds.getRepository(BillingUser);
  }

  /** Disables or re-enables a user (account services' security switch). Disabling ends every session at once. */
  setUserStatus(
    ctx: RequestContext,
    userId: string,
    status: UserStatus.ACTIVE | UserStatus.DISABLED,
  ): Promise<BillingUser> {
    return this.changeUser(ctx, userId, (tx, user) => this.moveStatus(ctx, tx, user, status));
  }

  /**
   * Changes a user in a transaction: a contact's account is locked first (the
   * order of every contact change), then the user, who is handed to `change`
   * as read under the lock. NOT_FOUND for a user the caller cannot see.
   */
  changeUser(
    ctx: RequestContext,
    userId: string,
    change: (tx: Tx, user: BillingUser) => Promise<void>,
  ): Promise<BillingUser> {
    return inTransaction(this.ds, async (tx) => {
      // Only locking reads after the account lock count: a plain read fixes an older MySQL snapshot.
      const found = await tx.manager.findOneBy(BillingUser, { id: userId });
      if (!found) throw new NotFoundError('User');
      if (found.accountId)
        await this.accounts.lockVisibleAccount(ctx, tx, found.accountId).catch((err: unknown) => {
          throw err instanceof NotFoundError ? new NotFoundError('User') : err;
        });
      const user = await tx.manager.findOneOrFail(BillingUser, { where: { id: userId }, ...forUpdate(tx) });
      await change(tx, user);
      return tx.manager.findOneByOrFail(BillingUser, { id: user.id });
    });
  }

  /** Moves a locked user to ACTIVE or DISABLED (module-internal; nothing when already there). */
  async moveStatus(
    ctx: RequestContext,
    tx: Tx,
    user: BillingUser,
    status: UserStatus.ACTIVE | UserStatus.DISABLED,
    actions: readonly [enabled: ActivityAction, disabled: ActivityAction] = [
      'BILLING_CONTACT_ENABLED',
      'BILLING_CONTACT_DISABLED',
    ],
  ): Promise<void> {
    if (user.status === status) return;
    userStatusMachine.assert(user.status, status);
    if (status === UserStatus.ACTIVE && !user.passwordHash)
      throw new ConflictError('This user never set a password; send a new invitation instead');
    const now = new Date();
    const moved = await userStatusMachine.update(
      tx.manager,
      BillingUser,
      { id: user.id },
      status,
      { sessionVersion: () => 'session_version + 1', updatedAt: now },
      user.status,
    );
    if (!moved) throw new ConflictError('The user was changed at the same time; try again');
    if (status === UserStatus.DISABLED) {
      await this.sessions.revokeSessions(tx, { userId: user.id }, 'USER_DISABLED');
      // An invitation not yet used stops working too.
      await tx.manager.update(
        UserToken,
        { userId: user.id, purpose: UserTokenPurpose.INVITATION, usedAt: IsNull() },
        { usedAt: now },
      );
    }
    await this.securityEvents.record(ctx, tx, {
      type: status === UserStatus.DISABLED ? SecurityEventType.USER_DISABLED : SecurityEventType.USER_ENABLED,
      userId: user.id,
      accountId: user.accountId,
    });
    if (user.accountId)
      await this.activity.record(ctx, tx, user.accountId, status === UserStatus.ACTIVE ? actions[0] : actions[1], [
        { field: `status (${user.billingUserId})`, from: user.status, to: status },
      ]);
    this.log.info(
      { event: `user.${status.toLowerCase()}`, userId: user.id, by: ctx.principal?.userId, requestId: ctx.requestId },
      'user status changed',
    );
  }

  /**
   * Whether a new user may become the account's billing contact (the one
   * named on invoices), under the caller's account lock: yes when it has none,
   * or only a disabled one, who then gives up the place (module-internal).
   */
  async takeBillingContactPlace(tx: Tx, accountId: string): Promise<boolean> {
    const current = await tx.manager.findOne(BillingUser, { where: { primaryAccountId: accountId }, ...forUpdate(tx) });
    if (!current) return true;
    if (current.status !== UserStatus.DISABLED) return false;
    await tx.manager.update(BillingUser, { id: current.id }, { primaryAccountId: null, updatedAt: new Date() });
    return true;
  }

  /** Creates an active user with a password (command line, demo data, fixtures). */
  async createUser(input: CreateUserInput): Promise<BillingUser> {
    const billingUserId = validBillingUserId(input.billingUserId);
    if (input.role === Role.BILLING_CONTACT) {
      if (!input.accountId || !(await this.accounts.findById(input.accountId)))
        throw new BadUserInputError('A billing contact needs an existing account', 'accountId');
    } else if (input.accountId) {
      throw new BadUserInputError('Staff users do not belong to an account', 'accountId');
    }
    const locale = staffLocale(input.locale, input.role);
    checkPasswordPolicy(input.password, [billingUserId, input.email]);
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.ds, async (tx) => {
      const now = new Date();
      const portalRole = input.role === Role.BILLING_CONTACT ? (input.portalRole ?? PortalRole.ADMIN) : null;
      // The account's first ADMIN is its billing contact (named on invoices); later ones are further portal users.
      const primary =
        portalRole === PortalRole.ADMIN && (await this.takeBillingContactPlace(tx, input.accountId!))
          ? input.accountId!
          : null;
      const user = tx.manager.create(BillingUser, {
        billingUserId,
        userIdKey: userIdKey(billingUserId),
        email: input.email.trim(),
        displayName: input.displayName.trim(),
        role: input.role,
        portalRole,
        accountId: input.accountId ?? null,
        primaryAccountId: primary,
        status: UserStatus.ACTIVE,
        passwordHash,
        activatedAt: now,
        locale,
      });
      await this.insertUser(tx, user);
      // Made from the command line, the demo data or fixtures: no request, no actor.
      await this.securityEvents.record({ clientAddress: 'local', userAgent: null, principal: null }, tx, {
        type: SecurityEventType.USER_CREATED,
        userId: user.id,
        accountId: user.accountId,
        detail: `role ${user.role}`,
      });
      return user;
    });
  }

  countUsers(): Promise<number> {
    return this.users.count();
  }

  /** Inserts a new user; a billing user ID already taken is CONFLICT (module-internal). */
  async insertUser(tx: Tx, user: BillingUser): Promise<void> {
    try {
      await tx.manager.insert(BillingUser, user);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('This billing user ID is already taken');
      throw err;
    }
  }
}
