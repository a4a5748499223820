import { In, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Clock } from '../../common/clock';
import type { RequestContext } from '../../context';
import { AppError, BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import type { EventBus, EventType } from '../../common/events';
import { formatMoney } from '../../common/money';
import { paginate, type Page, type PageArgs } from '../../common/pagination';
import { findRows } from '../../common/rows';
import { nextInYear } from '../../common/sequences';
import { signPath } from '../../common/signed-urls';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { MailService } from '../../mail';
import { quoteDecidedMail, quoteSentMail, quoteWithdrawnMail } from './quote.mails';
import { renderQuotePdf } from '../../pdf/quote-pdf';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import type { CorporateAccount } from '../account';
import { Role } from '../../common/roles';
import type { UserDirectory } from '../identity';
import type { InvoiceService } from '../invoices';
import type { TaxRates } from '../invoices';
import type { Product } from '../subscriptions';
import { SubscriptionStatus } from '../subscriptions';
import type { SubscriptionService } from '../subscriptions';
import { Quote, QuoteLine, QuoteNumberSequence, QuoteStatus, type RejectReason, type SeatEffect } from './quote.entity';
import { priceQuote } from './quote-pricing';
import { quoteStatusMachine } from './quote.state';
import type { CreateQuoteInput, QuoteDraftInput, QuoteFilter, QuoteLineInput } from './quote.types';

/** Signed quote PDF links work this long. */
export const QUOTE_PDF_URL_TTL_SECONDS = 300;
export const quotePdfPath = (id: string) => `/quotes/${id}.pdf`;

/** What a quote shows: a SENT quote after its expiry date is EXPIRED. */
export function quoteStatus(q: Pick<Quote, 'status' | 'expiresOn'>, on: string): QuoteStatus {
  return q.status === QuoteStatus.SENT && q.expiresOn < on ? QuoteStatus.EXPIRED : q.status;
}

/**
 * For each product of the subscription or the quote: the seats now, the
 * change and the seats after, by product code.
 */
export function seatEffect(
  items: ReadonlyArray<{ productId: string; seats: number }>,
  lines: ReadonlyArray<Pick<QuoteLine, 'productId' | 'seatChange'>>,
  products: ReadonlyArray<Pick<Product, 'id' | 'code' | 'name'>>,
): SeatEffect[] {
  const ids = [...new Set([...items.map((i) => i.productId), ...lines.map((l) => l.productId)])];
  return ids
    .map((productId) => {
      const product = products.find((p) => p.id === productId);
      const seatsNow = items.find((i) => i.productId === productId)?.seats ?? 0;
      const change = lines.filter((l) => l.productId === productId).reduce((sum, l) => sum + l.seatChange, 0);
      return {
        productId,
        productCode: product?.code ?? '?',
        productName: product?.name ?? '?',
        seatsNow,
        change,
        seatsAfter: seatsNow + change,
      };
    })
    .sort((a, b) => a.productCode.localeCompare(b.productCode));
}

/**
 * Quotes: the sales rep of an account (or account services) drafts seat and
 * product changes with prices and sends them; the billing contact accepts
 * (the subscription changes and the invoice is issued in the same
 * transaction, once) or rejects them. Revisions share the quote number.
 */
export class QuoteService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly taxRates: TaxRates,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly userDirectory: UserDirectory,
    private readonly subscriptions: SubscriptionService,
    private readonly invoices: InvoiceService,
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {}

  /** The status a quote shows today (see quoteStatus). */
  statusOf(q: Pick<Quote, 'status' | 'expiresOn'>): QuoteStatus {
    return quoteStatus(q, this.clock.today());
  }

  // ---- sales rep and account services -----------------------------------------

  async create(ctx: RequestContext, input: CreateQuoteInput): Promise<Quote> {
    // Access first: an unknown or foreign account is NOT_FOUND before any row is locked.
    await this.accounts.getAccount(ctx, input.accountId);
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, input.accountId);
      const year = Number(this.clock.today().slice(0, 4));
      const quote = tx.manager.create(Quote, {
        accountId: account.id,
        number: `QT-${year}-${String(await nextInYear(tx, QuoteNumberSequence, year)).padStart(5, '0')}`,
        revision: 1,
        status: QuoteStatus.DRAFT,
        currency: account.currency,
        expiresOn: input.expiresOn,
        note: input.note?.trim() || null,
        createdBy: ctx.principal!.userId,
      });
      await tx.manager.insert(Quote, quote);
      await this.writeLines(tx, quote, account, input.lines);
      // Drafts stay out of the activity trail, which billing contacts read: the trail starts at sending.
      return quote;
    });
  }

  /** Replaces a draft's expiry, note and lines. */
  async update(ctx: RequestContext, id: string, input: QuoteDraftInput): Promise<Quote> {
    return this.change(ctx, id, async (tx, quote, account) => {
      this.assertDraft(quote);
      Object.assign(quote, { expiresOn: input.expiresOn, note: input.note?.trim() || null, updatedAt: new Date() });
      await tx.manager.update(
        Quote,
        { id },
        { expiresOn: quote.expiresOn, note: quote.note, updatedAt: quote.updatedAt },
      );
      // By primary key: a delete through the quote_id index would lock index ranges other quotes' inserts need.
      const old = await this.linesIn(tx, id);
      if (old.length) await tx.manager.delete(QuoteLine, { id: In(old.map((l) => l.id)) });
      await this.writeLines(tx, quote, account, input.lines);
      return quote;
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    return this.change(ctx, id, async (tx, quote) => {
      this.assertDraft(quote);
      await tx.manager.delete(Quote, { id, status: QuoteStatus.DRAFT });
      return true;
    });
  }

  /** DRAFT → SENT, unless it has expired or would take seats below zero; the billing contact is e-mailed a link. */
  async send(ctx: RequestContext, id: string): Promise<Quote> {
    return this.change(ctx, id, async (tx, quote, account) => {
      this.assertDraft(quote);
      if (quote.expiresOn < this.clock.today())
        throw new AppError('QUOTE_EXPIRED', `The expiry date ${quote.expiresOn} has passed; change it before sending`);
      const [subscription] = await this.subscriptions.subscriptionsOf([quote.accountId], tx);
      if (subscription?.status !== SubscriptionStatus.ACTIVE)
        throw new ConflictError('The account has no active subscription for this quote to change; reactivate it first');
      const lines = await this.linesIn(tx, id);
      const below = (await this.effectOf(quote.accountId, lines, tx)).find((e) => e.seatsAfter < 0);
      if (below)
        throw new AppError(
          'SEATS_BELOW_ZERO',
          `${below.productCode} has ${below.seatsNow} seats: a change of ${below.change} would go below zero`,
          {
            productId: below.productId,
          },
        );
      const changes = {
        status: QuoteStatus.SENT,
        sentBy: ctx.principal!.userId,
        sentAt: new Date(),
        updatedAt: new Date(),
      };
      await this.move(tx, quote, QuoteStatus.SENT, changes);
      const contacts = await this.userDirectory.mailRecipientsOf([account.id], 'quotes', tx);
      for (const contact of contacts)
        await this.mail.enqueue(
          tx,
          [contact.email],
          quoteSentMail({
            locale: account.locale,
            displayName: contact.displayName,
            vendorName: this.config.vendor.name,
            label: this.label(quote),
            total: formatMoney(quote.totalMinor, quote.currency, account.locale),
            expiresOn: quote.expiresOn,
            note: quote.note,
            link: this.portalLink(quote),
          }),
        );
      await this.activity.record(ctx, tx, quote.accountId, 'QUOTE_SENT', [
        { field: `status (${this.label(quote)})`, from: QuoteStatus.DRAFT, to: QuoteStatus.SENT },
      ]);
      await this.publish(tx, 'quote.sent', quote);
      return quote;
    });
  }

  /** SENT → WITHDRAWN; the billing contact is told. */
  async withdraw(ctx: RequestContext, id: string): Promise<Quote> {
    return this.change(ctx, id, async (tx, quote, account) => {
      await this.move(tx, quote, QuoteStatus.WITHDRAWN, {
        decidedBy: ctx.principal!.userId,
        decidedAt: new Date(),
        updatedAt: new Date(),
      });
      const contacts = await this.userDirectory.mailRecipientsOf([account.id], 'quotes', tx);
      if (contacts.length)
        await this.mail.enqueue(
          tx,
          contacts.map((c) => c.email),
          quoteWithdrawnMail({ locale: account.locale, label: this.label(quote), link: this.portalLink(quote) }),
        );
      await this.activity.record(ctx, tx, quote.accountId, 'QUOTE_WITHDRAWN', [
        { field: `status (${this.label(quote)})`, from: QuoteStatus.SENT, to: QuoteStatus.WITHDRAWN },
      ]);
      await this.publish(tx, 'quote.withdrawn', quote);
      return quote;
    });
  }

  /** SENT → SUPERSEDED, and a new DRAFT revision with the same number and lines to edit and send. */
  async revise(ctx: RequestContext, id: string): Promise<Quote> {
    return this.change(ctx, id, async (tx, quote) => {
      await this.move(tx, quote, QuoteStatus.SUPERSEDED, { updatedAt: new Date() });
      const next = tx.manager.create(Quote, {
        accountId: quote.accountId,
        number: quote.number,
        revision: quote.revision + 1,
        status: QuoteStatus.DRAFT,
        currency: quote.currency,
        expiresOn: quote.expiresOn,
        note: quote.note,
        subtotalMinor: quote.subtotalMinor,
        taxMinor: quote.taxMinor,
        totalMinor: quote.totalMinor,
        createdBy: ctx.principal!.userId,
        previousRevisionId: quote.id,
      });
      await tx.manager.insert(Quote, next);
      const lines = await this.linesIn(tx, id);
      if (lines.length)
        await tx.manager.insert(
          QuoteLine,
          lines.map(({ id: _id, quoteId: _quoteId, ...line }) =>
            tx.manager.create(QuoteLine, { ...line, quoteId: next.id }),
          ),
        );
      await this.activity.record(ctx, tx, quote.accountId, 'QUOTE_SUPERSEDED', [
        { field: `status (${this.label(quote)})`, from: QuoteStatus.SENT, to: QuoteStatus.SUPERSEDED },
      ]);
      return next;
    });
  }

  // ---- billing contact ----------------------------------------------------------

  /**
   * In one transaction: SENT → ACCEPTED (who, when, from where), the seat
   * changes on the subscription, the invoice of the added seats (with the
   * given or the default PO), the activity trail and the e-mails.
   */
  async accept(ctx: RequestContext, id: string, purchaseOrderNumber?: string | null): Promise<Quote> {
    return this.decide(ctx, id, async (tx, quote, account, lines, products) => {
      const po = purchaseOrderNumber?.trim() || null;
      if (po && po.length > 60)
        throw new BadUserInputError('purchaseOrderNumber must be at most 60 characters', 'purchaseOrderNumber');
      await this.subscriptions.changeSeats(
        ctx,
        tx,
        account.id,
        lines.map((l) => ({ productId: l.productId, delta: l.seatChange })),
      );
      const billable = lines.filter((l) => l.amountMinor > 0);
      const invoice = billable.length
        ? await this.invoices.issue(
            ctx,
            tx,
            account.id,
            billable.map((l) => {
              const product = products.find((p) => p.id === l.productId)!;
              return {
                description:
                  `${product.name}: ${l.seatChange} additional seat${l.seatChange === 1 ? '' : 's'} (${this.label(quote)})${l.description ? `, ${l.description}` : ''}`.slice(
                    0,
                    500,
                  ),
                productCode: product.code,
                quantity: l.seatChange,
                unitPriceMinor: l.unitPriceMinor,
                taxRateBasisPoints: l.taxRateBasisPoints,
                periodStart: l.periodStart,
                periodEnd: l.periodEnd,
              };
            }),
            { purchaseOrderNumber: po },
          )
        : null;
      const [subscription] = await this.subscriptions.subscriptionsOf([account.id], tx);
      return {
        status: QuoteStatus.ACCEPTED,
        changes: { invoiceId: invoice?.id ?? null, poNumber: invoice?.poNumber ?? po },
        invoiceNumber: invoice?.number ?? null,
        subscriptionId: subscription?.id ?? null,
      };
    });
  }

  /** SENT → REJECTED with a reason from the list (and a comment); the rep is e-mailed. */
  async reject(ctx: RequestContext, id: string, reason: RejectReason, comment?: string | null): Promise<Quote> {
    return this.decide(ctx, id, async () => ({
      status: QuoteStatus.REJECTED,
      changes: { rejectReason: reason, rejectComment: comment?.trim() || null },
      invoiceNumber: null,
      subscriptionId: null,
    }));
  }

  // ---- reads --------------------------------------------------------------------

  /** A quote the caller may see, or NOT_FOUND; billing contacts never see drafts. */
  async get(ctx: RequestContext, id: string): Promise<Quote> {
    const quote = await this.ds.getRepository(Quote).findOneBy({ id });
    if (!quote || (this.isContact(ctx) && quote.status === QuoteStatus.DRAFT)) throw new NotFoundError('Quote');
    await this.accounts.getAccount(ctx, quote.accountId).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('Quote') : err;
    });
    return quote;
  }

  /** Pending (sent, not expired) first, then newest first; filterable by status. */
  async list(ctx: RequestContext, filter: QuoteFilter | null | undefined, page: PageArgs): Promise<Page<Quote>> {
    if (!ctx.principal) throw new ForbiddenError();
    const on = this.clock.today();
    const qb = this.ds.getRepository(Quote).createQueryBuilder('q');
    this.accounts.restrictToVisibleAccounts(ctx, qb, 'q.account_id');
    if (this.isContact(ctx)) qb.andWhere('q.status <> :draft', { draft: QuoteStatus.DRAFT });
    if (filter?.accountId) qb.andWhere('q.account_id = :accountId', { accountId: filter.accountId });
    if (filter?.status === QuoteStatus.EXPIRED)
      qb.andWhere('q.status = :sent AND q.expires_on < :on', { sent: QuoteStatus.SENT, on });
    else if (filter?.status === QuoteStatus.SENT)
      qb.andWhere('q.status = :sent AND q.expires_on >= :on', { sent: QuoteStatus.SENT, on });
    else if (filter?.status) qb.andWhere('q.status = :status', { status: filter.status });
    // `on` is a validated YYYY-MM-DD string, safe to write into the sort expression.
    const pending = `(CASE WHEN q.status = '${QuoteStatus.SENT}' AND q.expires_on >= '${on}' THEN 1 ELSE 0 END)`;
    return paginate(
      qb,
      page,
      {
        list: 'quotes',
        columns: [pending, 'q.created_at', 'q.id'],
        direction: 'DESC',
        values: (q) => [quoteStatus(q, on) === QuoteStatus.SENT ? 1 : 0, q.createdAt.toISOString(), q.id],
      },
      (v, i) => (i === 1 ? new Date(String(v)) : v),
    );
  }

  linesOf(quoteIds: readonly string[]): Promise<QuoteLine[]> {
    return findRows(this.ds.getRepository(QuoteLine), {
      where: { quoteId: In([...quoteIds]) },
      order: { position: 'ASC' },
    });
  }

  findByIds(ids: readonly string[]): Promise<Quote[]> {
    return this.ds.getRepository(Quote).findBy({ id: In([...ids]) });
  }

  pdfUrl(quote: Quote): string {
    return `${this.config.publicUrl}${signPath(this.config.urlSigningKey, quotePdfPath(quote.id), QUOTE_PDF_URL_TTL_SECONDS)}`;
  }

  /** The PDF of a quote in its account's language (callers check access). */
  async renderPdf(id: string): Promise<{ quote: Quote; pdf: Buffer }> {
    const quote = await this.ds.getRepository(Quote).findOneBy({ id });
    if (!quote) throw new NotFoundError('Quote');
    const account = (await this.accounts.findById(quote.accountId))!;
    const lines = await this.linesOf([id]);
    const products = await this.subscriptions.productsByIds(lines.map((l) => l.productId));
    const [author] = await this.userDirectory.findByIds([quote.createdBy]);
    const pdf = await renderQuotePdf(
      {
        number: quote.number,
        revision: quote.revision,
        status: this.statusOf(quote),
        issuedOn: (quote.sentAt ?? quote.createdAt).toISOString().slice(0, 10),
        expiresOn: quote.expiresOn,
        currency: quote.currency,
        note: quote.note,
        preparedBy: author?.displayName ?? null,
        billTo: await this.invoices.billToSnapshot(account),
        subtotalMinor: quote.subtotalMinor,
        taxMinor: quote.taxMinor,
        totalMinor: quote.totalMinor,
        lines: lines.map((l) => {
          const product = products.find((p) => p.id === l.productId);
          return { ...l, productCode: product?.code ?? '?', productName: product?.name ?? '?' };
        }),
        effect: quote.effectSnapshot ?? (await this.effectOf(quote.accountId, lines)),
      },
      account.locale,
      this.config.vendor,
    );
    return { quote, pdf };
  }

  // ---- helpers ------------------------------------------------------------------

  private isContact(ctx: RequestContext): boolean {
    return ctx.principal?.role === Role.BILLING_CONTACT;
  }

  private label(q: Pick<Quote, 'number' | 'revision'>): string {
    return `${q.number} rev. ${q.revision}`;
  }

  private portalLink(q: Quote): string {
    return `${this.config.publicUrl}/quotes/${q.id}`;
  }

  private assertDraft(quote: Quote): void {
    if (quote.status !== QuoteStatus.DRAFT)
      throw new AppError('QUOTE_NOT_DRAFT', `${this.label(quote)} is ${quote.status}: only drafts can be changed`);
  }

  /** A conditional UPDATE through the transition table: a quote that moved meanwhile is QUOTE_NOT_PENDING. */
  private async move(tx: Tx, quote: Quote, to: QuoteStatus, changes: Partial<Quote>): Promise<void> {
    quoteStatusMachine.assert(quote.status, to, 'quote status');
    if (!(await quoteStatusMachine.update(tx.manager, Quote, { id: quote.id }, to, changes, quote.status)))
      throw new AppError('QUOTE_NOT_PENDING', `${this.label(quote)} changed at the same time`);
    Object.assign(quote, changes, { status: to });
  }

  /**
   * The quote's event, in the transaction of its change: its version read back
   * after the change, its essential fields (never the note or the customer's
   * comment) and `extra`.
   */
  private async publish(tx: Tx, type: EventType, quote: Quote, extra: Record<string, unknown> = {}): Promise<void> {
    const { version } = await tx.manager.findOneOrFail(Quote, {
      where: { id: quote.id },
      select: { id: true, version: true },
    });
    quote.version = version;
    await this.events.publish(tx, {
      type,
      accountId: quote.accountId,
      data: {
        id: quote.id,
        object: 'quote',
        version,
        number: quote.number,
        revision: quote.revision,
        status: quote.status,
        total: { amountMinor: quote.totalMinor, currency: quote.currency },
        validUntil: quote.expiresOn,
        ...extra,
      },
    });
  }

  /** Staff changes: access checked first, then the account and the quote locked. */
  private async change<T>(
    ctx: RequestContext,
    id: string,
    fn: (tx: Tx, quote: Quote, account: CorporateAccount) => Promise<T>,
  ): Promise<T> {
    const found = await this.get(ctx, id);
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const quote = await tx.manager.findOne(Quote, { where: { id }, ...forUpdate(tx) });
      if (!quote) throw new NotFoundError('Quote');
      return fn(tx, quote, account);
    });
  }

  /** The billing contact's decision on a SENT quote that has not expired, exactly once. */
  private async decide(
    ctx: RequestContext,
    id: string,
    fn: (
      tx: Tx,
      quote: Quote,
      account: CorporateAccount,
      lines: QuoteLine[],
      products: Product[],
    ) => Promise<{
      status: QuoteStatus;
      changes: Partial<Quote>;
      invoiceNumber: string | null;
      /** The subscription whose seats the acceptance changed. */
      subscriptionId: string | null;
    }>,
  ): Promise<Quote> {
    const found = await this.get(ctx, id);
    return inTransaction(this.ds, async (tx) => {
      const account = await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const quote = await tx.manager.findOne(Quote, { where: { id }, ...forUpdate(tx) });
      if (!quote || quote.status !== QuoteStatus.SENT)
        throw new AppError('QUOTE_NOT_PENDING', `${this.label(found)} is no longer waiting for an answer`);
      if (this.statusOf(quote) === QuoteStatus.EXPIRED)
        throw new AppError('QUOTE_EXPIRED', `${this.label(quote)} expired on ${quote.expiresOn}`);
      const lines = await this.linesIn(tx, id);
      const past = lines.find((l) => l.periodEnd < this.clock.today());
      if (past)
        throw new AppError(
          'QUOTE_EXPIRED',
          `${this.label(quote)} prices a term that ended on ${past.periodEnd}; ask your sales representative for a new revision`,
        );
      const products = await this.subscriptions.productsByIds(
        lines.map((l) => l.productId),
        tx,
      );
      const effect = await this.effectOf(account.id, lines, tx);
      const decidedAt = new Date();
      const outcome = await fn(tx, quote, account, lines, products);
      await this.move(tx, quote, outcome.status, {
        ...outcome.changes,
        decidedBy: ctx.principal!.userId,
        decidedAt,
        decidedFrom: ctx.clientAddress.slice(0, 64),
        effectSnapshot: effect,
        updatedAt: decidedAt,
      });
      await this.activity.record(
        ctx,
        tx,
        account.id,
        outcome.status === QuoteStatus.ACCEPTED ? 'QUOTE_ACCEPTED' : 'QUOTE_REJECTED',
        [
          { field: `status (${this.label(quote)})`, from: QuoteStatus.SENT, to: outcome.status },
          ...(outcome.invoiceNumber ? [{ field: 'invoice', from: null, to: outcome.invoiceNumber }] : []),
          ...(quote.rejectReason
            ? [
                {
                  field: 'reason',
                  from: null,
                  to: [quote.rejectReason, quote.rejectComment].filter(Boolean).join(': '),
                },
              ]
            : []),
        ],
      );
      await this.publish(
        tx,
        outcome.status === QuoteStatus.ACCEPTED ? 'quote.accepted' : 'quote.rejected',
        quote,
        outcome.status === QuoteStatus.ACCEPTED
          ? { invoiceId: quote.invoiceId, subscriptionId: outcome.subscriptionId }
          : {},
      );
      await this.mailDecision(tx, quote, account, outcome.invoiceNumber);
      return quote;
    });
  }

  /** The rep (in the rep's language) and, for an acceptance, the billing contact (in the account's) hear of the decision. */
  private async mailDecision(
    tx: Tx,
    quote: Quote,
    account: CorporateAccount,
    invoiceNumber: string | null,
  ): Promise<void> {
    const people = await this.userDirectory.findByIds(
      [account.salesRepId ?? quote.createdBy, quote.decidedBy].filter((id): id is string => Boolean(id)),
      tx,
    );
    const rep = people.find((p) => p.id === (account.salesRepId ?? quote.createdBy));
    const contact = people.find((p) => p.id === quote.decidedBy);
    const common = {
      label: this.label(quote),
      organisationName: account.organisationName,
      status: quote.status,
      invoiceNumber,
      link: this.portalLink(quote),
    };
    if (rep)
      await this.mail.enqueue(
        tx,
        [rep.email],
        quoteDecidedMail({
          ...common,
          locale: await this.userDirectory.mailLocaleOf(rep, tx),
          forCustomer: false,
          reason: quote.rejectReason,
          comment: quote.rejectComment,
          by: contact?.displayName ?? null,
        }),
      );
    if (contact && quote.status === QuoteStatus.ACCEPTED)
      await this.mail.enqueue(
        tx,
        [contact.email],
        quoteDecidedMail({
          ...common,
          locale: account.locale,
          forCustomer: true,
          reason: null,
          comment: null,
          by: null,
        }),
      );
  }

  private linesIn(tx: Tx, quoteId: string): Promise<QuoteLine[]> {
    return tx.manager.find(QuoteLine, { where: { quoteId }, order: { position: 'ASC' } });
  }

  /** The quote's effect against the subscription as it is now (read in `tx` when given). */
  private async effectOf(accountId: string, lines: QuoteLine[], tx?: Tx): Promise<SeatEffect[]> {
    const [subscription] = await this.subscriptions.subscriptionsOf([accountId], tx);
    const items = subscription ? await this.subscriptions.itemsOf([subscription.id], tx) : [];
    const products = await this.subscriptions.productsByIds(
      [...new Set([...items.map((i) => i.productId), ...lines.map((l) => l.productId)])],
      tx,
    );
    return seatEffect(items, lines, products);
  }

  /**
   * Prices the lines (priceQuote, quote-pricing.ts) against the catalogue,
   * the current term and the account's tax rate, and writes them with the
   * quote's totals.
   */
  private async writeLines(tx: Tx, quote: Quote, account: CorporateAccount, input: QuoteLineInput[]): Promise<void> {
    const productIds = [...new Set(input.map((l) => l.productId))];
    const [products, prices, [subscription]] = await Promise.all([
      this.subscriptions.productsByIds(productIds, tx),
      this.subscriptions.pricesOf(productIds, tx),
      this.subscriptions.subscriptionsOf([account.id], tx),
    ]);
    const on = this.clock.today();
    const priced = priceQuote({
      lines: input,
      products,
      prices,
      currency: account.currency,
      term: subscription,
      taxRateBasisPoints: this.taxRates.forCountry(account.country),
      today: on,
    });
    await tx.manager.insert(
      QuoteLine,
      priced.lines.map((l) => tx.manager.create(QuoteLine, { ...l, quoteId: quote.id })),
    );
    const { subtotalMinor, taxMinor, totalMinor } = priced;
    Object.assign(quote, { subtotalMinor, taxMinor, totalMinor });
    await tx.manager.update(Quote, { id: quote.id }, { subtotalMinor, taxMinor, totalMinor: quote.totalMinor });
  }
}
