import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import type { JobsConfig } from '../../config';
import type { Logger } from '../../common/logger';
import type { RequestContext } from '../../context';
import type { Clock } from '../../common/clock';
import { addDays, addMonths, oneYearFrom, today } from '../../common/dates';
import { isUniqueViolation } from '../../common/db-errors';
import type { EventBus } from '../../common/events';
import { fractionOf } from '../../common/money';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import { BillingFrequency, type CorporateAccount } from '../account';
import { InvoiceStatus } from '../invoices';
import type { InvoiceService } from '../invoices';
import type { InvoiceLineInput } from '../invoices';
import type { TaxRates } from '../invoices';
import { Product, ProductPrice } from './product.entity';
import { SubscriptionRenewal, RenewalStatus } from './subscription-renewal.entity';
import { renewalStatusMachine } from './subscription-renewal.state';
import { Subscription, SubscriptionItem, SubscriptionStatus } from './subscription.entity';
import { publishSubscriptionUpdated } from './subscription.service';

/** Months in one billing period of each frequency. */
export const PERIOD_MONTHS: Record<BillingFrequency, number> = {
  [BillingFrequency.ANNUAL]: 12,
  [BillingFrequency.SEMI_ANNUAL]: 6,
  [BillingFrequency.QUARTERLY]: 3,
  [BillingFrequency.MONTHLY]: 1,
};

export interface RenewalRun {
  issued: number;
  applied: number;
  cancelled: number;
}

/** Thrown inside a transaction to undo it when another run renewed the term first. */
class AlreadyRenewed extends Error {}

/**
 * Renewals of auto-renewing subscriptions, run by `npm run jobs:renewals` and
 * by the server's schedule:
 *
 * 1. A subscription whose term ends within the window (RENEWAL_WINDOW_DAYS)
 *    gets the renewal invoice of the next term: one line per product, seats
 *    times the yearly price scaled to the account's billing period (half to
 *    even), for the first billing period of the new term.
 * 2. When the new term starts, the subscription's term moves to it (whether
 *    or not the invoice is paid yet). If staff voided the renewal invoice,
 *    the renewal is cancelled and auto-renew turned off, so the subscription
 *    ends with its term; if the subscription stopped renewing meanwhile, the
 *    renewal is cancelled and its unpaid invoice voided.
 *
 * One renewal per subscription and term start, by a unique key and under the
 * account and subscription locks, so overlapping runs issue one invoice.
 */
