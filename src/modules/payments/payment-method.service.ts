import { In, type DataSource } from 'typeorm';
import type { RemittanceConfig } from '../../config';
import type { RequestContext } from '../../context';
import { targetAccountId } from '../account';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import { forUpdate, inTransaction, type Tx } from '../../common/transactions';
import type { AccountService } from '../account';
import type { ActivityService } from '../account';
import type { PaymentGateway } from './payment-gateway';
import { looksLikeCardNumber } from './payment-gateway';
import { GATEWAY_METHOD_TYPES, PaymentMethod, PaymentMethodStatus, PaymentMethodType } from './payment-method.entity';
import { paymentMethodStatusMachine } from './payment-method.state';
import type { AddPaymentMethodInput } from './payment.types';

/** Active methods an account may keep. */
export const MAX_PAYMENT_METHODS = 10;

/** How a method reads in the activity trail and e-mails, e.g. "VISA •••• 4242" or "Bonifico bancario". */
export function describeMethod(m: Pick<PaymentMethod, 'type' | 'brand' | 'bankName' | 'last4'>, locale = 'en'): string {
  const it = locale.toLowerCase().startsWith('it');
  const digits = m.last4 ? ` •••• ${m.last4}` : '';
  switch (m.type) {
    case PaymentMethodType.CARD:
      return `${m.brand ?? (it ? 'Carta' : 'Card')}${digits}`;
    case PaymentMethodType.DIRECT_DEBIT:
      if (digits) return `${m.bankName ?? (it ? 'Conto bancario' : 'Bank account')}${digits}`;
      return it ? 'Addebito diretto (ACH)' : 'Direct debit (ACH)';
    case PaymentMethodType.WIRE_TRANSFER:
      return it ? 'Bonifico bancario' : 'Wire transfer';
    case PaymentMethodType.CHECK:
      return it ? 'Assegno' : 'Cheque';
  }
}

/**
 * Payment methods of an account. Card and direct-debit methods come from a
 * gateway token (the gateway is asked before any lock is taken); wire
 * transfer and cheque are pay-by-invoice and carry the vendor's remittance
 * details. Each change is in the account's activity trail.
 */
