import { IsNull, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Principal, RequestContext } from '../../context';
import { AppError, BadUserInputError, UnauthenticatedError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { readRows } from '../../common/rows';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser, UserStatus } from './billing-user.entity';
import { userIdKey } from './billing-user-id';
import type { AuthPayload } from './identity.types';
import { LoginThrottleService } from './login-throttle.service';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import { burnPasswordCheck, verifyPassword } from './password';
import { randomToken, sha256, signAccessToken, verifyAccessToken } from './tokens';

export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The billing user ID or password is incorrect');
  }
}

type ClientInfo = Pick<RequestContext, 'clientAddress' | 'userAgent'>;

/** Access tokens, logins and sessions: who is calling, and for how long. */
export class SessionService {
  readonly throttle: LoginThrottleService;

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly securityEvents: SecurityEventService,
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
    // Every request runs this: read as a plain row (the join selects nothing and matches one session).
    const [user] = await readRows(
      this.users
        .createQueryBuilder('u')
        .innerJoin(AuthSession, 's', 's.user_id = u.id')
        .where('u.id = :userId AND s.id = :sessionId', { userId: claims.userId, sessionId: claims.sessionId })
        .andWhere('s.revoked_at IS NULL AND s.expires_at > :now', { now: new Date() })
        .limit(1),
    );
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

  /** Ends every session of the caller, on every device: their access and refresh tokens stop working at once. */
  async logoutEverywhere(ctx: RequestContext): Promise<boolean> {
    const principal = ctx.principal;
    if (!principal) throw new UnauthenticatedError();
    await inTransaction(this.ds, async (tx) => {
      await this.revokeSessions(tx, { userId: principal.userId }, 'LOGOUT_EVERYWHERE');
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.SESSIONS_ENDED,
        userId: principal.userId,
        accountId: principal.accountId,
      });
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

  /** New access and refresh tokens for a session (module-internal: a password change keeps its session). */
  async issueTokens(tx: Tx, user: BillingUser, session: AuthSession): Promise<AuthPayload> {
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
}
