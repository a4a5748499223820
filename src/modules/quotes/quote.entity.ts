import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, ForeignKey, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { bigintMinorUnits } from '../../common/money';

export enum QuoteStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  /** Shown for a SENT quote after its expiry date; never stored. */
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(QuoteStatus, { name: 'QuoteStatus' });

export enum RejectReason {
  PRICE = 'PRICE',
  SEATS = 'SEATS',
  TIMING = 'TIMING',
  NO_LONGER_NEEDED = 'NO_LONGER_NEEDED',
  OTHER = 'OTHER',
}
registerEnumType(RejectReason, { name: 'RejectReason' });

/** The per-year counter of quote numbers. */
@Entity('quote_number_sequence')
export class QuoteNumberSequence {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber!: number;
}

/** One product's seats before and after a quote. */
@ObjectType({ description: "A quote's effect on one product of the subscription" })
export class SeatEffect {
  @Field(() => ID) productId!: string;
  @Field() productCode!: string;
  @Field() productName!: string;
  @Field(() => Int) seatsNow!: number;
  @Field(() => Int) change!: number;
  @Field(() => Int) seatsAfter!: number;
}

/**
 * A quote a sales rep sends a billing contact: seat and product changes with
 * prices, accepted or rejected in the portal. Revisions share the number.
 */
@ObjectType({ description: 'A quote: seat and product changes proposed by the sales rep' })
@Entity('quote')
@Index('IDX_quote_number', ['number', 'revision'], { unique: true })
@Index('IDX_quote_account', ['accountId', 'createdAt'])
export class Quote {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field({ description: 'QT-<year>-<5 digits>, shared by its revisions' })
  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  revision: number = 1;

  /** Stored status; `EXPIRED` is derived (see quoteStatus). */
  @StatusColumn()
  status: QuoteStatus = QuoteStatus.DRAFT;

  @Field()
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Field(() => LocalDateResolver, { description: 'The last day the quote can be accepted' })
  @DateColumn({ name: 'expires_on' })
  expiresOn!: string;

  @Field(() => String, { nullable: true, description: 'A note to the customer' })
  @Column({ type: 'text', nullable: true })
  note: string | null = null;

  @Column({ name: 'subtotal_minor', type: 'bigint', transformer: bigintMinorUnits })
  subtotalMinor: number = 0;

  @Column({ name: 'tax_minor', type: 'bigint', transformer: bigintMinorUnits })
  taxMinor: number = 0;

  @Column({ name: 'total_minor', type: 'bigint', transformer: bigintMinorUnits })
  totalMinor: number = 0;

  @RefColumn({ name: 'created_by' })
  createdBy!: string;

  @RefColumn({ name: 'sent_by', nullable: true })
  sentBy: string | null = null;

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'sent_at', nullable: true })
  sentAt: Date | null = null;

  @RefColumn({ name: 'decided_by', nullable: true })
  decidedBy: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, rejected or withdrawn' })
  @TimeColumn({ name: 'decided_at', nullable: true })
  decidedAt: Date | null = null;

  /** The client address the decision came from (audit; staff only). */
  @Column({ name: 'decided_from', type: 'varchar', length: 64, nullable: true })
  decidedFrom: string | null = null;

  @Field(() => RejectReason, { nullable: true })
  @Column({ name: 'reject_reason', type: 'varchar', length: 20, nullable: true })
  rejectReason: RejectReason | null = null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'reject_comment', type: 'varchar', length: 1000, nullable: true })
  rejectComment: string | null = null;

  @Field(() => String, { nullable: true, description: 'The PO number quoted on the invoice of an accepted quote' })
  @Column({ name: 'po_number', type: 'varchar', length: 60, nullable: true })
  poNumber: string | null = null;

  @RefColumn({ name: 'invoice_id', nullable: true })
  invoiceId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The revision this one replaced' })
  @RefColumn({ name: 'previous_revision_id', nullable: true })
  previousRevisionId: string | null = null;

  /** The effect as it was when the quote was decided (later seat changes do not rewrite it). */
  @Column({ name: 'effect_snapshot', type: 'simple-json', nullable: true })
  effectSnapshot: SeatEffect[] | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}

/** A line of a quote: a seat change of one catalogue product for a term, with its price. */
@ObjectType({ description: 'A line of a quote' })
@Entity('quote_line')
@Index('IDX_quote_line_quote', ['quoteId', 'position'])
export class QuoteLine {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => Quote, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'quote_id' })
  quoteId!: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  position!: number;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'product_id' })
  productId!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null = null;

  @Field(() => Int, { description: 'Seats added (positive) or removed (negative)' })
  @Column({ name: 'seat_change', type: 'integer' })
  seatChange!: number;

  /** The catalogue price per seat for the line's term. */
  @Column({ name: 'list_unit_price_minor', type: 'bigint', transformer: bigintMinorUnits })
  listUnitPriceMinor!: number;

  @Column({ name: 'unit_price_override_minor', type: 'bigint', nullable: true, transformer: bigintMinorUnits })
  unitPriceOverrideMinor: number | null = null;

  @Field(() => Int, { description: 'Discount in basis points (1000 = 10%)' })
  @Column({ name: 'discount_bp', type: 'integer' })
  discountBasisPoints: number = 0;

  /** Per seat after override and discount: what the invoice charges per seat. */
  @Column({ name: 'unit_price_minor', type: 'bigint', transformer: bigintMinorUnits })
  unitPriceMinor!: number;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintMinorUnits })
  amountMinor!: number;

  @Field(() => Int, { description: 'Tax rate in basis points' })
  @Column({ name: 'tax_rate_bp', type: 'integer' })
  taxRateBasisPoints!: number;

  @Column({ name: 'tax_minor', type: 'bigint', transformer: bigintMinorUnits })
  taxMinor!: number;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'period_start' })
  periodStart!: string;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'period_end' })
  periodEnd!: string;
}
