import { randomInt } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { RequestContext } from '../../context';
import { today } from '../../common/dates';
import { isUniqueViolation } from '../../common/db-errors';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { EventBus, EventType } from '../../common/events';
import { paginate, type Page, type PageArgs } from '../../common/pagination';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE, type MailService } from '../../mail';
import { requestFiledMail, requestUpdateMail, type RequestUpdate } from './service-request.mails';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { UserStatus } from '../identity';
import { Role } from '../../common/roles';
import type { UserDirectory } from '../identity';
import type { SubscriptionService } from '../subscriptions';
import {
  RequestStatus,
  RequestType,
  ServiceRequest,
  ServiceRequestComment,
  type RequestDetails,
} from './service-request.entity';
import { requestStatusMachine } from './service-request.state';
import type { FileRequestInput, ServiceRequestFilter } from './service-request.types';

/** The fields each request type needs beyond subject and details. */
function detailsFor(input: FileRequestInput): RequestDetails {
  const need = (value: unknown, field: string) => {
    if (value === null || value === undefined || (typeof value === 'string' && !value.trim()))
      throw new BadUserInputError(`${field} is required for a ${input.type} request`, field);
  };
  switch (input.type) {
    case RequestType.BILLING_FREQUENCY_CHANGE:
      need(input.wantedFrequency, 'wantedFrequency');
      return { wantedFrequency: input.wantedFrequency! };
    case RequestType.CANCELLATION:
      need(input.reason, 'reason');
      need(input.wantedDate, 'wantedDate');
      return { reason: input.reason!.trim(), wantedDate: input.wantedDate! };
    case RequestType.FORM_REQUEST:
      need(input.formKind, 'formKind');
      return { formKind: input.formKind! };
    case RequestType.INVOICE_COPY:
      need(input.invoiceNumber, 'invoiceNumber');
      return { invoiceNumber: input.invoiceNumber!.trim() };
    default:
      return {};
  }
}

/** A comment or note: not blank, at most 10 000 characters. */
function checkText(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw new BadUserInputError(`${field} must not be blank`, field);
  if (text.length > 10_000) throw new BadUserInputError(`${field} must be at most 10000 characters`, field);
  return text;
}

/** Request types whose resolution can apply the change to the account in the same transaction. */
export const APPLICABLE_TYPES = [
  RequestType.BILLING_FREQUENCY_CHANGE,
  RequestType.REACTIVATION,
  RequestType.CANCELLATION,
];

/**
 * Requests from billing contacts to Corporate Account Services: filed by the
 * contact, worked by account services (take, comment, resolve or decline),
 * visible to the account's sales rep. Status changes go through the
 * transition table as conditional UPDATEs; the contact is e-mailed on each
 * status change and staff comment.
 */
