import type { ActivityAction } from '../account/activity-actions';
import { In, IsNull, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Principal, RequestContext } from '../../context';
import type { Clock } from '../../common/clock';
import { logBackgroundFailure } from '../../common/db-availability';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError, BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { outsideRequestScope } from '../../common/request-scope';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE, type MailService } from '../../mail';
import { invitationMail, passwordChangedMail, passwordResetMail } from './identity.mails';
import type { AccountService } from '../account/account.service';
import type { ActivityService } from '../account/activity.service';
import { SUPPORTED_LOCALES } from '../account/corporate-account.entity';
import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser, UserStatus } from './billing-user.entity';
import { Role } from '../../common/roles';
import { userStatusMachine } from './billing-user.state';
import type { AuthPayload, CreateUserInput, InviteBillingContactInput } from './identity.types';
import { LoginThrottleService } from './login-throttle.service';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import { burnPasswordCheck, checkPasswordPolicy, hashPassword, verifyPassword } from './password';
import { randomToken, sha256, signAccessToken, verifyAccessToken } from './tokens';
import { UserToken, UserTokenPurpose } from './user-token.entity';

export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The billing user ID or password is incorrect');
  }
}

export class InvalidTokenError extends AppError {
  constructor() {
    super('INVALID_TOKEN', 'This link is invalid, has expired or was already used');
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Folds a billing user ID for look-up: trimmed, NFKC, lower case. */
export function userIdKey(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** Checks a new billing user ID: a username or an e-mail address. Returns it trimmed. */
export function validBillingUserId(raw: string): string {
  const trimmed = raw.normalize('NFKC').trim();
  const key = trimmed.toLowerCase();
  if (!USERNAME.test(key) && !(key.length <= 254 && EMAIL.test(key)))
    throw new BadUserInputError(
      'billingUserId must be a username (3 to 64 of a-z, 0-9, dot, underscore, dash) or an e-mail address',
      'billingUserId',
    );
  return trimmed;
}

type ClientInfo = Pick<RequestContext, 'clientAddress' | 'userAgent'>;

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

/**
 * Logins, sessions, password resets and invitations. Every rule about who is
 * who lives here; resolvers only pass the request context and arguments.
 */
/** Runs in the activation transaction of an invited user (e.g. to complete a billing contact change). */
export type ActivationHook = (ctx: RequestContext, tx: Tx, user: BillingUser) => Promise<void>;

export class IdentityService {
  readonly throttle: LoginThrottleService;
  private readonly activationHooks: ActivationHook[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly mail: MailService,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly securityEvents: SecurityEventService,
    private readonly clock: Clock,
  ) {
    this.throttle = new LoginThrottleService(ds, config.auth);
  }

  private get users() {
    return this.ds.getRepository(BillingUser);
  }

  // ---- access tokens -------------------------------------------------------

  /**
   * The principal behind an access token: the signature, claims, session and
   * user are all checked, in one SQL statement. Null when anything is off.
   */
  async authenticate(token: string): Promise<Principal | null> {
    const claims = verifyAccessToken(this.config.jwt, token);
    if (!claims) return null;
    const user = await this.users
      .createQueryBuilder('u')
      .innerJoin(AuthSession, 's', 's.user_id = u.id')
      .where('u.id = :userId AND s.id = :sessionId', { userId: claims.userId, sessionId: claims.sessionId })
      .andWhere('s.revoked_at IS NULL AND s.expires_at > :now', { now: new Date() })
      .getOne();
    if (!user || user.status !== UserStatus.ACTIVE || user.sessionVersion !== claims.sessionVersion) return null;
    return { userId: user.id, role: user.role, accountId: user.accountId, sessionId: claims.sessionId, user };
  }

  // ---- login and sessions --------------------------------------------------

  async login(ctx: RequestContext, userId: string, password: string): Promise<AuthPayload> {
    const key = userIdKey(userId);
    const throttleKeys = this.throttle.keysFor(key, ctx.clientAddress);
    const attempt = await this.throttle.beginAttempt(throttleKeys).catch(async (err: unknown) => {
      if (err instanceof AppError && err.code === 'LOGIN_THROTTLED') {
        const known = key ? await this.users.findOneBy({ userIdKey: key }) : null;
        await inTransaction(this.ds, (tx) =>
          this.securityEvents.record(ctx, tx, {
            type: SecurityEventType.LOGIN_THROTTLED,
            userId: known?.id,
            accountId: known?.accountId,
            attemptedUserId: userId,
          }),
        );
      }
      throw err;
    });

    const user = key ? await this.users.findOneBy({ userIdKey: key }) : null;
    let ok = false;
    if (user?.passwordHash && user.status === UserStatus.ACTIVE) ok = await verifyPassword(user.passwordHash, password);
    else await burnPasswordCheck(password);

    if (!ok || !user) {
      this.log.info(
        { event: 'login.failed', requestId: ctx.requestId, clientAddress: ctx.clientAddress },
        'login failed',
      );
      await inTransaction(this.ds, (tx) =>
        this.securityEvents.record(ctx, tx, {
          type: SecurityEventType.LOGIN_FAILED,
          userId: user?.id,
          accountId: user?.accountId,
          attemptedUserId: userId,
        }),
      );
      throw new InvalidCredentialsError();
    }
    await this.throttle.attemptSucceeded(attempt);
    this.log.info({ event: 'login.succeeded', requestId: ctx.requestId, userId: user.id }, 'login succeeded');
    return inTransaction(this.ds, async (tx) => {
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.LOGIN_SUCCEEDED,
        userId: user.id,
        accountId: user.accountId,
      });
      return this.openSession(ctx, tx, user);
    });
  }

  /** Exchanges a refresh token for new tokens. A token used twice ends its whole session. */
  async refreshSession(ctx: RequestContext, refreshToken: string): Promise<AuthPayload> {
    const outcome = await inTransaction(this.ds, async (tx) => {
      const m = tx.manager;
      const found = await m.findOneBy(RefreshToken, { tokenHash: sha256(refreshToken) });
      if (!found) return 'invalid' as const;
      // Session row, then token row: the order of every session change (user, session, token), so none deadlock.
      const session = await m.findOne(AuthSession, { where: { id: found.sessionId }, ...forUpdate(tx) });
      if (!session || session.revokedAt) return 'invalid' as const;
      const row = await m.findOne(RefreshToken, { where: { id: found.id }, ...forUpdate(tx) });
      if (!row) return 'invalid' as const; // replaced meanwhile by changePassword
      const now = new Date();
      // Conditional update: of two concurrent uses exactly one wins, the other is a reuse.
      const claimed =
        !row.usedAt && (await m.update(RefreshToken, { id: row.id, usedAt: IsNull() }, { usedAt: now })).affected === 1;
      if (!claimed) {
        await this.revokeSessions(tx, { id: session.id }, 'REFRESH_TOKEN_REUSE');
        await this.securityEvents.record(ctx, tx, {
          type: SecurityEventType.REFRESH_TOKEN_REUSED,
          userId: session.userId,
          detail: 'the session was ended',
        });
        this.log.warn(
          { event: 'session.reuse', sessionId: session.id, requestId: ctx.requestId },
          'refresh token reused',
        );
        return 'reused' as const;
      }
      const user = await m.findOneBy(BillingUser, { id: session.userId });
      if (row.expiresAt <= now || session.expiresAt <= now || user?.status !== UserStatus.ACTIVE)
        return 'invalid' as const;
      return this.issueTokens(tx, user, session);
    });
    if (typeof outcome === 'string') throw new UnauthenticatedError('Your session has ended; log in again');
    return outcome;
  }

  /** Ends the session of the given refresh token, or else the caller's current session. */
  async logout(ctx: RequestContext, refreshToken?: string | null): Promise<boolean> {
    // An empty token is a mistake, not "this session": it must not end the caller's session.
    if (refreshToken != null && refreshToken.trim() === '')
      throw new BadUserInputError('refreshToken must not be empty; omit it to end the current session', 'refreshToken');
    await inTransaction(this.ds, async (tx) => {
      let sessionId = ctx.principal?.sessionId;
      if (refreshToken) {
        const row = await tx.manager.findOneBy(RefreshToken, { tokenHash: sha256(refreshToken) });
        sessionId = row?.sessionId;
        if (!sessionId) return;
      }
      if (!sessionId) throw new UnauthenticatedError();
      await this.revokeSessions(tx, { id: sessionId }, 'LOGOUT');
    });
    return true;
  }

  private async openSession(client: ClientInfo, tx: Tx, user: BillingUser): Promise<AuthPayload> {
    const session = tx.manager.create(AuthSession, {
      userId: user.id,
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
      clientAddress: client.clientAddress.slice(0, 64),
      userAgent: client.userAgent,
    });
    await tx.manager.insert(AuthSession, session);
    return this.issueTokens(tx, user, session);
  }

  private async issueTokens(tx: Tx, user: BillingUser, session: AuthSession): Promise<AuthPayload> {
    const refreshToken = randomToken('rt_');
    const refresh = tx.manager.create(RefreshToken, {
      sessionId: session.id,
      tokenHash: sha256(refreshToken),
      expiresAt: session.expiresAt,
    });
    await tx.manager.insert(RefreshToken, refresh);
    const access = signAccessToken(this.config.jwt, {
      userId: user.id,
      sessionId: session.id,
      sessionVersion: user.sessionVersion,
      role: user.role,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: refresh.expiresAt,
      user,
    };
  }

  /** Ends sessions (module-internal). */
  async revokeSessions(tx: Tx, where: { id?: string; userId?: string }, reason: string): Promise<void> {
    await tx.manager.update(
      AuthSession,
      { ...where, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  // ---- passwords -----------------------------------------------------------

  /**
   * Always answers true, whether or not the user exists, and in the same time:
   * the link is made and queued after the answer, so nobody can probe user IDs.
   */
  async requestPasswordReset(ctx: RequestContext, userId: string): Promise<boolean> {
    const key = userIdKey(userId);
    const user = key ? await this.users.findOneBy({ userIdKey: key }) : null;
    const client = { clientAddress: ctx.clientAddress, userAgent: ctx.userAgent, principal: null };
    if (user && user.status === UserStatus.ACTIVE) this.inBackground(() => this.issuePasswordReset(ctx, user));
    else
      this.inBackground(() =>
        inTransaction(this.ds, (tx) =>
          this.securityEvents.record(client, tx, {
            type: SecurityEventType.PASSWORD_RESET_REQUESTED,
            userId: user?.id,
            attemptedUserId: userId,
            detail: 'no e-mail: unknown or inactive user',
          }),
        ),
      );
    return true;
  }

  private async issuePasswordReset(ctx: RequestContext, user: BillingUser): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      // Serialise requests for one user so the hourly limit holds under concurrency.
      await tx.manager.findOne(BillingUser, { where: { id: user.id }, ...forUpdate(tx) });
      const recent = await tx.manager
        .createQueryBuilder(UserToken, 't')
        .where('t.user_id = :id AND t.purpose = :purpose AND t.created_at > :since', {
          id: user.id,
          purpose: UserTokenPurpose.PASSWORD_RESET,
          since: new Date(this.clock.now().getTime() - 3600_000),
        })
        .getCount();
      const event = {
        type: SecurityEventType.PASSWORD_RESET_REQUESTED,
        userId: user.id,
        accountId: user.accountId,
        attemptedUserId: user.billingUserId,
      };
      const client = { clientAddress: ctx.clientAddress, userAgent: ctx.userAgent, principal: null };
      if (recent >= this.config.auth.resetRequestsPerHour) {
        this.log.info(
          { event: 'reset.limited', userId: user.id, requestId: ctx.requestId },
          'password reset limit reached',
        );
        await this.securityEvents.record(client, tx, { ...event, detail: 'no e-mail: hourly limit reached' });
        return;
      }
      await this.securityEvents.record(client, tx, event);
      const ttlMinutes = this.config.auth.passwordResetTtlMinutes;
      const token = await this.createUserToken(tx, user, UserTokenPurpose.PASSWORD_RESET, ttlMinutes * 60);
      const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      const locale = await this.mailLocaleOf(user, tx);
      await this.mail.enqueue(
        tx,
        [user.email],
        passwordResetMail({ locale, displayName: user.displayName, link, ttlMinutes }),
      );
      this.log.info(
        { event: 'reset.requested', userId: user.id, requestId: ctx.requestId },
        'password reset requested',
      );
    });
  }

  private readonly pending = new Set<Promise<void>>();

  /**
   * Work that must not delay the answer: it starts after the response has
   * been written (better-sqlite3 blocks, so starting at once would still
   * delay it), outside the request's scope. Failures are logged; `drain`
   * waits for it.
   */
  private inBackground(task: () => Promise<void>): void {
    const p: Promise<void> = new Promise<void>((resolve) => outsideRequestScope(() => setTimeout(resolve, 5)))
      .then(() => outsideRequestScope(task))
      .catch((err) => logBackgroundFailure(this.ds, this.log, err, 'background identity task failed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for background work (called on shutdown before the pool closes). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Sets a new password from a reset link; ends every session; does not log in. */
  async resetPassword(ctx: RequestContext, token: string, newPassword: string): Promise<boolean> {
    const user = await this.redeemUserToken(
      token,
      UserTokenPurpose.PASSWORD_RESET,
      newPassword,
      async (tx, u, hash) => {
        await tx.manager.update(
          BillingUser,
          { id: u.id },
          { passwordHash: hash, sessionVersion: () => 'session_version + 1', updatedAt: new Date() },
        );
        await this.revokeSessions(tx, { userId: u.id }, 'PASSWORD_RESET');
        await this.mail.enqueue(
          tx,
          [u.email],
          passwordChangedMail({ locale: await this.mailLocaleOf(u, tx), displayName: u.displayName }),
        );
        await this.securityEvents.record(ctx, tx, {
          type: SecurityEventType.PASSWORD_RESET_COMPLETED,
          userId: u.id,
          accountId: u.accountId,
        });
      },
    );
    await this.throttle.clear(user.userIdKey);
    this.log.info({ event: 'reset.completed', userId: user.id, requestId: ctx.requestId }, 'password reset completed');
    return true;
  }

  /** Changes the caller's password and ends their other sessions; returns fresh tokens for this one. */
  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<AuthPayload> {
    const principal = ctx.principal;
    if (!principal) throw new UnauthenticatedError();
    const user = await this.users.findOneByOrFail({ id: principal.userId });
    const attempt = await this.throttle.beginAttempt(this.throttle.keysFor(user.userIdKey, ctx.clientAddress));
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword)))
      throw new AppError('INVALID_CREDENTIALS', 'The current password is incorrect', { field: 'currentPassword' });
    await this.throttle.attemptSucceeded(attempt);
    if (currentPassword === newPassword)
      throw new BadUserInputError('The new password must differ from the current one', 'newPassword');
    checkPasswordPolicy(newPassword, [user.billingUserId, user.email]);
    const hash = await hashPassword(newPassword);

    return inTransaction(this.ds, async (tx) => {
      const m = tx.manager;
      // Locks in the order every session change takes them: user, then sessions, then tokens.
      await m.update(
        BillingUser,
        { id: user.id },
        { passwordHash: hash, sessionVersion: () => 'session_version + 1', updatedAt: new Date() },
      );
      const session = await m.findOne(AuthSession, { where: { id: principal.sessionId }, ...forUpdate(tx) });
      if (!session || session.revokedAt) throw new UnauthenticatedError('Your session has ended; log in again');
      await m
        .createQueryBuilder()
        .update(AuthSession)
        .set({ revokedAt: new Date(), revokedReason: 'PASSWORD_CHANGED' })
        .where('user_id = :userId AND id <> :sessionId AND revoked_at IS NULL', {
          userId: user.id,
          sessionId: principal.sessionId,
        })
        .execute();
      // The current session continues with a new refresh token; its old ones stop working.
      await m.delete(RefreshToken, { sessionId: principal.sessionId });
      await this.mail.enqueue(
        tx,
        [user.email],
        passwordChangedMail({ locale: await this.mailLocaleOf(user, tx), displayName: user.displayName }),
      );
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.PASSWORD_CHANGED,
        userId: user.id,
        accountId: user.accountId,
      });
      const fresh = await m.findOneByOrFail(BillingUser, { id: user.id });
      return this.issueTokens(tx, fresh, session);
    });
  }

