import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { AccountIdColumn, IdColumn, RefColumn, TimeColumn } from '../../common/columns';
import { Role } from '../../common/roles';

@ObjectType({ description: 'One changed field: its old and new value, as text' })
export class FieldChange {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}

/** One entry of an account's activity trail, written in the transaction of the change. */
@ObjectType({ description: "An entry of an account's activity trail" })
@Entity('account_activity')
@Index('IDX_account_activity_trail', ['accountId', 'occurredAt', 'id'])
export class AccountActivity {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field()
  @TimeColumn({ name: 'occurred_at' })
  occurredAt: Date = new Date();

  /** The user who made the change (null for the system, e.g. a job). Exposed as `actor`. */
  @RefColumn({ name: 'actor_id', nullable: true })
  actorId: string | null = null;

  @Field(() => Role, { nullable: true, description: 'The role the actor acted in' })
  @Column({ name: 'actor_role', type: 'varchar', length: 20, nullable: true })
  actorRole: Role | null = null;

  @Field({ description: 'What happened, e.g. ACCOUNT_CREATED, BILL_TO_UPDATED' })
  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Field(() => [FieldChange])
  @Column({
    type: 'simple-json',
    nullable: true,
    transformer: { to: (v: FieldChange[] | null) => v, from: (v: FieldChange[] | null) => v ?? [] },
  })
  changes: FieldChange[] = [];
}
