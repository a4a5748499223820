import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';

export enum WebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  /** By account services, or by the dispatcher after WEBHOOK_DISABLE_AFTER_HOURS of failures: nothing is sent. */
  DISABLED = 'DISABLED',
}
registerEnumType(WebhookEndpointStatus, { name: 'WebhookEndpointStatus' });

export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or its next retry. */
  PENDING = 'PENDING',
  /** The endpoint answered 2xx. */
  DELIVERED = 'DELIVERED',
  /** Given up: a final answer (4xx other than 408 and 429, a redirect), every retry spent, or the endpoint disabled or gone. */
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

/**
 * A URL of the vendor's systems that hears the events it subscribes to,
 * for every account or one. Its signing secrets are kept encrypted
 * (WEBHOOK_ENCRYPTION_KEY) and never become GraphQL fields.
 */
@ObjectType({ description: "A URL of the vendor's systems that receives signed events" })
@Entity('webhook_endpoint')
@Index('IDX_webhook_endpoint_status', ['status'])
export class WebhookEndpoint {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field()
  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  description: string = '';

  /** The event types it receives (webhook-events.ts), sorted. */
  @Field(() => [String], { description: 'The event types it receives, e.g. quote.accepted' })
  @Column({ type: 'simple-json' })
  events!: string[];

  /** Only this account's events; null: every account's. */
  @RefColumn({ name: 'account_id', nullable: true })
  @ForeignKey('CorporateAccount', { onDelete: 'CASCADE' })
  accountId: string | null = null;

  @Field(() => WebhookEndpointStatus)
  @StatusColumn()
  status: WebhookEndpointStatus = WebhookEndpointStatus.ACTIVE;

  @Field(() => String, { nullable: true, description: 'Why it was disabled' })
  @Column({ name: 'disabled_reason', type: 'varchar', length: 255, nullable: true })
  disabledReason: string | null = null;

  /** The current signing secret, sealed (webhook-secrets.ts). */
  @Column({ name: 'secret_sealed', type: 'varchar', length: 255 })
  secretSealed!: string;

  /** The secret before the last rotation, sealed; it signs beside the current one until `previousSecretExpiresAt`. */
  @Column({ name: 'previous_secret_sealed', type: 'varchar', length: 255, nullable: true })
  previousSecretSealed: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Until when the secret before the last rotation still signs' })
  @TimeColumn({ name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null = null;

  /** Since when its deliveries have failed without a success in between; null while it works. */
  @Field(() => Date, { nullable: true, description: 'Since when deliveries have failed without a success' })
  @TimeColumn({ name: 'failing_since', nullable: true })
  failingSince: Date | null = null;

  @RefColumn({ name: 'created_by', nullable: true })
  createdBy: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @Field()
  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();
}

/**
 * One event as it is sent: the body, byte for byte, and its id (the
 * `webhook-id` header, the same on every attempt and redelivery).
 */
@Entity('webhook_event')
@Index('IDX_webhook_event_created', ['createdAt'])
export class WebhookEvent {
  /** `msg_` and 32 hex digits. */
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  @RefColumn({ name: 'account_id', nullable: true })
  accountId: string | null = null;

  /** The JSON body exactly as signed and sent. */
  @Column({ type: 'text' })
  payload!: string;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();
}

/** An event on its way to one endpoint: the outbox row the dispatcher claims, and its history. */
@ObjectType({ description: 'An event on its way to one endpoint' })
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_delivery_endpoint', ['endpointId', 'createdAt', 'id'])
export class WebhookDelivery {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @RefColumn({ name: 'event_id' })
  @ForeignKey(() => WebhookEvent, { onDelete: 'CASCADE' })
  eventId!: string;

  @RefColumn({ name: 'endpoint_id' })
  @ForeignKey(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  endpointId!: string;

  @Field(() => WebhookDeliveryStatus)
  @StatusColumn()
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Attempts made so far' })
  @Column({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** When it is due (or, while an attempt runs, when that attempt's lease ends). */
  @TimeColumn({ name: 'next_attempt_at' })
  nextAttemptAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the endpoint's last answer" })
  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Field(() => String, { nullable: true, description: 'What went wrong on the last attempt' })
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null = null;

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'delivered_at', nullable: true })
  deliveredAt: Date | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();
}
