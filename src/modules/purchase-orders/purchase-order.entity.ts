import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, TimeColumn } from '../../common/columns';
import { bigintMinorUnits } from '../../common/money';

export enum PurchaseOrderStatus {
  UPCOMING = 'UPCOMING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}
registerEnumType(PurchaseOrderStatus, { name: 'PurchaseOrderStatus', description: 'Derived from the dates' });

/** A customer's purchase order, quoted on invoices. */
@ObjectType({ description: "A customer's purchase order, quoted on its invoices" })
@Entity('purchase_order')
@Index('IDX_purchase_order_number', ['accountId', 'numberKey'], { unique: true })
@Index('IDX_purchase_order_expiry', ['expiresOn'])
export class PurchaseOrder {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field({ description: "The customer's PO number, unique per account (case-insensitively)" })
  @Column({ type: 'varchar', length: 60 })
  number!: string;

  @Column({ name: 'number_key', type: 'varchar', length: 60 })
  numberKey!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null = null;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'valid_from' })
  validFrom!: string;

  @Field(() => LocalDateResolver, { description: 'Last day the PO can be used' })
  @DateColumn({ name: 'expires_on' })
  expiresOn!: string;

  /** Exposed as `ceiling` (Money in the account's currency). */
  @Column({ name: 'ceiling_minor', type: 'bigint', nullable: true, transformer: bigintMinorUnits })
  ceilingMinor: number | null = null;

  @Field()
  @Column({ type: 'boolean' })
  deactivated: boolean = false;

  @Field({ description: 'Used for new invoices while active' })
  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean = false;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();
}

/** One expiry reminder sent for a PO and expiry date; the unique key makes the job idempotent. */
@Entity('purchase_order_reminder')
@Index('IDX_po_reminder_kind', ['purchaseOrderId', 'kind', 'expiresOn'], { unique: true })
export class PurchaseOrderReminder {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => PurchaseOrder, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'purchase_order_id' })
  purchaseOrderId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: '30_DAYS' | '7_DAYS';

  /** The expiry date reminded of: a PO extended later gets reminders for its new date. */
  @DateColumn({ name: 'expires_on' })
  expiresOn!: string;

  @TimeColumn({ name: 'sent_at' })
  sentAt: Date = new Date();
}
