import { In, IsNull, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { EventBus } from '../../common/events';
import type { Logger } from '../../common/logger';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE, type MailService } from '../../mail';
import { contactConfirmedMail, contactReplacedMail } from './contact-change.mails';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { SecurityEventType } from './security-event.entity';
import { BillingUser, UserStatus } from './billing-user.entity';
import { BillingContactChange, ContactChangeStatus } from './contact-change.entity';
import { contactChangeStatusMachine } from './contact-change.state';
import { userStatusMachine } from './billing-user.state';
import type { InvitationService } from './invitation.service';
import type { SecurityEventService } from './security-event.service';
import type { SessionService } from './session.service';
import { UserToken, UserTokenPurpose } from './user-token.entity';

export interface NewContact {
  billingUserId: string;
  email: string;
  displayName: string;
}

/**
 * Replacing an account's billing contact. The current contact or staff name
 * a new contact, who is invited; the current contact keeps access until the
 * new one activates, and can cancel before that. On activation, in the same
 * transaction, the previous contact is disabled and their sessions end, and
 * both are told by e-mail.
 */
export class ContactChangeService {
  constructor(
    private readonly ds: DataSource,
    private readonly invitations: InvitationService,
    private readonly sessions: SessionService,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly securityEvents: SecurityEventService,
    private readonly mail: MailService,
    private readonly log: Logger,
  ) {
    invitations.onActivation((ctx, tx, user) => this.complete(ctx, tx, user));
  }

