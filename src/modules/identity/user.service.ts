import { In, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { isUniqueViolation } from '../../common/db-errors';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
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

  /** Disables or re-enables a user (account services). Disabling ends every session at once. */
  async setUserStatus(
    ctx: RequestContext,
    userId: string,
    status: UserStatus.ACTIVE | UserStatus.DISABLED,
  ): Promise<BillingUser> {
    return inTransaction(this.ds, async (tx) => {
      // Only locking reads after the account lock count: a plain read fixes an older MySQL snapshot.
      const found = await tx.manager.findOneBy(BillingUser, { id: userId });
      if (!found) throw new NotFoundError('User');
      // A contact's account is locked first (the order of every contact change), then the user.
      if (found.accountId) await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const user = await tx.manager.findOneOrFail(BillingUser, { where: { id: userId }, ...forUpdate(tx) });
      if (user.status === status) return user;
      userStatusMachine.assert(user.status, status);
      if (status === UserStatus.ACTIVE && !user.passwordHash)
        throw new ConflictError('This user never set a password; send a new invitation instead');
      if (status === UserStatus.ACTIVE && user.role === Role.BILLING_CONTACT && user.accountId) {
        const other = await tx.manager.findOne(BillingUser, {
          where: {
            accountId: user.accountId,
            role: Role.BILLING_CONTACT,
            status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
          },
          ...forUpdate(tx),
        });
        if (other)
          throw new ConflictError('The account has another billing contact; change the billing contact instead');
      }
      const moved = await userStatusMachine.update(
        tx.manager,
        BillingUser,
        { id: user.id },
        status,
        { sessionVersion: () => 'session_version + 1', updatedAt: new Date() },
        user.status,
      );
      if (!moved) throw new ConflictError('The user was changed at the same time; try again');
      if (status === UserStatus.DISABLED) await this.sessions.revokeSessions(tx, { userId: user.id }, 'USER_DISABLED');
      await this.securityEvents.record(ctx, tx, {
        type: status === UserStatus.DISABLED ? SecurityEventType.USER_DISABLED : SecurityEventType.USER_ENABLED,
        userId: user.id,
        accountId: user.accountId,
      });
      if (user.accountId)
        await this.activity.record(
          ctx,
          tx,
          user.accountId,
          status === UserStatus.ACTIVE ? 'BILLING_CONTACT_ENABLED' : 'BILLING_CONTACT_DISABLED',
          [{ field: `status (${user.billingUserId})`, from: user.status, to: status }],
        );
      this.log.info(
        { event: `user.${status.toLowerCase()}`, userId: user.id, by: ctx.principal?.userId, requestId: ctx.requestId },
        'user status changed',
      );
      return tx.manager.findOneByOrFail(BillingUser, { id: user.id });
    });
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
      const user = tx.manager.create(BillingUser, {
        billingUserId,
        userIdKey: userIdKey(billingUserId),
        email: input.email.trim(),
        displayName: input.displayName.trim(),
        role: input.role,
        portalRole: input.role === Role.BILLING_CONTACT ? (input.portalRole ?? PortalRole.ADMIN) : null,
        accountId: input.accountId ?? null,
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