export class PaymentMethodService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly activity: ActivityService,
    private readonly gateway: PaymentGateway,
    readonly remittance: RemittanceConfig,
  ) {}

  async list(ctx: RequestContext, accountId?: string | null): Promise<PaymentMethod[]> {
    const account = await this.accounts.getAccount(ctx, targetAccountId(ctx, accountId));
    return this.ds.getRepository(PaymentMethod).find({
      where: { accountId: account.id, status: PaymentMethodStatus.ACTIVE },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async add(ctx: RequestContext, input: AddPaymentMethodInput): Promise<PaymentMethod> {
    // Refuse card numbers first: before the value goes anywhere else.
    if (looksLikeCardNumber(input.token) || looksLikeCardNumber(input.holderName))
      throw new BadUserInputError(
        'Card and account numbers are never accepted here: add the method with the token from the payment form',
        looksLikeCardNumber(input.token) ? 'token' : 'holderName',
      );
    const accountId = targetAccountId(ctx, null);
    await this.accounts.getAccount(ctx, accountId);
    const viaGateway = GATEWAY_METHOD_TYPES.includes(input.type);
    if (viaGateway && !input.token?.trim())
      throw new BadUserInputError(`A ${input.type} method needs a token from the payment gateway`, 'token');
    if (!viaGateway && input.token) throw new BadUserInputError(`A ${input.type} method takes no token`, 'token');
    const attached = viaGateway
      ? await this.gateway.attach(
          input.type as PaymentMethodType.CARD | PaymentMethodType.DIRECT_DEBIT,
          input.token!.trim(),
        )
      : null;

    return inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      const active = await this.activeOf(tx, accountId);
      if (active.length >= MAX_PAYMENT_METHODS)
        throw new AppError(
          'PAYMENT_METHOD_LIMIT',
          `At most ${MAX_PAYMENT_METHODS} payment methods can be kept; remove one first`,
        );
      if (!viaGateway && active.some((m) => m.type === input.type))
        throw new ConflictError(`The account already has a ${input.type} method`);
      const makeDefault = input.makeDefault || active.length === 0;
      if (makeDefault) await this.clearDefault(tx, accountId);
      const method = tx.manager.create(PaymentMethod, {
        accountId,
        type: input.type,
        status: PaymentMethodStatus.ACTIVE,
        isDefault: makeDefault,
        gatewayRef: attached?.reference ?? null,
        brand: attached?.brand ?? null,
        last4: attached?.last4 ?? null,
        expMonth: attached?.expMonth ?? null,
        expYear: attached?.expYear ?? null,
        bankName: attached?.bankName ?? null,
        holderName: input.holderName?.trim() || null,
      });
      await tx.manager.insert(PaymentMethod, method);
      await this.activity.record(ctx, tx, accountId, 'PAYMENT_METHOD_ADDED', [
        { field: 'paymentMethod', from: null, to: describeMethod(method) },
        ...(makeDefault ? [{ field: 'defaultPaymentMethod', from: null, to: describeMethod(method) }] : []),
      ]);
      return method;
    });
  }

  /** Removes a method; when it was the default, the newest remaining method becomes the default. */
  async remove(ctx: RequestContext, id: string): Promise<boolean> {
    return this.change(ctx, id, async (tx, method) => {
      const removed = await paymentMethodStatusMachine.update(
        tx.manager,
        PaymentMethod,
        { id },
        PaymentMethodStatus.REMOVED,
        { isDefault: false, removedAt: new Date() },
      );
      // Removed meanwhile: answered like a method that does not exist, as `change` does.
      if (!removed) throw new NotFoundError('Payment method');
      const changes: Array<{ field: string; from: string | null; to: string | null }> = [
        { field: 'paymentMethod', from: describeMethod(method), to: null },
      ];
      if (method.isDefault) {
        const next = (await this.activeOf(tx, method.accountId)).filter((m) => m.id !== id).pop();
        if (next) {
          await tx.manager.update(PaymentMethod, { id: next.id }, { isDefault: true });
          changes.push({ field: 'defaultPaymentMethod', from: describeMethod(method), to: describeMethod(next) });
        }
      }
      await this.activity.record(ctx, tx, method.accountId, 'PAYMENT_METHOD_REMOVED', changes);
      return true;
    });
  }

  async setDefault(ctx: RequestContext, id: string): Promise<PaymentMethod> {
    return this.change(ctx, id, async (tx, method) => {
      if (method.isDefault) return method;
      const previous = (await this.activeOf(tx, method.accountId)).find((m) => m.isDefault);
      await this.clearDefault(tx, method.accountId);
      await tx.manager.update(PaymentMethod, { id }, { isDefault: true });
      await this.activity.record(ctx, tx, method.accountId, 'DEFAULT_PAYMENT_METHOD_CHANGED', [
        { field: 'defaultPaymentMethod', from: previous ? describeMethod(previous) : null, to: describeMethod(method) },
      ]);
      return Object.assign(method, { isDefault: true });
    });
  }

  /** An active method of the account, locked, for a payment in `tx` (the account is already locked). */
  async lockActive(tx: Tx, accountId: string, id: string): Promise<PaymentMethod> {
    const method = await tx.manager.findOne(PaymentMethod, {
      where: { id, accountId, status: PaymentMethodStatus.ACTIVE },
      ...forUpdate(tx),
    });
    if (!method) throw new NotFoundError('Payment method');
    return method;
  }

  findByIds(ids: readonly string[]): Promise<PaymentMethod[]> {
    return this.ds.getRepository(PaymentMethod).findBy({ id: In([...ids]) });
  }

  private change<T>(ctx: RequestContext, id: string, fn: (tx: Tx, method: PaymentMethod) => Promise<T>): Promise<T> {
    const accountId = targetAccountId(ctx, null);
    return inTransaction(this.ds, async (tx) => {
      await this.accounts.lockVisibleAccount(ctx, tx, accountId);
      const method = await tx.manager.findOne(PaymentMethod, {
        where: { id, accountId, status: PaymentMethodStatus.ACTIVE },
        ...forUpdate(tx),
      });
      if (!method) throw new NotFoundError('Payment method');
      return fn(tx, method);
    });
  }

  /** A plain read under the account lock (a locking read would also lock the index gap, which other accounts' inserts need). */
  private activeOf(tx: Tx, accountId: string): Promise<PaymentMethod[]> {
    return tx.manager.find(PaymentMethod, {
      where: { accountId, status: PaymentMethodStatus.ACTIVE },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  private async clearDefault(tx: Tx, accountId: string): Promise<void> {
    await tx.manager.update(PaymentMethod, { accountId, isDefault: true }, { isDefault: false });
  }
}
