import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, ForeignKey, Index, VersionColumn } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { bigintMinorUnits } from '../../common/money';
import { PaymentMethod, PaymentMethodType } from './payment-method.entity';

export enum PaymentStatus {
  /** Sent to the gateway; its amount is held on the invoice until the outcome is recorded. */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });

export enum PaymentChannel {
  /** Charged by the billing contact through the gateway. */
  ONLINE = 'ONLINE',
  /** Received outside the portal and recorded by account services. */
  OFFLINE = 'OFFLINE',
}
registerEnumType(PaymentChannel, { name: 'PaymentChannel' });

/** One payment attempt on an invoice: every charge that reached the gateway has one, declined ones too. */
@ObjectType({ description: 'A payment on an invoice; declined attempts are kept as FAILED with the reason' })
@Entity('payment')
@Index('IDX_payment_idempotency', ['accountId', 'idempotencyKey'], { unique: true })
@Index('IDX_payment_invoice', ['invoiceId', 'createdAt'])
export class Payment {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn('RESTRICT')
  accountId!: string;

  @ForeignKey('Invoice', { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'invoice_id' })
  invoiceId!: string;

  @ForeignKey(() => PaymentMethod, { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'payment_method_id', nullable: true })
  paymentMethodId: string | null = null;

  @Field(() => PaymentMethodType)
  @Column({ name: 'method_type', type: 'varchar', length: 20 })
  methodType!: PaymentMethodType;

  @Field(() => PaymentChannel)
  @Column({ type: 'varchar', length: 20 })
  channel!: PaymentChannel;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintMinorUnits })
  amountMinor!: number;

  @Field()
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Field(() => PaymentStatus)
  @StatusColumn()
  status: PaymentStatus = PaymentStatus.PENDING;

  @Field(() => String, {
    nullable: true,
    description: 'Why it failed: DECLINED, INSUFFICIENT_FUNDS, GATEWAY_ERROR, ...',
  })
  @Column({ name: 'failure_code', type: 'varchar', length: 40, nullable: true })
  failureCode: string | null = null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'failure_message', type: 'varchar', length: 300, nullable: true })
  failureMessage: string | null = null;

  @Field(() => String, { nullable: true, description: "The gateway's transaction id" })
  @Column({ name: 'gateway_transaction_id', type: 'varchar', length: 100, nullable: true })
  gatewayTransactionId: string | null = null;

  @Field(() => String, { nullable: true, description: 'Offline payments: the wire, cheque or ACH reference' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Offline payments: when the money arrived' })
  @DateColumn({ name: 'received_on', nullable: true })
  receivedOn: string | null = null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey!: string;

  /** sha256 of the request's parameters: a key reused with other parameters is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @RefColumn({ name: 'created_by', nullable: true })
  createdBy: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'completed_at', nullable: true })
  completedAt: Date | null = null;

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}
