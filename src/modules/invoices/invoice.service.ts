import { In, type DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { systemClock, type Clock } from '../../common/clock';
import { addDays } from '../../common/dates';
import { AppError, BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import type { EventBus, EventType } from '../../common/events';
import { formatMoney, taxOf, toSafeInteger, totalsOf } from '../../common/money';
import { paginate, withTotalCount, type Page, type PageArgs } from '../../common/pagination';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { Role } from '../../common/roles';
import type { UserDirectory } from '../identity';
import type { PurchaseOrderService } from '../purchase-orders';
import type { Config } from '../../config';
import type { MailService } from '../../mail';
import { invoiceMail } from './invoice.mails';
import { renderInvoicePdf } from '../../pdf/invoice-pdf';
import { signPath } from '../../common/signed-urls';
import { nextInYear } from '../../common/sequences';
import { whereSearch } from '../../common/search';
import { findRows } from '../../common/rows';
import { Invoice, InvoiceLine, InvoiceNumberSequence, InvoiceStatus, type InvoiceBillTo } from './invoice.entity';
import type { CorporateAccount } from '../account';
import { invoiceStatusMachine } from './invoice.state';
import type { InvoiceFilter, InvoiceLineInput } from './invoice.types';

/** Signed PDF links work this long. */
export const PDF_URL_TTL_SECONDS = 300;

export const invoicePdfPath = (id: string) => `/invoices/${id}.pdf`;

/** A billing contact sees their last 20 invoices. */
export const CONTACT_INVOICE_WINDOW = 20;

/** What is still owed: nothing on a void invoice. */
export function balanceOf(invoice: Pick<Invoice, 'status' | 'totalMinor' | 'amountPaidMinor'>): number {
  return invoice.status === InvoiceStatus.VOID ? 0 : invoice.totalMinor - invoice.amountPaidMinor;
}

export function isOverdue(invoice: Invoice, on: string): boolean {
  return (
    (invoice.status === InvoiceStatus.OPEN || invoice.status === InvoiceStatus.PARTIALLY_PAID) && invoice.dueDate < on
  );
}

export interface IssueOptions {
  issueDate?: string | null;
  purchaseOrderNumber?: string | null;
}

/**
 * Invoices: issued from lines (tax per line, rounded half to even in minor
 * units), numbered INV-<year>-<6 digits> without gaps by a per-year counter
 * locked inside the issuing transaction, with snapshots of the Bill To and
 * the PO number so later edits never change an issued invoice.
 */
export class InvoiceService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly userDirectory: UserDirectory,
    private readonly purchaseOrders: PurchaseOrderService,
    private readonly mail: MailService,
    private readonly config: Config,
    private readonly clock: Clock = systemClock,
  ) {
    // An invoice's copy of its account's rep follows a reassignment (the rep's list reads the copy).
    accounts.onSalesRepAssigned(async (tx, accountId, salesRepId) => {
      await tx.manager.update(Invoice, { accountId }, { salesRepId });
    });
    mail.registerAttachmentSource('invoice-pdf', async (id) => ({
      content: (await this.renderPdf(id)).pdf,
      contentType: 'application/pdf',
    }));
  }

  /** Whether the invoice is past its due date and still owes money, today (by the clock). */
  isOverdue(invoice: Invoice): boolean {
    return isOverdue(invoice, this.clock.today());
  }

  /** Staff: issue an invoice for an account they can see. */
  async issueInvoice(
    ctx: RequestContext,
    accountId: string,
    lines: InvoiceLineInput[],
    options: IssueOptions = {},
  ): Promise<Invoice> {
    return inTransaction(this.ds, (tx) => this.issue(ctx, tx, accountId, lines, options));
  }

  /** Issues an invoice in the caller's transaction (staff through issueInvoice, accepted quotes, renewals). */
  async issue(
    ctx: RequestContext,
    tx: Tx,
    accountId: string,
    lines: InvoiceLineInput[],
    options: IssueOptions = {},
  ): Promise<Invoice> {
    const account = await this.accounts.lockVisibleAccount(ctx, tx, accountId);
    const issueDate = options.issueDate ?? this.clock.today();
    // A future date would hold back every invoice of its year until then (numbers follow dates, see nextNumber).
    if (issueDate > this.clock.today()) throw new BadUserInputError('issueDate must not be in the future', 'issueDate');
    for (const line of lines) {
      if (line.periodStart && line.periodEnd && line.periodEnd < line.periodStart)
        throw new BadUserInputError('periodEnd must not be before periodStart', 'lines.periodEnd');
    }
    const computed = lines.map((l, position) => {
      const amountMinor = toSafeInteger(l.quantity * l.unitPriceMinor, 'line amount');
      return { ...l, position, amountMinor, taxMinor: taxOf(amountMinor, l.taxRateBasisPoints) };
    });
    const totals = totalsOf(computed);

    const po = options.purchaseOrderNumber
      ? { number: options.purchaseOrderNumber.trim() }
      : await this.purchaseOrders.purchaseOrderForInvoice(account.id, issueDate, tx);
    const billTo = await this.billToSnapshot(account, tx);

    const invoice = tx.manager.create(Invoice, {
      accountId: account.id,
      salesRepId: account.salesRepId,
      number: await this.nextNumber(tx, issueDate),
      issueDate,
      dueDate: addDays(issueDate, account.paymentTermsDays),
      currency: account.currency,
      poNumber: po?.number ?? null,
      billTo,
      ...totals,
      amountPaidMinor: 0,
      status: InvoiceStatus.OPEN,
    });
    await tx.manager.insert(Invoice, invoice);
    await tx.manager.insert(
      InvoiceLine,
      computed.map((l) =>
        tx.manager.create(InvoiceLine, {
          invoiceId: invoice.id,
          position: l.position,
          description: l.description.trim(),
          productCode: l.productCode?.trim() || null,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
          amountMinor: l.amountMinor,
          taxRateBasisPoints: l.taxRateBasisPoints,
          taxMinor: l.taxMinor,
          periodStart: l.periodStart ?? null,
          periodEnd: l.periodEnd ?? null,
        }),
      ),
    );
    await this.activity.record(ctx, tx, account.id, 'INVOICE_ISSUED', [
      { field: 'invoice', from: null, to: `${invoice.number} ${formatMoney(invoice.totalMinor, invoice.currency)}` },
    ]);
    await this.publish(tx, 'invoice.issued', invoice);
    const recipients = await this.mailRecipients(tx, account.id, 'invoices');
    if (recipients.length)
      await this.mail.enqueue(
        tx,
        recipients,
        invoiceMail({
          locale: account.locale,
          vendorName: this.config.vendor.name,
          organisationName: account.organisationName,
          invoiceNumber: invoice.number,
          invoiceId: invoice.id,
          total: formatMoney(invoice.totalMinor, invoice.currency, account.locale),
          dueDate: invoice.dueDate,
          poNumber: invoice.poNumber,
          link: `${this.config.publicUrl}/invoices/${invoice.id}`,
        }),
      );
    return invoice;
  }

  /** The Bill To printed on documents: the account's, with the billing contact's name and billing user ID. */
  async billToSnapshot(account: CorporateAccount, tx?: Tx): Promise<InvoiceBillTo> {
    const [contact] = await this.userDirectory.billingContactsOf([account.id], tx);
    const { phone: _phone, ...address } = this.accounts.billTo(account);
    return {
      ...address,
      organisationName: account.organisationName,
      accountNumber: account.accountNumber,
      contactName: account.billToContactName ?? contact?.displayName ?? null,
      billingUserId: contact?.billingUserId ?? null,
    };
  }

  /** Account services: void an invoice nobody has paid anything on. */
  async voidInvoice(ctx: RequestContext, id: string, reason: string): Promise<Invoice> {
    const why = reason.trim();
    if (!why) throw new BadUserInputError('reason must not be blank', 'reason');
    // Access is checked before the transaction: inside it, reads go through its own connection only.
    const found = await this.get(ctx, id);
    return inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      return this.voidUnpaid(ctx, tx, id, why);
    });
  }

  /** Voids an invoice in the caller's transaction (the caller locked its account): only without payments. */
  async voidUnpaid(ctx: RequestContext, tx: Tx, id: string, reason: string): Promise<Invoice> {
    const invoice = await this.lockForPayment(tx, id);
    if (invoice.amountPaidMinor !== 0)
      throw new AppError('INVOICE_HAS_PAYMENTS', 'An invoice with a payment cannot be voided');
    if (invoice.amountPendingMinor !== 0)
      throw new ConflictError('A payment of this invoice is in progress; try again in a moment');
    invoiceStatusMachine.assert(invoice.status, InvoiceStatus.VOID, 'invoice status');
    const changes = { voidReason: reason.slice(0, 500), voidedAt: new Date(), updatedAt: new Date() };
    // Nothing paid or held: a payment that started meanwhile makes this update miss.
    const voided = await invoiceStatusMachine.update(
      tx.manager,
      Invoice,
      { id, amountPaidMinor: 0, amountPendingMinor: 0 },
      InvoiceStatus.VOID,
      changes,
      invoice.status,
    );
    if (!voided) throw new ConflictError('The invoice changed at the same time; try again');
    await this.activity.record(ctx, tx, invoice.accountId, 'INVOICE_VOIDED', [
      { field: `status (${invoice.number})`, from: invoice.status, to: InvoiceStatus.VOID },
      { field: 'reason', from: null, to: reason },
    ]);
    Object.assign(invoice, changes, { status: InvoiceStatus.VOID });
    await this.publish(tx, 'invoice.voided', invoice);
    return invoice;
  }

  // ---- payments --------------------------------------------------------------

  /** The invoice row, locked for a payment (its account is locked first by the caller). */
  async lockForPayment(tx: Tx, id: string): Promise<Invoice> {
    const invoice = await tx.manager.findOne(Invoice, { where: { id }, ...forUpdate(tx) });
    if (!invoice) throw new NotFoundError('Invoice');
    return invoice;
  }

  /**
   * Checks that `amountMinor` of `currency` may be paid on the (locked)
   * invoice: not VOID or PAID, same currency, at most the balance that no
   * payment in flight holds.
   */
  assertPayable(invoice: Invoice, amountMinor: number, currency: string): void {
    if (invoice.status === InvoiceStatus.VOID || invoice.status === InvoiceStatus.PAID)
      throw new AppError('INVOICE_NOT_PAYABLE', `Invoice ${invoice.number} is ${invoice.status} and cannot be paid`);
    if (currency !== invoice.currency)
      throw new BadUserInputError(
        `Invoice ${invoice.number} is in ${invoice.currency}; pay it in ${invoice.currency}`,
        'amount.currency',
      );
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
      throw new BadUserInputError('amount must be positive', 'amount.amountMinor');
    const open = invoice.totalMinor - invoice.amountPaidMinor - invoice.amountPendingMinor;
    if (amountMinor > open)
      throw new AppError(
        'AMOUNT_EXCEEDS_BALANCE',
        invoice.amountPendingMinor > 0
          ? `The amount is more than the balance not already being paid (${open} minor units)`
          : `The amount is more than the balance (${open} minor units)`,
        { balanceMinor: open },
      );
  }

  /** Holds an amount for a payment on its way to the gateway (after assertPayable). */
  async hold(tx: Tx, invoice: Invoice, amountMinor: number): Promise<void> {
    await this.moveAmounts(tx, invoice, { pendingMinor: invoice.amountPendingMinor + amountMinor });
  }

  /** Releases a held amount after a failed charge. */
  async release(tx: Tx, invoice: Invoice, amountMinor: number): Promise<void> {
    await this.moveAmounts(tx, invoice, { pendingMinor: invoice.amountPendingMinor - amountMinor });
  }

  /** Books a successful payment (taking it out of the held amount when it was held); the status follows. */
  async applyPayment(
    ctx: RequestContext,
    tx: Tx,
    invoice: Invoice,
    amountMinor: number,
    held: boolean,
  ): Promise<Invoice> {
    const paid = invoice.amountPaidMinor + amountMinor;
    if (paid > invoice.totalMinor) throw new AppError('AMOUNT_EXCEEDS_BALANCE', 'The amount is more than the balance');
    const status = paid === invoice.totalMinor ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
    invoiceStatusMachine.assert(invoice.status, status, 'invoice status');
    const from = invoice.status;
    await this.moveAmounts(tx, invoice, {
      paidMinor: paid,
      pendingMinor: invoice.amountPendingMinor - (held ? amountMinor : 0),
      status,
    });
    if (from !== status)
      await this.activity.record(ctx, tx, invoice.accountId, 'INVOICE_STATUS_CHANGED', [
        { field: `status (${invoice.number})`, from, to: status },
      ]);
    // Every way an invoice is paid in full comes through here (card, direct debit, offline payments).
    if (status === InvoiceStatus.PAID && from !== InvoiceStatus.PAID) await this.publish(tx, 'invoice.paid', invoice);
    return invoice;
  }

  /**
   * The invoice's event, in the transaction of its change, with its version
   * read back after the change: the number, status, total, what is still owed
   * and the due date (no Bill To, no void reason).
   */
  private async publish(tx: Tx, type: EventType, invoice: Invoice): Promise<void> {
    const { version } = await tx.manager.findOneOrFail(Invoice, {
      where: { id: invoice.id },
      select: { id: true, version: true },
    });
    invoice.version = version;
    await this.events.publish(tx, {
      type,
      accountId: invoice.accountId,
      data: {
        id: invoice.id,
        object: 'invoice',
        version,
        number: invoice.number,
        status: invoice.status,
        total: { amountMinor: invoice.totalMinor, currency: invoice.currency },
        amountDue: { amountMinor: balanceOf(invoice), currency: invoice.currency },
        dueDate: invoice.dueDate,
      },
    });
  }

  /**
   * One conditional UPDATE from the amounts read under the lock: if anything
   * moved meanwhile it changes nothing and fails, so the paid amount can
   * never pass the total.
   */
  private async moveAmounts(
    tx: Tx,
    invoice: Invoice,
    to: { paidMinor?: number; pendingMinor: number; status?: InvoiceStatus },
  ): Promise<void> {
    const paidMinor = to.paidMinor ?? invoice.amountPaidMinor;
    if (to.pendingMinor < 0 || paidMinor + to.pendingMinor > invoice.totalMinor)
      throw new ConflictError('The invoice amounts do not add up; try again');
    const changes = {
      amountPaidMinor: paidMinor,
      amountPendingMinor: to.pendingMinor,
      status: to.status ?? invoice.status,
      updatedAt: new Date(),
    };
    const result = await tx.manager.update(
      Invoice,
      {
        id: invoice.id,
        status: invoice.status,
        amountPaidMinor: invoice.amountPaidMinor,
        amountPendingMinor: invoice.amountPendingMinor,
      },
      changes,
    );
    if (result.affected !== 1) throw new ConflictError('The invoice changed at the same time; try again');
    Object.assign(invoice, changes);
  }

  /**
   * Who gets invoice (or receipt) e-mails: the portal users who chose them
   * (or whose role has them by default) and the invoice recipients, once each.
   */
  async mailRecipients(tx: Tx, accountId: string, topic: 'invoices' | 'receipts'): Promise<string[]> {
    const contacts = await this.userDirectory.mailRecipientsOf([accountId], topic, tx);
    const recipients = await this.accounts.recipientsOf([accountId], tx);
    const seen = new Set<string>();
    return [...contacts.map((c) => c.email), ...recipients.map((r) => r.email)].filter((email) => {
      const key = email.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** An invoice of an account the caller can see, or null: the reference resolver of Invoice. */
  async visibleInvoice(ctx: RequestContext, id: string): Promise<Invoice | null> {
    const invoice = await ctx.loaders.invoices.byId.load(id);
    return invoice && (await this.accounts.visibleAccount(ctx, invoice.accountId)) ? invoice : null;
  }

  /** An invoice of an account the caller can see, or NOT_FOUND. */
  async get(ctx: RequestContext, id: string): Promise<Invoice> {
    const invoice = await this.ds.getRepository(Invoice).findOneBy({ id });
    if (!invoice) throw new NotFoundError('Invoice');
    await this.accounts.getAccount(ctx, invoice.accountId).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('Invoice') : err;
    });
    return invoice;
  }

  /**
   * Newest first. A billing contact gets their last 20 invoices (filtered):
   * `first` above 20 or a cursor is BAD_USER_INPUT. Staff page through the
   * whole history of the accounts they can see.
   */
  async list(ctx: RequestContext, filter: InvoiceFilter | null | undefined, page: PageArgs): Promise<Page<Invoice>> {
    const contact = ctx.principal?.role === Role.BILLING_CONTACT;
    if (contact && page.first > CONTACT_INVOICE_WINDOW)
      throw new BadUserInputError(
        `The portal shows the last ${CONTACT_INVOICE_WINDOW} invoices: first must be at most ${CONTACT_INVOICE_WINDOW}`,
        'first',
      );
    if (contact && page.after)
      throw new BadUserInputError(`The portal shows the last ${CONTACT_INVOICE_WINDOW} invoices only`, 'after');
    if (!ctx.principal) throw new ForbiddenError();
    const qb = this.ds.getRepository(Invoice).createQueryBuilder('i');
    // A rep's list reads the invoices' copy of the rep (IDX_invoice_rep_issued, in the list's order).
    this.accounts.restrictToVisibleAccounts(ctx, qb, 'i.account_id', 'i.sales_rep_id');
    if (filter?.accountId) qb.andWhere('i.account_id = :accountId', { accountId: filter.accountId });
    if (filter?.status) qb.andWhere('i.status = :status', { status: filter.status });
    whereSearch(qb, filter?.search, (on, term) => [
      on.startsWith('i.number', term, 'number'),
      on.startsWith('i.po_number', term, 'po'),
    ]);
    const result = await paginate(qb, page, {
      list: 'invoices',
      columns: ['i.issue_date', 'i.number'],
      direction: 'DESC',
      values: (i) => [i.issueDate, i.number],
    });
    return contact
      ? withTotalCount({ edges: result.edges, pageInfo: { ...result.pageInfo, hasNextPage: false } }, async () =>
          Math.min(await result.totalCount, CONTACT_INVOICE_WINDOW),
        )
      : result;
  }

  // ---- printable PDF ---------------------------------------------------------

  /** A link to the invoice's PDF that works without a login for five minutes. */
  pdfUrl(invoice: Invoice): string {
    return `${this.config.publicUrl}${signPath(this.config.urlSigningKey, invoicePdfPath(invoice.id), PDF_URL_TTL_SECONDS)}`;
  }

  /** The PDF of an invoice, in its account's language (callers check access). */
  async renderPdf(id: string): Promise<{ invoice: Invoice; pdf: Buffer }> {
    const invoice = await this.ds.getRepository(Invoice).findOneBy({ id });
    if (!invoice) throw new NotFoundError('Invoice');
    const [lines, account] = await Promise.all([this.linesOf([id]), this.accounts.findById(invoice.accountId)]);
    const pdf = await renderInvoicePdf(
      {
        ...invoice,
        balanceMinor: balanceOf(invoice),
        lines,
      },
      account?.locale ?? 'en-US',
      this.config.vendor,
      this.config.remittance,
    );
    return { invoice, pdf };
  }

  findByIds(ids: readonly string[], tx?: Tx): Promise<Invoice[]> {
    return (tx?.manager ?? this.ds.manager).findBy(Invoice, { id: In([...ids]) });
  }

  linesOf(invoiceIds: readonly string[]): Promise<InvoiceLine[]> {
    return findRows(this.ds.getRepository(InvoiceLine), {
      where: { invoiceId: In([...invoiceIds]) },
      order: { position: 'ASC' },
    });
  }

  /** The next number of `year` (gap-free: the counter row is locked until the invoice commits). */
  /**
   * The next number of the issue date's year. Numbers follow issue dates within
   * a year (required in Italy): under the counter's lock, an issue date before
   * that of the year's last number is INVOICE_DATE_OUT_OF_SEQUENCE and takes no
   * number; otherwise the counter keeps the new date.
   */
  private async nextNumber(tx: Tx, issueDate: string): Promise<string> {
    const year = Number(issueDate.slice(0, 4));
    const next = await nextInYear(tx, InvoiceNumberSequence, year, (row) => {
      if (row.lastIssueDate && issueDate < row.lastIssueDate)
        throw new AppError(
          'INVOICE_DATE_OUT_OF_SEQUENCE',
          `An invoice of ${year} cannot be dated before the latest one, issued on ${row.lastIssueDate}: use that date or a later one`,
          { field: 'issueDate', latestIssueDate: row.lastIssueDate },
        );
    });
    await tx.manager.update(InvoiceNumberSequence, { year }, { lastIssueDate: issueDate });
    return `INV-${year}-${String(next).padStart(6, '0')}`;
  }
}