export class RenewalService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: JobsConfig,
    private readonly taxRates: TaxRates,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly invoices: InvoiceService,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {}

  async run(ctx: RequestContext, asOf = this.clock.today()): Promise<RenewalRun> {
    const run: RenewalRun = { issued: 0, applied: 0, cancelled: 0 };
    const due = await this.ds.getRepository(Subscription).find({
      where: {
        status: SubscriptionStatus.ACTIVE,
        autoRenew: true,
        cancelAtTermEnd: false,
        termEnd: LessThanOrEqual(addDays(asOf, this.config.renewalWindowDays)),
      },
      order: { termEnd: 'ASC', id: 'ASC' },
    });
    for (const s of due) if (await this.issueRenewal(ctx, s, asOf)) run.issued += 1;

    const starting = await this.ds.getRepository(SubscriptionRenewal).find({
      where: { status: RenewalStatus.ISSUED, termStart: LessThanOrEqual(asOf) },
      order: { termStart: 'ASC', id: 'ASC' },
    });
    for (const r of starting) {
      const outcome = await this.startTerm(ctx, r);
      if (outcome) run[outcome] += 1;
    }
    return run;
  }

  /** The renewal invoice of the term after the current one, unless it exists. */
  private async issueRenewal(ctx: RequestContext, found: Subscription, asOf: string): Promise<boolean> {
    try {
      return await inTransaction(this.ds, async (tx) => {
        const account = await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
        const s = await tx.manager.findOne(Subscription, { where: { id: found.id }, ...forUpdate(tx) });
        if (!s || s.status !== SubscriptionStatus.ACTIVE || !s.autoRenew || s.cancelAtTermEnd) return false;
        if (s.termEnd > addDays(asOf, this.config.renewalWindowDays)) return false;
        const termStart = addDays(s.termEnd, 1);
        // Plain read under the account lock (a locking read of a missing row would take a gap lock).
        const existing = await tx.manager.findOne(SubscriptionRenewal, { where: { subscriptionId: s.id, termStart } });
        if (existing) return false;
        const lines = await this.renewalLines(tx, s, account, termStart);
        if (lines.length === 0) return false;
        // Dated the day it is issued (invoice numbers follow issue dates), whatever day the run acts as of.
        const invoice = await this.invoices.issue(ctx, tx, account.id, lines, { issueDate: today() });
        await tx.manager.insert(
          SubscriptionRenewal,
          tx.manager.create(SubscriptionRenewal, {
            subscriptionId: s.id,
            accountId: account.id,
            termStart,
            termEnd: oneYearFrom(termStart),
            invoiceId: invoice.id,
            status: RenewalStatus.ISSUED,
          }),
        );
        await this.activity.record(ctx, tx, account.id, 'SUBSCRIPTION_RENEWAL_INVOICED', [
          { field: 'renewal', from: null, to: `${termStart}..${oneYearFrom(termStart)} ${invoice.number}` },
        ]);
        return true;
      });
    } catch (err) {
      if (err instanceof AlreadyRenewed || isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Seats times the yearly price scaled to the first billing period of the new term. */
  private async renewalLines(
    tx: Tx,
    s: Subscription,
    account: CorporateAccount,
    termStart: string,
  ): Promise<InvoiceLineInput[]> {
    const items = await tx.manager.find(SubscriptionItem, { where: { subscriptionId: s.id }, order: { id: 'ASC' } });
    if (items.length === 0) return [];
    const productIds = items.map((i) => i.productId);
    const [products, prices] = await Promise.all([
      tx.manager.findBy(Product, { id: In(productIds) }),
      tx.manager.findBy(ProductPrice, { productId: In(productIds), currency: account.currency }),
    ]);
    const months = PERIOD_MONTHS[account.billingFrequency] ?? 12;
    const periodEnd = addDays(addMonths(termStart, months), -1);
    const taxRate = this.taxRates.forCountry(account.country);
    const code = (item: SubscriptionItem) => products.find((p) => p.id === item.productId)?.code ?? '';
    items.sort((a, b) => code(a).localeCompare(code(b)));
    return items.flatMap((item) => {
      const product = products.find((p) => p.id === item.productId);
      const price = prices.find((p) => p.productId === item.productId);
      // A product without a price in the account's currency cannot be billed; the others still are.
      if (!product || !price || item.seats <= 0) return [];
      return [
        {
          description: `${product.name}: subscription renewal`,
          productCode: product.code,
          quantity: item.seats,
          unitPriceMinor: fractionOf(price.unitPriceMinor, months, 12),
          taxRateBasisPoints: taxRate,
          periodStart: termStart,
          periodEnd,
        },
      ];
    });
  }

  /** On the first day of the new term: move the subscription to it, or cancel a renewal that no longer holds. */
  private async startTerm(ctx: RequestContext, found: SubscriptionRenewal): Promise<'applied' | 'cancelled' | null> {
    return inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const s = await tx.manager.findOne(Subscription, { where: { id: found.subscriptionId }, ...forUpdate(tx) });
      const r = await tx.manager.findOne(SubscriptionRenewal, { where: { id: found.id }, ...forUpdate(tx) });
      if (!s || !r || r.status !== RenewalStatus.ISSUED) return null;
      const [invoice] = await this.invoices.findByIds([r.invoiceId], tx);
      const holds =
        invoice?.status !== InvoiceStatus.VOID &&
        s.status === SubscriptionStatus.ACTIVE &&
        !s.cancelAtTermEnd &&
        addDays(s.termEnd, 1) === r.termStart;
      if (!holds) {
        // The renewal moves first, so a run that lost the race to another changes nothing.
        const cancelled = await renewalStatusMachine.update(
          tx.manager,
          SubscriptionRenewal,
          { id: r.id },
          RenewalStatus.CANCELLED,
        );
        if (!cancelled) return null;
        const changes: Array<{ field: string; from: string | null; to: string | null }> = [
          { field: 'renewal', from: `${r.termStart}..${r.termEnd}`, to: null },
        ];
        let subscriptionChanged = false;
        if (invoice?.status === InvoiceStatus.VOID) {
          // Staff voided the renewal invoice: the subscription ends with its term (the expiry job ends it).
          if (s.status === SubscriptionStatus.ACTIVE && s.autoRenew) {
            await tx.manager.update(Subscription, { id: s.id }, { autoRenew: false, updatedAt: new Date() });
            changes.push({ field: 'autoRenew', from: 'true', to: 'false' });
            subscriptionChanged = true;
          }
        } else if (invoice && invoice.amountPaidMinor === 0 && invoice.amountPendingMinor === 0) {
          // The subscription stopped renewing after the invoice went out: nobody owes it any more.
          await this.invoices.voidUnpaid(ctx, tx, invoice.id, 'The subscription does not renew');
        } else if (invoice) {
          this.log.warn(
            { invoiceId: invoice.id, subscriptionId: s.id },
            'a renewal invoice with payments was not renewed; credit it',
          );
          changes.push({
            field: `renewal invoice (${invoice.number})`,
            from: null,
            to: 'paid but not renewed: to be credited',
          });
        }
        await this.activity.record(ctx, tx, s.accountId, 'SUBSCRIPTION_RENEWAL_CANCELLED', changes);
        if (subscriptionChanged)
          await publishSubscriptionUpdated(this.events, this.accounts, tx, s.id, 'SUBSCRIPTION_RENEWAL_CANCELLED');
        return 'cancelled';
      }
      // The renewal moves first, so a run that lost the race to another changes nothing.
      const applied = await renewalStatusMachine.update(
        tx.manager,
        SubscriptionRenewal,
        { id: r.id },
        RenewalStatus.APPLIED,
        { appliedAt: new Date() },
      );
      if (!applied) return null;
      await tx.manager.update(
        Subscription,
        { id: s.id, termEnd: s.termEnd },
        { termStart: r.termStart, termEnd: r.termEnd, updatedAt: new Date() },
      );
      await this.activity.record(ctx, tx, s.accountId, 'SUBSCRIPTION_RENEWED', [
        { field: 'term', from: `${s.termStart}..${s.termEnd}`, to: `${r.termStart}..${r.termEnd}` },
      ]);
      await publishSubscriptionUpdated(this.events, this.accounts, tx, s.id, 'SUBSCRIPTION_RENEWED');
      return 'applied';
    });
  }
}
