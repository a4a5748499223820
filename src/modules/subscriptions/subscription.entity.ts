import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, ForeignKey, Index, VersionColumn } from 'typeorm';
import { AccountIdColumn, DateColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { Product } from './product.entity';

export enum SubscriptionStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });

/** The products an account subscribes to, for one term at a time. */
@ObjectType('AccountSubscription', {
  description: "An account's subscription: its products and seats for the current term",
})
@Entity('subscription')
@Index('IDX_subscription_account', ['accountId'], { unique: true })
@Index('IDX_subscription_due', ['status', 'termEnd'])
export class Subscription {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field(() => SubscriptionStatus)
  @StatusColumn()
  status: SubscriptionStatus = SubscriptionStatus.ACTIVE;

  @Field(() => LocalDateResolver)
  @DateColumn({ name: 'term_start' })
  termStart!: string;

  @Field(() => LocalDateResolver, { description: 'Last day of the term' })
  @DateColumn({ name: 'term_end' })
  termEnd!: string;

  @Field()
  @Column({ name: 'auto_renew', type: 'boolean' })
  autoRenew: boolean = true;

  @Field({ description: 'Set when the subscription is cancelled at the end of the term' })
  @Column({ name: 'cancel_at_term_end', type: 'boolean' })
  cancelAtTermEnd: boolean = false;

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null = null;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}

/** Seats of one product in a subscription. */
@ObjectType({ description: 'Seats of one product' })
@Entity('subscription_item')
@Index('IDX_subscription_item_product', ['subscriptionId', 'productId'], { unique: true })
export class SubscriptionItem {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => Subscription, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'subscription_id' })
  subscriptionId!: string;

  @ForeignKey(() => Product, { onDelete: 'RESTRICT' })
  @RefColumn({ name: 'product_id' })
  productId!: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  seats!: number;
}
