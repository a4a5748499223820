import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Money } from '../../common/money';
import { accountMoney } from '../account';
import { BillingUserRef } from '../identity';
import { Access, PAYERS, STAFF } from '../../common/permissions';
import { Role } from '../../common/roles';
import { extendedType, reference, type EntityReference } from '../../common/references';
import { GATEWAY_METHOD_TYPES, PaymentMethod } from './payment-method.entity';
import { PaymentMethodService } from './payment-method.service';
import { Payment } from './payment.entity';
import { PaymentService } from './payment.service';
import {
  AddPaymentMethodInput,
  PayInvoiceInput,
  RecordOfflinePaymentInput,
  RemittanceInstructions,
} from './payment.types';

/** The invoice as the payments module sees it: its id, with the `payments` field this module adds. */
export const InvoiceWithPayments = extendedType('Invoice');

@Resolver(() => PaymentMethod)
export class PaymentMethodResolver {
  constructor(private readonly methods: PaymentMethodService) {}

  @Access(Role.BILLING_CONTACT, ...STAFF)
  @Query(() => [PaymentMethod], { description: "The account's payment methods (staff pass accountId), oldest first" })
  paymentMethods(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string | null,
  ): Promise<PaymentMethod[]> {
    return this.methods.list(ctx, accountId);
  }

  @Access(...PAYERS)
  @Mutation(() => PaymentMethod, {
    description: 'Add a card or direct-debit method from a gateway token, or a pay-by-invoice method',
  })
  addPaymentMethod(@Ctx() ctx: RequestContext, @Arg('input') input: AddPaymentMethodInput): Promise<PaymentMethod> {
    return this.methods.add(ctx, input);
  }

  @Access(...PAYERS)
  @Mutation(() => Boolean, {
    description: 'Remove a payment method; the newest other method becomes the default if it was',
  })
  removePaymentMethod(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.methods.remove(ctx, id);
  }

  @Access(...PAYERS)
  @Mutation(() => PaymentMethod)
  setDefaultPaymentMethod(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<PaymentMethod> {
    return this.methods.setDefault(ctx, id);
  }

  @FieldResolver(() => RemittanceInstructions, {
    nullable: true,
    description: 'WIRE_TRANSFER and CHECK: where to send the money',
  })
  remittanceInstructions(@Root() method: PaymentMethod): RemittanceInstructions | null {
    if (GATEWAY_METHOD_TYPES.includes(method.type)) return null;
    const r = this.methods.remittance;
    return { ...r, reference: 'Quote the invoice number with every payment' };
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  constructor(private readonly payments: PaymentService) {}

  @Access(...PAYERS)
  @Mutation(() => Payment, {
    description:
      'Pay all or part of an invoice now with a card or direct-debit method. A decline returns a FAILED payment; the same idempotencyKey never charges twice.',
  })
  payInvoice(@Ctx() ctx: RequestContext, @Arg('input') input: PayInvoiceInput): Promise<Payment> {
    return this.payments.payInvoice(ctx, input);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => Payment, { description: 'Record a wire transfer, cheque or ACH payment received outside the portal' })
  recordOfflinePayment(@Ctx() ctx: RequestContext, @Arg('input') input: RecordOfflinePaymentInput): Promise<Payment> {
    return this.payments.recordOfflinePayment(ctx, input);
  }

  @FieldResolver(() => Money)
  async amount(@Root() p: Payment, @Ctx() ctx: RequestContext): Promise<Money> {
    return accountMoney(ctx, p.accountId, p.amountMinor, p.currency);
  }

  @FieldResolver(() => PaymentMethod, { nullable: true, description: 'The method charged (online payments)' })
  async paymentMethod(@Root() p: Payment, @Ctx() ctx: RequestContext): Promise<PaymentMethod | null> {
    return p.paymentMethodId ? ctx.loaders.payments.methodById.load(p.paymentMethodId) : null;
  }

  @FieldResolver(() => BillingUserRef, {
    nullable: true,
    description: 'Who paid online or recorded the payment (null when made by the system)',
  })
  madeBy(@Root() p: Payment, @Ctx() ctx: RequestContext): Promise<EntityReference | null> {
    return reference(ctx, BillingUserRef, p.createdBy);
  }

  @FieldResolver(() => InvoiceWithPayments)
  async invoice(@Root() p: Payment, @Ctx() ctx: RequestContext): Promise<EntityReference> {
    return (await reference(ctx, InvoiceWithPayments, p.invoiceId))!;
  }
}

/** Invoice fields owned by the payments module. */
@Resolver(() => InvoiceWithPayments)
export class InvoicePaymentsResolver {
  @FieldResolver(() => [Payment], { description: 'Payments and payment attempts, oldest first' })
  payments(@Root() invoice: EntityReference, @Ctx() ctx: RequestContext): Promise<Payment[]> {
    return ctx.loaders.payments.byInvoiceId.load(invoice.id);
  }
}