  async request(ctx: RequestContext, accountId: string, contact: NewContact): Promise<BillingContactChange> {
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      if (await this.pendingFor(tx, account.id))
        throw new ConflictError('A change of billing contact is already pending; cancel it first');
      const current = await tx.manager.findOneBy(BillingUser, {
        primaryAccountId: account.id,
        status: In([UserStatus.ACTIVE, UserStatus.INVITED]),
      });
      if (!current) throw new ConflictError('This account has no billing contact yet; invite one instead');
      if (current.status === UserStatus.INVITED)
        throw new ConflictError(
          'The billing contact has not activated yet; send them a new invitation, or ask Corporate Account Services to replace them',
        );
      const newUser = await this.invitations.createInvitedContact(
        ctx,
        tx,
        account,
        contact,
        'BILLING_CONTACT_CHANGE_REQUESTED',
      );
      const change = tx.manager.create(BillingContactChange, {
        accountId: account.id,
        previousUserId: current.id,
        newUserId: newUser.id,
        requestedBy: ctx.principal?.userId ?? null,
      });
      await tx.manager.insert(BillingContactChange, change);
      return change;
    });
  }

  /** Cancels the pending change: the invited contact's link stops working and they never get access. */
  async cancel(ctx: RequestContext, accountId: string): Promise<boolean> {
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      const change = await this.pendingFor(tx, account.id);
      if (!change) throw new NotFoundError('Pending billing contact change');
      const now = new Date();
      const cancelled = await contactChangeStatusMachine.update(
        tx.manager,
        BillingContactChange,
        { id: change.id },
        ContactChangeStatus.CANCELLED,
        { closedAt: now },
      );
      if (!cancelled) throw new NotFoundError('Pending billing contact change');
      // Only while still invited: the invitation is what the cancellation takes back.
      await userStatusMachine.update(
        tx.manager,
        BillingUser,
        { id: change.newUserId },
        UserStatus.DISABLED,
        { updatedAt: now },
        UserStatus.INVITED,
      );
      await tx.manager.update(
        UserToken,
        { userId: change.newUserId, purpose: UserTokenPurpose.INVITATION, usedAt: IsNull() },
        { usedAt: now },
      );
      const invited = await tx.manager.findOneByOrFail(BillingUser, { id: change.newUserId });
      await this.activity.record(ctx, tx, account.id, 'BILLING_CONTACT_CHANGE_CANCELLED', [
        { field: 'billingContact', from: `${invited.displayName} <${invited.email}> (invited)`, to: null },
      ]);
      return true;
    });
  }

  /** Pending changes of these accounts (for a loader; the caller has checked access). */
  pendingOf(accountIds: readonly string[]): Promise<BillingContactChange[]> {
    return this.ds
      .getRepository(BillingContactChange)
      .findBy({ accountId: In([...accountIds]), status: ContactChangeStatus.PENDING });
  }

  private pendingFor(tx: Tx, accountId: string): Promise<BillingContactChange | null> {
    return tx.manager.findOne(BillingContactChange, {
      where: { accountId, status: ContactChangeStatus.PENDING },
      ...forUpdate(tx),
    });
  }

  /** In the activation transaction of `user`: if they replace a contact, the switch happens now. */
  private async complete(ctx: RequestContext, tx: Tx, user: BillingUser): Promise<void> {
    const change = await tx.manager.findOne(BillingContactChange, { where: { newUserId: user.id }, ...forUpdate(tx) });
    if (!change) return;
    const now = new Date();
    // Completed or cancelled already (read under the lock, or moved by a racing activation): refused.
    const completed =
      change.status === ContactChangeStatus.PENDING &&
      (await contactChangeStatusMachine.update(
        tx.manager,
        BillingContactChange,
        { id: change.id },
        ContactChangeStatus.COMPLETED,
        { closedAt: now },
      ));
    if (!completed)
      throw new ConflictError(
        change.status === ContactChangeStatus.COMPLETED
          ? 'This change of billing contact is already complete'
          : 'This change of billing contact was cancelled',
      );
    const previous = await tx.manager.findOneByOrFail(BillingUser, { id: change.previousUserId });
    // A previous contact whose access staff already ended stays as it is: disabled once.
    const disabled = await userStatusMachine.update(tx.manager, BillingUser, { id: previous.id }, UserStatus.DISABLED, {
      sessionVersion: () => 'session_version + 1',
      updatedAt: now,
    });
    if (disabled) await this.sessions.revokeSessions(tx, { userId: previous.id }, 'BILLING_CONTACT_REPLACED');
    // The new contact takes the place named on invoices (freed first: the column is unique).
    await tx.manager.update(BillingUser, { primaryAccountId: change.accountId }, { primaryAccountId: null });
    await tx.manager.update(BillingUser, { id: user.id }, { primaryAccountId: change.accountId, updatedAt: now });
    const account = await this.accounts.findById(change.accountId, tx);
    const organisationName = account?.organisationName ?? 'your organisation';
    // Both are (or were) the account's billing contact: they read its language.
    const locale = account?.locale ?? DEFAULT_MAIL_LOCALE;
    // The new contact completes the change by activating: they are the actor.
    const actor = {
      ...ctx,
      principal: { userId: user.id, role: user.role, accountId: user.accountId, sessionId: '', user },
    };
    await this.securityEvents.record(actor, tx, {
      type: SecurityEventType.BILLING_CONTACT_CHANGED,
      userId: user.id,
      accountId: change.accountId,
      detail: `replaces ${previous.billingUserId}, whose access ended`,
    });
    await this.activity.record(actor, tx, change.accountId, 'BILLING_CONTACT_CHANGED', [
      {
        field: 'billingContact',
        from: `${previous.displayName} <${previous.email}>`,
        to: `${user.displayName} <${user.email}>`,
      },
    ]);
    // The contact belongs to the account: the account's version moves on, and the event names only the new user.
    const version = await this.accounts.bumpVersion(tx, change.accountId);
    await this.events.publish(tx, {
      type: 'billing_contact.changed',
      accountId: change.accountId,
      data: { id: change.accountId, object: 'account', version, contactUserId: user.id },
    });
    await this.mail.enqueue(
      tx,
      [previous.email],
      contactReplacedMail({
        locale,
        displayName: previous.displayName,
        organisationName,
        newContactName: user.displayName,
      }),
    );
    await this.mail.enqueue(
      tx,
      [user.email],
      contactConfirmedMail({ locale, displayName: user.displayName, organisationName }),
    );
    this.log.info(
      {
        event: 'billing_contact.changed',
        accountId: change.accountId,
        from: previous.id,
        to: user.id,
        requestId: ctx.requestId,
      },
      'billing contact changed',
    );
  }
}
