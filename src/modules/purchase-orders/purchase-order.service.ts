import type { ActivityAction } from '../account';
import { In, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { Clock } from '../../common/clock';
import { addDays, daysBetween } from '../../common/dates';
import { isUniqueViolation } from '../../common/db-errors';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE, type MailService } from '../../mail';
import { purchaseOrderExpiryMail } from './purchase-order.mails';
import { diff, type ActivityService } from '../account';
import type { AccountService } from '../account';
import { UserStatus } from '../identity';
import type { UserDirectory } from '../identity';
import { PurchaseOrder, PurchaseOrderReminder, PurchaseOrderStatus } from './purchase-order.entity';
import type { CreatePurchaseOrderInput, UpdatePurchaseOrderInput } from './purchase-order.types';

export const EXPIRES_SOON_DAYS = 30;

/** UPCOMING before validFrom, EXPIRED after expiresOn, ACTIVE in between (on `on`, a calendar date). */
export function purchaseOrderStatus(
  po: Pick<PurchaseOrder, 'validFrom' | 'expiresOn'>,
  on: string,
): PurchaseOrderStatus {
  if (on < po.validFrom) return PurchaseOrderStatus.UPCOMING;
  if (on > po.expiresOn) return PurchaseOrderStatus.EXPIRED;
  return PurchaseOrderStatus.ACTIVE;
}

export function expiresSoon(po: PurchaseOrder, on: string): boolean {
  return !po.deactivated && on <= po.expiresOn && daysBetween(on, po.expiresOn) <= EXPIRES_SOON_DAYS;
}

function checkDates(validFrom: string, expiresOn: string): void {
  if (expiresOn < validFrom) throw new BadUserInputError('expiresOn must not be before validFrom', 'expiresOn');
}

const FIELDS: Array<Extract<keyof PurchaseOrder, string>> = [
  'number',
  'description',
  'validFrom',
  'expiresOn',
  'ceilingMinor',
  'deactivated',
  'isDefault',
];

/**
 * Purchase orders of an account: kept by its billing contact (or staff who
 * can see the account), quoted on invoices, reminded before they expire.
 * Every change is on the account's activity trail.
 */
