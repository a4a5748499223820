import { randomUUID } from 'node:crypto';
import { Entity, ForeignKey, Index } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { Subscription } from './subscription.entity';

export enum RenewalStatus {
  /** The renewal invoice is issued; the term moves when the new term starts. */
  ISSUED = 'ISSUED',
  /** The subscription's term was extended. */
  APPLIED = 'APPLIED',
  /** The renewal invoice was voided or the subscription stopped renewing. */
  CANCELLED = 'CANCELLED',
}

/** One renewal of a subscription for one term: the unique term start makes the renewal job idempotent. */
@Entity('subscription_renewal')
@Index('IDX_subscription_renewal_term', ['subscriptionId', 'termStart'], { unique: true })
@Index('IDX_subscription_renewal_due', ['status', 'termStart'])
export class SubscriptionRenewal {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => Subscription, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'subscription_id' })
  subscriptionId!: string;

  @AccountIdColumn()
  accountId!: string;

  @DateColumn({ name: 'term_start' })
  termStart!: string;

  @DateColumn({ name: 'term_end' })
  termEnd!: string;

  @ForeignKey('Invoice', { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'invoice_id' })
  invoiceId!: string;

  @StatusColumn()
  status: RenewalStatus = RenewalStatus.ISSUED;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'applied_at', nullable: true })
  appliedAt: Date | null = null;
}
