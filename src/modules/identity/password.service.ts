import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { RequestContext } from '../../context';
import type { Clock } from '../../common/clock';
import { logBackgroundFailure } from '../../common/db-availability';
import { AppError, BadUserInputError, UnauthenticatedError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { outsideRequestScope } from '../../common/request-scope';
import { forUpdate, inTransaction } from '../../common/transactions';
import type { MailService } from '../../mail';
import { passwordChangedMail, passwordResetMail } from './identity.mails';
import { AuthSession, RefreshToken } from './auth-session.entity';
import { BillingUser, UserStatus } from './billing-user.entity';
import { userIdKey } from './billing-user-id';
import type { AuthPayload } from './identity.types';
import { SecurityEventType } from './security-event.entity';
import type { SecurityEventService } from './security-event.service';
import type { SessionService } from './session.service';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
import type { UserDirectory } from './user-directory';
import type { UserTokens } from './user-token.service';
import { UserToken, UserTokenPurpose } from './user-token.entity';

/** Password resets and changes; a new password ends the user's other sessions. */
export class PasswordService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly mail: MailService,
    private readonly securityEvents: SecurityEventService,
    private readonly sessions: SessionService,
    private readonly userDirectory: UserDirectory,
    private readonly tokens: UserTokens,
    private readonly clock: Clock,
  ) {}

  private get users() {
    return this.ds.getRepository(BillingUser);
  }

  /** The login throttle, shared with logins: a wrong current password counts as a failed login. */
  private get throttle() {
    return this.sessions.throttle;
  }

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
      const token = await this.tokens.create(tx, user, UserTokenPurpose.PASSWORD_RESET, ttlMinutes * 60);
      const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      const locale = await this.userDirectory.mailLocaleOf(user, tx);
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
    const user = await this.tokens.redeem(token, UserTokenPurpose.PASSWORD_RESET, newPassword, async (tx, u, hash) => {
      await tx.manager.update(
        BillingUser,
        { id: u.id },
        { passwordHash: hash, sessionVersion: () => 'session_version + 1', updatedAt: new Date() },
      );
      await this.sessions.revokeSessions(tx, { userId: u.id }, 'PASSWORD_RESET');
      await this.mail.enqueue(
        tx,
        [u.email],
        passwordChangedMail({ locale: await this.userDirectory.mailLocaleOf(u, tx), displayName: u.displayName }),
      );
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.PASSWORD_RESET_COMPLETED,
        userId: u.id,
        accountId: u.accountId,
      });
    });
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
        passwordChangedMail({ locale: await this.userDirectory.mailLocaleOf(user, tx), displayName: user.displayName }),
      );
      await this.securityEvents.record(ctx, tx, {
        type: SecurityEventType.PASSWORD_CHANGED,
        userId: user.id,
        accountId: user.accountId,
      });
      const fresh = await m.findOneByOrFail(BillingUser, { id: user.id });
      return this.sessions.issueTokens(tx, fresh, session);
    });
  }
}
