import { createHash } from 'node:crypto';
import { In, LessThan, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { RequestContext } from '../../context';
import { today } from '../../common/dates';
import { AppError, BadUserInputError } from '../../common/errors';
import type { EventBus } from '../../common/events';
import type { Logger } from '../../common/logger';
import { formatMoney } from '../../common/money';
import { findRows } from '../../common/rows';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { MailService } from '../../mail';
import { paymentReceiptMail } from './payment.mails';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import type { Invoice } from '../invoices';
import { balanceOf, type InvoiceService } from '../invoices';
import type { ChargeResult, PaymentGateway } from './payment-gateway';
import { GATEWAY_METHOD_TYPES, type PaymentMethod, type PaymentMethodType } from './payment-method.entity';
import { describeMethod, type PaymentMethodService } from './payment-method.service';
import { Payment, PaymentChannel, PaymentStatus } from './payment.entity';
import { paymentStatusMachine } from './payment.state';
import type { PayInvoiceInput, RecordOfflinePaymentInput } from './payment.types';

/** A PENDING payment this old has lost its request: the reconcile job takes it over. */
const RECONCILE_AFTER_MS = 2 * 60_000;
/** A payment the gateway has not answered for this long is booked FAILED. */
const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** sha256 of what a request asks for: the same idempotency key must come with the same request. */
const fingerprint = (parts: Record<string, unknown>) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * Payments on invoices. An online payment runs in three steps so no lock is
 * held while the gateway works: (1) under the account and invoice locks,
 * check the idempotency key and the balance, record a PENDING payment and
 * hold its amount on the invoice; (2) charge the gateway with the payment id
 * as its idempotency key; (3) under the invoice lock, book the outcome:
 * SUCCEEDED moves the amount to paid, FAILED releases it. Paid plus held
 * never exceeds the total, whatever the number of processes.
 */
export class PaymentService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly invoices: InvoiceService,
    private readonly methods: PaymentMethodService,
    private readonly gateway: PaymentGateway,
    private readonly mail: MailService,
  ) {}

  /** Billing contact: pay all or part of an invoice's balance now with a card or direct-debit method. */
  async payInvoice(ctx: RequestContext, input: PayInvoiceInput): Promise<Payment> {
    const found = await this.invoices.get(ctx, input.invoiceId);
    const requestHash = fingerprint({
      op: 'payInvoice',
      invoiceId: input.invoiceId,
      amountMinor: input.amount.amountMinor,
      currency: input.amount.currency,
      paymentMethodId: input.paymentMethodId,
    });
    const started = await inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const earlier = await this.replay(tx, found.accountId, input.idempotencyKey, requestHash);
      if (earlier) return { payment: earlier, method: null };
      const method = await this.methods.lockActive(tx, found.accountId, input.paymentMethodId);
      if (!GATEWAY_METHOD_TYPES.includes(method.type))
        throw new BadUserInputError(
          `${describeMethod(method)} is paid outside the portal, with the remittance details on the invoice`,
          'paymentMethodId',
        );
      const invoice = await this.invoices.lockForPayment(tx, found.id);
      this.invoices.assertPayable(invoice, input.amount.amountMinor, input.amount.currency);
      const payment = await this.insert(ctx, tx, invoice, input.idempotencyKey, requestHash, {
        paymentMethodId: method.id,
        methodType: method.type,
        channel: PaymentChannel.ONLINE,
        amountMinor: input.amount.amountMinor,
        status: PaymentStatus.PENDING,
      });
      await this.invoices.hold(tx, invoice, payment.amountMinor);
      return { payment, method, invoice };
    });
    if (!started.method) return started.payment;

    const { payment, method, invoice } = started;
    const result = await this.charge(payment, method, invoice.number);
    // No answer: the charge may or may not have happened. The payment stays PENDING with its
    // amount held, and reconcilePending asks the gateway again with the same payment id.
    if (!result) return payment;
    try {
      return await this.complete(ctx, payment, method, result);
    } catch (err) {
      // The outcome could not be booked: the payment stays PENDING, holding its amount, for reconcilePending.
      this.log.error(
        { err, paymentId: payment.id, outcome: result.status },
        'payment outcome not recorded; it will be reconciled',
      );
      throw err;
    }
  }

  /**
   * The job for payments left PENDING (the gateway did not answer, or the
   * process stopped between charging and booking): older than two minutes,
   * each is charged again with its own id as the gateway's idempotency key
   * (so it is charged at most once) and the answer is booked. A payment the
   * gateway has not answered for 24 hours is booked FAILED (GATEWAY_ERROR),
   * releasing its amount, and logged for a person to check.
   */
  async reconcilePending(ctx: RequestContext, now = new Date()): Promise<{ settled: number; pending: number }> {
    const due = await this.ds.getRepository(Payment).find({
      where: {
        status: PaymentStatus.PENDING,
        channel: PaymentChannel.ONLINE,
        createdAt: LessThan(new Date(now.getTime() - RECONCILE_AFTER_MS)),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 100,
    });
    let settled = 0;
    for (const payment of due) {
      const [method] = await this.methods.findByIds([payment.paymentMethodId!]);
      const [invoice] = await this.invoices.findByIds([payment.invoiceId]);
      let result = method && invoice ? await this.charge(payment, method, invoice.number) : null;
      if (!result && now.getTime() - payment.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
        this.log.error(
          { paymentId: payment.id, gateway: this.gateway.name },
          'payment gateway never confirmed a charge; booked FAILED, check it with the gateway',
        );
        result = {
          status: 'FAILED',
          code: 'GATEWAY_ERROR',
          message: 'The payment gateway did not confirm the payment; it was not booked',
          transactionId: null,
        };
      }
      if (!result || !method) continue;
      await this.complete(ctx, payment, method, result);
      settled += 1;
    }
    return { settled, pending: due.length - settled };
  }

  /** The gateway's answer, or null when it gave none (an error or a timeout). */
  private async charge(payment: Payment, method: PaymentMethod, invoiceNumber: string): Promise<ChargeResult | null> {
    try {
      return await this.gateway.charge({
        reference: method.gatewayRef!,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        idempotencyKey: payment.id,
        description: `Invoice ${invoiceNumber}`,
      });
    } catch (err) {
      this.log.warn(
        { err, paymentId: payment.id, gateway: this.gateway.name },
        'payment gateway gave no answer; the payment stays pending',
      );
      return null;
    }
  }

  /** Account services: a wire transfer, cheque or ACH payment received outside the portal. */
  async recordOfflinePayment(ctx: RequestContext, input: RecordOfflinePaymentInput): Promise<Payment> {
    if (input.receivedOn > today()) throw new BadUserInputError('receivedOn must not be in the future', 'receivedOn');
    const found = await this.invoices.get(ctx, input.invoiceId);
    const reference = input.reference.trim();
    const requestHash = fingerprint({
      op: 'recordOfflinePayment',
      invoiceId: input.invoiceId,
      amountMinor: input.amount.amountMinor,
      currency: input.amount.currency,
      method: input.method,
      reference,
      receivedOn: input.receivedOn,
    });
    return inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, found.accountId);
      const earlier = await this.replay(tx, found.accountId, input.idempotencyKey, requestHash);
      if (earlier) return earlier;
      const invoice = await this.invoices.lockForPayment(tx, found.id);
      this.invoices.assertPayable(invoice, input.amount.amountMinor, input.amount.currency);
      const payment = await this.insert(ctx, tx, invoice, input.idempotencyKey, requestHash, {
        methodType: input.method,
        channel: PaymentChannel.OFFLINE,
        amountMinor: input.amount.amountMinor,
        status: PaymentStatus.SUCCEEDED,
        reference,
        receivedOn: input.receivedOn,
        completedAt: new Date(),
      });
      await this.booked(
        ctx,
        tx,
        invoice,
        payment,
        { type: input.method, brand: null, bankName: null, last4: null },
        false,
      );
      return payment;
    });
  }

  paymentsOf(invoiceIds: readonly string[]): Promise<Payment[]> {
    return findRows(this.ds.getRepository(Payment), {
      where: { invoiceId: In([...invoiceIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** A new payment row on the (locked) invoice, under its idempotency key. */
  private async insert(
    ctx: RequestContext,
    tx: Tx,
    invoice: Invoice,
    idempotencyKey: string,
    requestHash: string,
    fields: Partial<Payment>,
  ): Promise<Payment> {
    const payment = tx.manager.create(Payment, {
      ...fields,
      accountId: invoice.accountId,
      invoiceId: invoice.id,
      currency: invoice.currency,
      idempotencyKey,
      requestHash,
      createdBy: ctx.principal?.userId ?? null,
    });
    await tx.manager.insert(Payment, payment);
    return payment;
  }

  /** The earlier payment of this key, or IDEMPOTENCY_KEY_REUSED when it asked for something else. */
  private async replay(tx: Tx, accountId: string, key: string, requestHash: string): Promise<Payment | null> {
    // A plain read: the account lock already serialises this account's payments, and a locking
    // read of a missing key would take an InnoDB gap lock that other accounts' inserts deadlock on.
    const earlier = await tx.manager.findOne(Payment, { where: { accountId, idempotencyKey: key } });
    if (earlier && earlier.requestHash !== requestHash)
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was used for a different payment; use a new key for a new payment',
      );
    return earlier;
  }

  /** Step 3: book the gateway's answer on the PENDING payment and its invoice. */
  private complete(
    ctx: RequestContext,
    payment: Payment,
    method: PaymentMethod,
    result: ChargeResult,
  ): Promise<Payment> {
    return inTransaction(this.ds, async (tx) => {
      // Same lock order as step 1 (account, invoice, payment): the activity row's foreign key
      // would otherwise wait for the account row while holding the invoice.
      await this.accounts.lockVisibleAccount(ctx, tx, payment.accountId);
      const invoice = await this.invoices.lockForPayment(tx, payment.invoiceId);
      const current = await tx.manager.findOneOrFail(Payment, { where: { id: payment.id }, ...forUpdate(tx) });
      if (current.status !== PaymentStatus.PENDING) return current;
      const status = result.status === 'SUCCEEDED' ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
      const changes = {
        gatewayTransactionId: result.transactionId,
        failureCode: result.status === 'FAILED' ? result.code : null,
        failureMessage: result.status === 'FAILED' ? result.message.slice(0, 300) : null,
        completedAt: new Date(),
      };
      // The request and the reconcile job may both book an answer: only one conditional UPDATE wins.
      if (!(await paymentStatusMachine.update(tx.manager, Payment, { id: payment.id }, status, changes)))
        throw new AppError('CONFLICT', 'The payment changed at the same time');
      Object.assign(current, changes, { status });
      if (result.status === 'SUCCEEDED') {
        await this.booked(ctx, tx, invoice, current, method, true);
      } else {
        await this.invoices.release(tx, invoice, current.amountMinor);
        await this.activity.record(ctx, tx, invoice.accountId, 'PAYMENT_FAILED', [
          {
            field: `payment (${invoice.number})`,
            from: null,
            to: `${formatMoney(current.amountMinor, current.currency)} ${describeMethod(method)}: ${result.code}`,
          },
        ]);
        await this.publish(tx, current);
      }
      return current;
    });
  }

  /**
   * `payment.succeeded` or `payment.failed` for a payment that has just reached
   * that status in `tx`, with its version read back: no card or bank details,
   * no reference, and for a failure the gateway's code, not its message.
   */
  private async publish(tx: Tx, payment: Payment): Promise<void> {
    const { version } = await tx.manager.findOneOrFail(Payment, {
      where: { id: payment.id },
      select: { id: true, version: true },
    });
    payment.version = version;
    const failed = payment.status === PaymentStatus.FAILED;
    await this.events.publish(tx, {
      type: failed ? 'payment.failed' : 'payment.succeeded',
      accountId: payment.accountId,
      data: {
        id: payment.id,
        object: 'payment',
        version,
        invoiceId: payment.invoiceId,
        status: payment.status,
        amount: { amountMinor: payment.amountMinor, currency: payment.currency },
        method: payment.methodType,
        ...(failed ? { failureCode: payment.failureCode } : {}),
      },
    });
  }

  /** A successful payment: the invoice's amounts and status, the activity trail and the receipt e-mail. */
  private async booked(
    ctx: RequestContext,
    tx: Tx,
    invoice: Invoice,
    payment: Payment,
    method: Pick<PaymentMethod, 'brand' | 'bankName' | 'last4'> & { type: PaymentMethodType },
    held: boolean,
  ): Promise<void> {
    // The payment's event before the invoice's (invoice.paid, when this pays it in full).
    await this.publish(tx, payment);
    await this.invoices.applyPayment(ctx, tx, invoice, payment.amountMinor, held);
    const methodText = describeMethod(method);
    await this.activity.record(ctx, tx, invoice.accountId, 'PAYMENT_RECEIVED', [
      {
        field: `payment (${invoice.number})`,
        from: null,
        to: `${formatMoney(payment.amountMinor, payment.currency)} ${methodText}${payment.reference ? ` ref. ${payment.reference}` : ''}`,
      },
    ]);
    const account = await this.accounts.findById(invoice.accountId, tx);
    const recipients = await this.invoices.mailRecipients(tx, invoice.accountId, 'receipts');
    if (!account || recipients.length === 0) return;
    await this.mail.enqueue(
      tx,
      recipients,
      paymentReceiptMail({
        locale: account.locale,
        organisationName: account.organisationName,
        invoiceNumber: invoice.number,
        amount: formatMoney(payment.amountMinor, payment.currency, account.locale),
        balance: formatMoney(balanceOf(invoice), invoice.currency, account.locale),
        method: describeMethod(method, account.locale),
        paidOn: payment.receivedOn ?? today(),
        link: `${this.config.publicUrl}/invoices/${invoice.id}`,
      }),
    );
  }
}
