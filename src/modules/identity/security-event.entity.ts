import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../common/columns';

export enum SecurityEventType {
  LOGIN_SUCCEEDED = 'LOGIN_SUCCEEDED',
  LOGIN_FAILED = 'LOGIN_FAILED',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  PASSWORD_RESET_REQUESTED = 'PASSWORD_RESET_REQUESTED',
  PASSWORD_RESET_COMPLETED = 'PASSWORD_RESET_COMPLETED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  SESSIONS_ENDED = 'SESSIONS_ENDED',
  USER_CREATED = 'USER_CREATED',
  USER_ACTIVATED = 'USER_ACTIVATED',
  USER_DISABLED = 'USER_DISABLED',
  USER_ENABLED = 'USER_ENABLED',
  PORTAL_ROLE_CHANGED = 'PORTAL_ROLE_CHANGED',
  BILLING_CONTACT_CHANGED = 'BILLING_CONTACT_CHANGED',
  SALES_REP_ASSIGNED = 'SALES_REP_ASSIGNED',
}
registerEnumType(SecurityEventType, { name: 'SecurityEventType' });

/**
 * A security-relevant event: who (the user concerned and the actor), when,
 * from which client address. Written for staff to query; never holds
 * passwords or tokens.
 */
@ObjectType({ description: 'A security event: logins, throttling, password resets, user and role changes' })
@Entity('security_event')
@Index('IDX_security_event_time', ['occurredAt', 'id'])
@Index('IDX_security_event_user', ['userId', 'occurredAt'])
export class SecurityEvent {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field()
  @TimeColumn({ name: 'occurred_at' })
  occurredAt: Date = new Date();

  @Field(() => SecurityEventType)
  @Column({ type: 'varchar', length: 40 })
  type!: SecurityEventType;

  /** The user the event is about, when known. */
  @RefColumn({ name: 'user_id', nullable: true })
  userId: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'The billing user ID typed at a login or reset, as given (trimmed, at most 100 characters)',
  })
  @Column({ name: 'attempted_user_id', type: 'varchar', length: 100, nullable: true })
  attemptedUserId: string | null = null;

  @Field(() => ID, { nullable: true })
  @RefColumn({ name: 'account_id', nullable: true })
  accountId: string | null = null;

  /** Who did it, when somebody else than the user (staff disabling a user, for instance). */
  @RefColumn({ name: 'actor_id', nullable: true })
  actorId: string | null = null;

  @Field()
  @Column({ name: 'client_address', type: 'varchar', length: 64 })
  clientAddress!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent: string | null = null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  detail: string | null = null;
}