export class ServiceRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly subscriptions: SubscriptionService,
    private readonly userDirectory: UserDirectory,
    private readonly mail: MailService,
  ) {}

  async file(ctx: RequestContext, input: FileRequestInput): Promise<ServiceRequest> {
    for (const field of ['subject', 'details'] as const) {
      if (!input[field].trim()) throw new BadUserInputError(`${field} must not be blank`, field);
    }
    const typeDetails = detailsFor(input);
    for (let attempt = 0; ; attempt++) {
      try {
        return await inTransaction(this.ds, async (tx) => {
          const account = await this.accounts.lockVisibleAccount(ctx, tx, ctx.principal?.accountId ?? '');
          const request = tx.manager.create(ServiceRequest, {
            accountId: account.id,
            reference: `CAS-${randomInt(10_000_000, 100_000_000)}`,
            type: input.type,
            subject: input.subject.trim(),
            details: input.details.trim(),
            typeDetails,
            filedBy: ctx.principal!.userId,
          });
          await tx.manager.insert(ServiceRequest, request);
          await this.activity.record(ctx, tx, account.id, 'SERVICE_REQUEST_FILED', [
            { field: 'request', from: null, to: `${request.reference} ${request.type}: ${request.subject}` },
          ]);
          await this.publish(tx, 'request.created', request);
          if (this.config.requestsNotifyEmail)
            await this.mail.enqueue(
              tx,
              [this.config.requestsNotifyEmail],
              requestFiledMail({
                // A shared mailbox, not a user: English.
                locale: DEFAULT_MAIL_LOCALE,
                reference: request.reference,
                organisationName: account.organisationName,
                type: request.type,
                subject: request.subject,
                link: `${this.config.publicUrl}/requests/${request.id}`,
              }),
            );
          return request;
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 5) throw err; // a reference drawn twice: draw again
      }
    }
  }

  /** Newest first; a contact sees their account's, a rep their accounts', account services all. */
  async list(
    ctx: RequestContext,
    filter: ServiceRequestFilter | null | undefined,
    page: PageArgs,
  ): Promise<Page<ServiceRequest>> {
    const qb = this.ds.getRepository(ServiceRequest).createQueryBuilder('r');
    this.accounts.restrictToVisibleAccounts(ctx, qb, 'r.account_id');
    if (filter?.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter?.type) qb.andWhere('r.type = :type', { type: filter.type });
    if (filter?.accountId) qb.andWhere('r.account_id = :accountId', { accountId: filter.accountId });
    return paginate(
      qb,
      page,
      {
        list: 'requests',
        columns: ['r.created_at', 'r.id'],
        direction: 'DESC',
        values: (r) => [r.createdAt.toISOString(), r.id],
      },
      (v, i) => (i === 0 ? new Date(String(v)) : v),
    );
  }

  async get(ctx: RequestContext, id: string): Promise<ServiceRequest> {
    const request = await this.ds.getRepository(ServiceRequest).findOneBy({ id });
    if (!request) throw new NotFoundError('Request');
    await this.accounts.getAccount(ctx, request.accountId).catch(() => {
      throw new NotFoundError('Request');
    });
    return request;
  }

  commentsOf(requestIds: readonly string[]): Promise<ServiceRequestComment[]> {
    return this.ds
      .getRepository(ServiceRequestComment)
      .find({ where: { requestId: In([...requestIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Account services take an open request: it is IN_PROGRESS and theirs. */
  async take(ctx: RequestContext, id: string): Promise<ServiceRequest> {
    return this.change(ctx, id, (tx, r) =>
      this.transition(ctx, tx, r, RequestStatus.IN_PROGRESS, { assignedTo: ctx.principal!.userId }, 'IN_PROGRESS'),
    );
  }

  async comment(ctx: RequestContext, id: string, body: string): Promise<ServiceRequestComment> {
    const text = checkText(body, 'body');
    return this.change(ctx, id, async (tx, r) => {
      if (r.status === RequestStatus.RESOLVED || r.status === RequestStatus.DECLINED)
        throw new ConflictError('This request is closed');
      const comment = tx.manager.create(ServiceRequestComment, {
        requestId: r.id,
        authorId: ctx.principal!.userId,
        authorRole: ctx.principal!.role,
        body: text,
      });
      await tx.manager.insert(ServiceRequestComment, comment);
      await tx.manager.update(ServiceRequest, { id: r.id }, { updatedAt: new Date() });
      if (ctx.principal!.role !== Role.BILLING_CONTACT) await this.tellContact(tx, r, 'REPLIED', text);
      return comment;
    });
  }

  /**
   * Resolves an in-progress request with a note. With `applyChange`, a
   * billing frequency change, reactivation or cancellation is applied to the
   * account in the same transaction, so request and subscription never
   * disagree (a cancellation wanted for a date already reached takes effect
   * at once, otherwise at the end of the term).
   */
  async resolve(ctx: RequestContext, id: string, note: string, applyChange: boolean): Promise<ServiceRequest> {
    note = checkText(note, 'note');
    return this.change(ctx, id, async (tx, r) => {
      if (applyChange) {
        if (!APPLICABLE_TYPES.includes(r.type))
          throw new BadUserInputError(`A ${r.type} request has no change to apply`, 'applyChange');
        requestStatusMachine.assert(r.status, RequestStatus.RESOLVED, 'request status');
        await this.applyChange(ctx, tx, r);
      }
      const resolved = await this.transition(
        ctx,
        tx,
        r,
        RequestStatus.RESOLVED,
        { resolutionNote: note.trim(), closedAt: new Date() },
        'RESOLVED',
        note,
      );
      await this.publish(tx, 'request.resolved', resolved);
      return resolved;
    });
  }

  async decline(ctx: RequestContext, id: string, note: string): Promise<ServiceRequest> {
    note = checkText(note, 'note');
    return this.change(ctx, id, (tx, r) =>
      this.transition(
        ctx,
        tx,
        r,
        RequestStatus.DECLINED,
        { resolutionNote: note.trim(), closedAt: new Date() },
        'DECLINED',
        note,
      ),
    );
  }

  private async applyChange(ctx: RequestContext, tx: Tx, r: ServiceRequest): Promise<void> {
    const d = r.typeDetails ?? {};
    switch (r.type) {
      case RequestType.BILLING_FREQUENCY_CHANGE:
        await this.accounts.setTerms(ctx, tx, r.accountId, { billingFrequency: d.wantedFrequency });
        return;
      case RequestType.REACTIVATION:
        await this.subscriptions.reactivate(ctx, tx, r.accountId, {});
        return;
      case RequestType.CANCELLATION: {
        // Cancellation takes effect now or at the end of the term; another date cannot be applied.
        const wanted = d.wantedDate ?? today();
        const [subscription] = await this.subscriptions.subscriptionsOf([r.accountId], tx);
        const immediately = wanted <= today();
        if (!immediately && subscription && wanted < subscription.termEnd)
          throw new AppError(
            'CANCELLATION_DATE_UNSUPPORTED',
            `Cancellation is wanted on ${wanted}, before the term ends on ${subscription.termEnd}: cancel now or at term end, and resolve without applyChange`,
          );
        await this.subscriptions.cancel(ctx, tx, r.accountId, {
          immediately,
          reason: `${r.reference}: ${d.reason ?? r.subject}`.slice(0, 500),
        });
        return;
      }
    }
  }

  /**
   * The request's event, in the transaction of its change, with its version
   * read back: reference, type and status only (never the subject, details or
   * notes, which people typed).
   */
  private async publish(tx: Tx, type: EventType, r: ServiceRequest): Promise<void> {
    const { version } = await tx.manager.findOneOrFail(ServiceRequest, {
      where: { id: r.id },
      select: { id: true, version: true },
    });
    r.version = version;
    await this.events.publish(tx, {
      type,
      accountId: r.accountId,
      data: { id: r.id, object: 'service_request', version, reference: r.reference, type: r.type, status: r.status },
    });
  }

  /** Loads a request the caller can see, locking it, or NOT_FOUND. */
  private change<T>(ctx: RequestContext, id: string, fn: (tx: Tx, r: ServiceRequest) => Promise<T>): Promise<T> {
    // Access is checked before the transaction: reads inside it use only its own connection.
    return this.get(ctx, id).then((found) =>
      inTransaction(this.ds, async (tx) => {
        const request = await tx.manager.findOne(ServiceRequest, { where: { id: found.id }, ...forUpdate(tx) });
        return fn(tx, request!);
      }),
    );
  }

  private async transition(
    ctx: RequestContext,
    tx: Tx,
    r: ServiceRequest,
    to: RequestStatus,
    changes: Partial<ServiceRequest>,
    update: RequestUpdate,
    note?: string,
  ): Promise<ServiceRequest> {
    requestStatusMachine.assert(r.status, to, 'request status');
    const moved = await requestStatusMachine.update(
      tx.manager,
      ServiceRequest,
      { id: r.id },
      to,
      { ...changes, updatedAt: new Date() },
      r.status,
    );
    if (!moved) throw new ConflictError('The request changed at the same time; try again');
    await this.activity.record(ctx, tx, r.accountId, 'SERVICE_REQUEST_STATUS_CHANGED', [
      { field: `status (${r.reference})`, from: r.status, to },
    ]);
    await this.tellContact(tx, r, update, note);
    return Object.assign(r, changes, { status: to });
  }

  /**
   * Updates go to the portal user who filed the request while they are active,
   * else to the account's active billing contact, in the account's language.
   */
  private async tellContact(tx: Tx, r: ServiceRequest, update: RequestUpdate, text?: string | null): Promise<void> {
    const [filer] = await this.userDirectory.findByIds([r.filedBy], tx);
    const contact =
      filer?.status === UserStatus.ACTIVE && filer.accountId === r.accountId
        ? filer
        : (await this.userDirectory.billingContactsOf([r.accountId], tx)).find((c) => c.status === UserStatus.ACTIVE);
    if (!contact) return;
    const locale = await this.userDirectory.mailLocaleOf(contact, tx);
    await this.mail.enqueue(
      tx,
      [contact.email],
      requestUpdateMail({
        locale,
        displayName: contact.displayName,
        reference: r.reference,
        subject: r.subject,
        update,
        text,
      }),
    );
  }
}
