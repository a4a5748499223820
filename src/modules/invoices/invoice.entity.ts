import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, ForeignKey, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { bigintMinorUnits } from '../../common/money';

export enum InvoiceStatus {
  OPEN = 'OPEN',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  VOID = 'VOID',
}
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus' });

/** Bill To as it was when the invoice was issued. */
@ObjectType({ description: 'Bill To as it was when the invoice was issued' })
export class InvoiceBillTo {
  @Field() organisationName!: string;
  @Field() accountNumber!: string;
  @Field(() => String, { nullable: true }) contactName!: string | null;
  @Field(() => String, { nullable: true, description: "The billing contact's billing user ID" }) billingUserId!:
    string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) companyName!: string | null;
  @Field(() => String, { nullable: true }) addressLine1!: string | null;
  @Field(() => String, { nullable: true }) addressLine2!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) postalCode!: string | null;
  @Field() country!: string;
}

/** The per-year counter; its row is locked while a number is taken, so numbers have no gaps. */
@Entity('invoice_number_sequence')
export class InvoiceNumberSequence {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber!: number;

  /** The issue date of the last number taken: the next invoice of the year may not be dated before it. */
  @DateColumn({ name: 'last_issue_date', nullable: true })
  lastIssueDate: string | null = null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An invoice of a corporate account' })
@Entity('invoice')
@Index('IDX_invoice_number', ['number'], { unique: true })
// The lists' order, newest first: issue date, then number (unique). See migrations/1764400030000.
@Index('IDX_invoice_account_issued', ['accountId', 'issueDate', 'number'])
@Index('IDX_invoice_issued', ['issueDate', 'number'])
@Index('IDX_invoice_rep_issued', ['salesRepId', 'issueDate', 'number'])
// The search's, per database (migrations/1764400050000).
@Index('IDX_invoice_number_search', { synchronize: false })
@Index('IDX_invoice_po_number', { synchronize: false })
export class Invoice {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn('RESTRICT')
  accountId!: string;

  /**
   * The account's sales rep, kept in step with the account (migrations/1764400040000):
   * the rep's invoice list reads it with an index in the list's order. Not in the API.
   */
  @RefColumn({ name: 'sales_rep_id', nullable: true })
  salesRepId: string | null = null;

  @Field({ description: 'INV-<year>-<6 digits>, gap-free per year' })
  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'issue_date' })
  issueDate!: string;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'due_date' })
  dueDate!: string;

  @Field()
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'The purchase order number quoted, as it was at issue' })
  @Column({ name: 'po_number', type: 'varchar', length: 60, nullable: true })
  poNumber: string | null = null;

  @Field(() => InvoiceBillTo)
  @Column({ name: 'bill_to', type: 'simple-json' })
  billTo!: InvoiceBillTo;

  @Column({ name: 'subtotal_minor', type: 'bigint', transformer: bigintMinorUnits })
  subtotalMinor!: number;

  @Column({ name: 'tax_minor', type: 'bigint', transformer: bigintMinorUnits })
  taxMinor!: number;

  @Column({ name: 'total_minor', type: 'bigint', transformer: bigintMinorUnits })
  totalMinor!: number;

  @Column({ name: 'amount_paid_minor', type: 'bigint', transformer: bigintMinorUnits })
  amountPaidMinor: number = 0;

  /** Held by gateway payments in flight; paid + pending never exceeds the total. */
  @Column({ name: 'amount_pending_minor', type: 'bigint', default: 0, transformer: bigintMinorUnits })
  amountPendingMinor: number = 0;

  @Field(() => InvoiceStatus)
  @StatusColumn()
  status: InvoiceStatus = InvoiceStatus.OPEN;

  @Field(() => String, { nullable: true })
  @Column({ name: 'void_reason', type: 'varchar', length: 500, nullable: true })
  voidReason: string | null = null;

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'voided_at', nullable: true })
  voidedAt: Date | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}

@ObjectType({ description: 'A line of an invoice' })
@Entity('invoice_line')
@Index('IDX_invoice_line_invoice', ['invoiceId', 'position'])
export class InvoiceLine {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => Invoice, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'invoice_id' })
  invoiceId!: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  position!: number;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'product_code', type: 'varchar', length: 40, nullable: true })
  productCode: string | null = null;

  @Field(() => Int)
  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'unit_price_minor', type: 'bigint', transformer: bigintMinorUnits })
  unitPriceMinor!: number;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintMinorUnits })
  amountMinor!: number;

  @Field(() => Int, { description: 'Tax rate in basis points (2200 = 22%)' })
  @Column({ name: 'tax_rate_bp', type: 'integer' })
  taxRateBasisPoints!: number;

  @Column({ name: 'tax_minor', type: 'bigint', transformer: bigintMinorUnits })
  taxMinor!: number;

  @Field(() => LocalDateResolver, { nullable: true })
  @DateColumn({ name: 'period_start', nullable: true })
  periodStart: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true })
  @DateColumn({ name: 'period_end', nullable: true })
  periodEnd: string | null = null;
}