export class PurchaseOrderService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly userDirectory: UserDirectory,
    private readonly mail: MailService,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {}

  ofAccounts(accountIds: readonly string[]): Promise<PurchaseOrder[]> {
    return this.ds
      .getRepository(PurchaseOrder)
      .find({ where: { accountId: In([...accountIds]) }, order: { expiresOn: 'DESC', id: 'ASC' } });
  }

  async create(ctx: RequestContext, accountId: string, input: CreatePurchaseOrderInput): Promise<PurchaseOrder> {
    checkDates(input.validFrom, input.expiresOn);
    const number = input.number.trim();
    if (!number) throw new BadUserInputError('number must not be blank', 'number');
    return this.unique(number, () =>
      inTransaction(this.ds, async (tx) => {
        const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
        const po = tx.manager.create(PurchaseOrder, {
          accountId: account.id,
          number,
          numberKey: number.toLowerCase(),
          description: input.description?.trim() || null,
          validFrom: input.validFrom,
          expiresOn: input.expiresOn,
          ceilingMinor: input.ceilingMinor ?? null,
        });
        await tx.manager.insert(PurchaseOrder, po);
        await this.activity.record(
          ctx,
          tx,
          account.id,
          'PURCHASE_ORDER_CREATED',
          diff(
            {},
            po,
            FIELDS.filter((f) => f !== 'isDefault' && f !== 'deactivated'),
          ),
        );
        if (input.makeDefault) await this.makeDefault(ctx, tx, po);
        return po;
      }),
    );
  }

  async update(ctx: RequestContext, id: string, input: UpdatePurchaseOrderInput): Promise<PurchaseOrder> {
    const number = input.number?.trim();
    if (input.number !== undefined && input.number !== null && !number)
      throw new BadUserInputError('number must not be blank', 'number');
    return this.unique(number ?? '', () =>
      this.change(ctx, id, async (tx, po) => {
        const changes: Partial<PurchaseOrder> = {};
        if (number) Object.assign(changes, { number, numberKey: number.toLowerCase() });
        if (input.description !== undefined) changes.description = input.description?.trim() || null;
        if (input.validFrom) changes.validFrom = input.validFrom;
        if (input.expiresOn) changes.expiresOn = input.expiresOn;
        if (input.ceilingMinor !== undefined) changes.ceilingMinor = input.ceilingMinor;
        checkDates(changes.validFrom ?? po.validFrom, changes.expiresOn ?? po.expiresOn);
        return this.apply(ctx, tx, po, changes, 'PURCHASE_ORDER_UPDATED');
      }),
    );
  }

  /** Deactivated POs are never used for invoices (and stop being the default). */
  async deactivate(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    return this.change(ctx, id, (tx, po) =>
      po.deactivated
        ? Promise.resolve(po)
        : this.apply(ctx, tx, po, { deactivated: true, isDefault: false }, 'PURCHASE_ORDER_DEACTIVATED'),
    );
  }

  /** The purchase order's status today (by the clock). */
  statusOf(po: PurchaseOrder): PurchaseOrderStatus {
    return purchaseOrderStatus(po, this.clock.today());
  }

  /** Whether it expires within EXPIRES_SOON_DAYS of today (by the clock). */
  expiresSoon(po: PurchaseOrder): boolean {
    return expiresSoon(po, this.clock.today());
  }

  async setDefault(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    return this.change(ctx, id, async (tx, po) => {
      if (po.deactivated) throw new ConflictError('A deactivated purchase order cannot be the default');
      if (this.statusOf(po) === PurchaseOrderStatus.EXPIRED)
        throw new ConflictError('An expired purchase order cannot be the default');
      return po.isDefault ? po : this.makeDefault(ctx, tx, po);
    });
  }

  /**
   * For the Invoices module: the PO a new invoice dated `on` quotes — the
   * default PO if it is active on that date, otherwise none. The invoice
   * keeps a copy of the number, so later edits never change it.
   */
  async purchaseOrderForInvoice(
    accountId: string,
    on: string,
    tx?: Tx,
  ): Promise<{ id: string; number: string } | null> {
    const manager = tx?.manager ?? this.ds.manager;
    const po = await manager.findOneBy(PurchaseOrder, { accountId, isDefault: true, deactivated: false });
    return po && purchaseOrderStatus(po, on) === PurchaseOrderStatus.ACTIVE ? { id: po.id, number: po.number } : null;
  }

  /**
   * The reminder job: 30 and 7 days before a PO expires, its account's billing
   * contact gets an e-mail. Idempotent: a reminder of each kind is recorded
   * (unique per PO and kind) in the transaction that queues its e-mail.
   */
  async sendExpiryReminders(ctx: RequestContext, on = this.clock.today()): Promise<number> {
    const due = await this.ds
      .getRepository(PurchaseOrder)
      .createQueryBuilder('po')
      .where('po.deactivated = :no AND po.expires_on >= :on AND po.expires_on <= :until', {
        no: false,
        on,
        until: addDays(on, 30),
      })
      .getMany();
    if (due.length === 0) return 0;
    const users = await this.userDirectory.mailRecipientsOf([...new Set(due.map((po) => po.accountId))], 'reminders');
    let sent = 0;
    for (const po of due) {
      // The account's active users who take reminders; one reminder row per kind, whoever gets it.
      const contacts = users.filter((u) => u.accountId === po.accountId && u.status === UserStatus.ACTIVE);
      if (contacts.length === 0) continue;
      const daysLeft = daysBetween(on, po.expiresOn);
      const kind = daysLeft <= 7 ? '7_DAYS' : '30_DAYS';
      try {
        await inTransaction(this.ds, async (tx) => {
          await tx.manager.insert(
            PurchaseOrderReminder,
            tx.manager.create(PurchaseOrderReminder, { purchaseOrderId: po.id, kind, expiresOn: po.expiresOn }),
          );
          const account = await this.accounts.findById(po.accountId, tx);
          for (const contact of contacts)
            await this.mail.enqueue(
              tx,
              [contact.email],
              purchaseOrderExpiryMail({
                locale: account?.locale ?? DEFAULT_MAIL_LOCALE,
                displayName: contact.displayName,
                organisationName: account?.organisationName ?? '',
                number: po.number,
                expiresOn: po.expiresOn,
                daysLeft,
              }),
            );
        });
        sent += 1;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err; // already reminded
      }
    }
    this.log.info({ job: 'po-reminders', requestId: ctx.requestId, sent }, 'purchase order reminders');
    return sent;
  }

  private async makeDefault(ctx: RequestContext, tx: Tx, po: PurchaseOrder): Promise<PurchaseOrder> {
    const previous = await tx.manager.findOne(PurchaseOrder, {
      where: { accountId: po.accountId, isDefault: true },
      ...forUpdate(tx),
    });
    await tx.manager
      .createQueryBuilder()
      .update(PurchaseOrder)
      .set({ isDefault: false, updatedAt: new Date() })
      .where('account_id = :accountId AND is_default = :yes AND id <> :id', {
        accountId: po.accountId,
        yes: true,
        id: po.id,
      })
      .execute();
    await tx.manager.update(PurchaseOrder, { id: po.id }, { isDefault: true, updatedAt: new Date() });
    await this.activity.record(ctx, tx, po.accountId, 'PURCHASE_ORDER_DEFAULT_SET', [
      {
        field: 'defaultPurchaseOrder',
        from: previous && previous.id !== po.id ? previous.number : null,
        to: po.number,
      },
    ]);
    return Object.assign(po, { isDefault: true });
  }

  /**
   * Loads a PO of an account the caller can see, or NOT_FOUND. The account is
   * locked first and the PO then read again with a locking (current) read:
   * on MySQL the first plain read fixes a snapshot older than the lock.
   */
  private change(
    ctx: RequestContext,
    id: string,
    fn: (tx: Tx, po: PurchaseOrder) => Promise<PurchaseOrder>,
  ): Promise<PurchaseOrder> {
    return inTransaction(this.ds, async (tx) => {
      const found = await tx.manager.findOneBy(PurchaseOrder, { id });
      if (!found) throw new NotFoundError('Purchase order');
      await this.accounts.lockVisibleAccount(ctx, tx, found.accountId).catch((err: unknown) => {
        throw err instanceof NotFoundError ? new NotFoundError('Purchase order') : err;
      });
      const po = await tx.manager.findOne(PurchaseOrder, { where: { id }, ...forUpdate(tx) });
      if (!po) throw new NotFoundError('Purchase order');
      return fn(tx, po);
    });
  }

  private async apply(
    ctx: RequestContext,
    tx: Tx,
    po: PurchaseOrder,
    changes: Partial<PurchaseOrder>,
    action: ActivityAction,
  ): Promise<PurchaseOrder> {
    const changed = diff(po, { ...po, ...changes }, FIELDS);
    if (changed.length === 0) return po;
    await tx.manager.update(PurchaseOrder, { id: po.id }, { ...changes, updatedAt: new Date() });
    await this.activity.record(ctx, tx, po.accountId, action, [
      { field: 'purchaseOrder', from: null, to: po.number },
      ...changed,
    ]);
    return Object.assign(po, changes);
  }

  private async unique<T>(number: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`Purchase order ${number} already exists for this account`);
      throw err;
    }
  }
}
