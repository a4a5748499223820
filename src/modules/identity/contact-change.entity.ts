import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Entity, ForeignKey, Index } from 'typeorm';
import { AccountIdColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { BillingUser } from './billing-user.entity';

export enum ContactChangeStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ContactChangeStatus, { name: 'BillingContactChangeStatus' });

/**
 * A replacement of an account's billing contact. The new contact is invited;
 * when they activate, they become the contact and the previous contact's
 * access ends. Until then it can be cancelled.
 */
@ObjectType({ description: 'A pending or past replacement of the billing contact' })
@Entity('billing_contact_change')
@Index('IDX_contact_change_account', ['accountId', 'status'])
@Index('IDX_contact_change_new_user', ['newUserId'], { unique: true })
export class BillingContactChange {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @ForeignKey(() => BillingUser, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'previous_user_id' })
  previousUserId!: string;

  @ForeignKey(() => BillingUser, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'new_user_id' })
  newUserId!: string;

  @RefColumn({ name: 'requested_by', nullable: true })
  requestedBy: string | null = null;

  @Field(() => ContactChangeStatus)
  @StatusColumn()
  status: ContactChangeStatus = ContactChangeStatus.PENDING;

  @Field({ description: 'When the change was asked for' })
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'closed_at', nullable: true })
  closedAt: Date | null = null;
}