  // ---- users and invitations -----------------------------------------------

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
    const current = await tx.manager.findOneBy(BillingUser, {
      accountId: account.id,
      role: Role.BILLING_CONTACT,
      status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
    });
    if (current) throw new ConflictError('This account already has a billing contact');
    return this.createInvitedContact(ctx, tx, account, { ...input, billingUserId }, 'BILLING_CONTACT_INVITED');
  }

  /**
   * An INVITED billing contact of `account` with an invitation e-mail, and an
   * activity entry (module-internal: the caller has locked the account and
   * checked that it may add a contact).
   */
  async createInvitedContact(
    ctx: RequestContext,
    tx: Tx,
    account: { id: string; organisationName: string; locale: string },
    input: { billingUserId: string; email: string; displayName: string },
    action: ActivityAction,
  ): Promise<BillingUser> {
    const billingUserId = validBillingUserId(input.billingUserId);
    const user = tx.manager.create(BillingUser, {
      billingUserId,
      userIdKey: userIdKey(billingUserId),
      email: input.email.trim(),
      displayName: input.displayName.trim(),
      role: Role.BILLING_CONTACT,
      accountId: account.id,
      status: UserStatus.INVITED,
      passwordHash: null,
      activatedAt: null,
    });
    await this.insertUser(tx, user);
    await this.securityEvents.record(ctx, tx, {
      type: SecurityEventType.USER_CREATED,
      userId: user.id,
      accountId: account.id,
      detail: `role ${user.role}, invited`,
    });
    await this.sendInvitation(tx, user, account);
    await this.activity.record(ctx, tx, account.id, action, [
      { field: 'billingContact', from: null, to: `${user.displayName} <${user.email}> (${user.billingUserId})` },
    ]);
    this.log.info(
      { event: 'user.invited', userId: user.id, by: ctx.principal?.userId, requestId: ctx.requestId },
      'billing contact invited',
    );
    return user;
  }

  /** Sends a new invitation link to a user who has not activated yet; earlier links stop working. */
  async resendInvitation(ctx: RequestContext, userId: string): Promise<BillingUser> {
    const user = await this.users.findOneBy({ id: userId });
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
    const user = await this.redeemUserToken(token, UserTokenPurpose.INVITATION, password, async (tx, u, hash) => {
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
      if (status === UserStatus.DISABLED) await this.revokeSessions(tx, { userId: user.id }, 'USER_DISABLED');
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

  /**
   * The locale a user's e-mails are written in: a billing contact's account's,
   * a staff member's own, English when they have none.
   */
  async mailLocaleOf(user: Pick<BillingUser, 'accountId' | 'locale'>, tx?: Tx): Promise<string> {
    if (user.accountId) return (await this.accounts.findById(user.accountId, tx))?.locale ?? DEFAULT_MAIL_LOCALE;
    return user.locale ?? DEFAULT_MAIL_LOCALE;
  }

  /** The current billing contacts (active or invited) of these accounts. */
  billingContactsOf(accountIds: readonly string[], tx?: Tx): Promise<BillingUser[]> {
    return (tx?.manager.getRepository(BillingUser) ?? this.users).find({
      where: {
        accountId: In([...accountIds]),
        role: Role.BILLING_CONTACT,
        status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
      },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Accounts whose current billing contact has this e-mail (case-insensitive),
   * for staff search: the active contact, or the invited one of an account
   * that has no active contact (not a replacement still pending).
   */
  async accountIdsOfContactEmail(email: string): Promise<string[]> {
    const matches = await this.users
      .createQueryBuilder('u')
      .where('LOWER(u.email) = :email AND u.role = :role AND u.status IN (:...statuses)', {
        email: email.trim().toLowerCase(),
        role: Role.BILLING_CONTACT,
        statuses: [UserStatus.ACTIVE, UserStatus.INVITED],
      })
      .getMany();
    const invitedAccounts = matches.filter((u) => u.status === UserStatus.INVITED).map((u) => u.accountId!);
    const active = invitedAccounts.length ? await this.billingContactsOf(invitedAccounts) : [];
    return matches
      .filter(
        (u) =>
          u.status === UserStatus.ACTIVE ||
          !active.some((c) => c.accountId === u.accountId && c.status === UserStatus.ACTIVE),
      )
      .map((u) => u.accountId!);
  }

  /** An active sales rep, or BAD_USER_INPUT naming the field. */
  async requireSalesRep(id: string, field = 'salesRepId'): Promise<BillingUser> {
    const user = await this.users.findOneBy({ id });
    if (!user || user.role !== Role.SALES_REP || user.status !== UserStatus.ACTIVE)
      throw new BadUserInputError(`${field} is not an active sales representative`, field);
    return user;
  }

  findByIds(ids: readonly string[], tx?: Tx): Promise<BillingUser[]> {
    return (tx?.manager.getRepository(BillingUser) ?? this.users).findBy({ id: In([...ids]) });
  }

  countUsers(): Promise<number> {
    return this.users.count();
  }

  /** Inserts a new user; a billing user ID already taken is CONFLICT. */
  private async insertUser(tx: Tx, user: BillingUser): Promise<void> {
    try {
      await tx.manager.insert(BillingUser, user);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('This billing user ID is already taken');
      throw err;
    }
  }

  /** Queues an invitation e-mail with a fresh link, in the account's language (module-internal). */
  async sendInvitation(
    tx: Tx,
    user: BillingUser,
    account: { organisationName: string; locale: string },
  ): Promise<void> {
    const ttlDays = this.config.auth.invitationTtlDays;
    const token = await this.createUserToken(tx, user, UserTokenPurpose.INVITATION, ttlDays * 86400);
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

  private async createUserToken(
    tx: Tx,
    user: BillingUser,
    purpose: UserTokenPurpose,
    ttlSeconds: number,
  ): Promise<string> {
    const token = randomToken();
    await tx.manager.insert(
      UserToken,
      tx.manager.create(UserToken, {
        userId: user.id,
        purpose,
        tokenHash: sha256(token),
        createdAt: this.clock.now(),
        expiresAt: new Date(this.clock.now().getTime() + ttlSeconds * 1000),
      }),
    );
    return token;
  }

  /**
   * The shared path of reset and invitation links: the token must exist, be
   * unused and unexpired; the password must pass the policy (checked before
   * the token is spent, so the user can try again); then, in one transaction,
   * the token and every other unused token of that purpose are consumed and
   * `apply` runs with the new hash.
   */
  private async redeemUserToken(
    token: string,
    purpose: UserTokenPurpose,
    password: string,
    apply: (tx: Tx, user: BillingUser, hash: string) => Promise<void>,
  ): Promise<BillingUser> {
    const row = await this.ds.getRepository(UserToken).findOneBy({ tokenHash: sha256(token), purpose });
    const user = row ? await this.users.findOneBy({ id: row.userId }) : null;
    const expectedStatus = purpose === UserTokenPurpose.INVITATION ? UserStatus.INVITED : UserStatus.ACTIVE;
    if (!row || !user || row.usedAt || row.expiresAt <= this.clock.now() || user.status !== expectedStatus)
      throw new InvalidTokenError();
    checkPasswordPolicy(password, [user.billingUserId, user.email]);
    const hash = await hashPassword(password);
    await inTransaction(this.ds, async (tx) => {
      const now = new Date();
      const spent = await tx.manager.update(UserToken, { id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (spent.affected !== 1) throw new InvalidTokenError();
      await tx.manager.update(UserToken, { userId: user.id, purpose, usedAt: IsNull() }, { usedAt: now });
      await apply(tx, user, hash);
    });
    return user;
  }
}
