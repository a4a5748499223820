import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { AccountIdColumn, IdColumn, StatusColumn, TimeColumn } from '../../common/columns';

export enum PaymentMethodType {
  /** Credit or debit card, through the payment gateway. */
  CARD = 'CARD',
  /** ACH or recurring bank debit, through the payment gateway. */
  DIRECT_DEBIT = 'DIRECT_DEBIT',
  /** Pay by invoice: the customer wires the money to the vendor's bank account. */
  WIRE_TRANSFER = 'WIRE_TRANSFER',
  /** Pay by invoice: the customer mails a cheque. */
  CHECK = 'CHECK',
}
registerEnumType(PaymentMethodType, {
  name: 'PaymentMethodType',
  valuesConfig: {
    CARD: { description: 'Credit or debit card (charged through the payment gateway)' },
    DIRECT_DEBIT: { description: 'ACH or recurring bank debit (charged through the payment gateway)' },
    WIRE_TRANSFER: { description: "Pay by invoice: a wire transfer to the vendor's bank account" },
    CHECK: { description: 'Pay by invoice: a cheque mailed to the vendor' },
  },
});

/** Methods the gateway charges immediately. */
export const GATEWAY_METHOD_TYPES: readonly PaymentMethodType[] = [
  PaymentMethodType.CARD,
  PaymentMethodType.DIRECT_DEBIT,
];

export enum PaymentMethodStatus {
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}

/**
 * A way an account pays. Card and direct-debit methods hold only what the
 * gateway returned for its token: a reference, the brand or bank name, the
 * last four digits and the expiry. Never a card or account number.
 */
@ObjectType({
  description: 'A payment method of an account; card and bank details are only the last four digits and expiry',
})
@Entity('payment_method')
@Index('IDX_payment_method_account', ['accountId', 'status'])
export class PaymentMethod {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field(() => PaymentMethodType)
  @Column({ type: 'varchar', length: 20 })
  type!: PaymentMethodType;

  @StatusColumn()
  status: PaymentMethodStatus = PaymentMethodStatus.ACTIVE;

  @Field({ description: 'The method payments use unless another is chosen' })
  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean = false;

  /** The gateway's reference for charging this method (never exposed). */
  @Column({ name: 'gateway_ref', type: 'varchar', length: 100, nullable: true })
  gatewayRef: string | null = null;

  @Field(() => String, { nullable: true, description: 'Card brand, e.g. VISA' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  brand: string | null = null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card or bank account' })
  @Column({ type: 'varchar', length: 4, nullable: true })
  last4: string | null = null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'exp_month', type: 'integer', nullable: true })
  expMonth: number | null = null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'exp_year', type: 'integer', nullable: true })
  expYear: number | null = null;

  @Field(() => String, { nullable: true, description: 'Bank of a direct-debit method' })
  @Column({ name: 'bank_name', type: 'varchar', length: 100, nullable: true })
  bankName: string | null = null;

  @Field(() => String, { nullable: true, description: 'Name on the card or bank account' })
  @Column({ name: 'holder_name', type: 'varchar', length: 200, nullable: true })
  holderName: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'removed_at', nullable: true })
  removedAt: Date | null = null;
}
