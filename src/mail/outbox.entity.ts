import { randomUUID } from 'node:crypto';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, StatusColumn, TimeColumn } from '../common/columns';

/** An attachment by reference: `source` names a renderer registered with the mail service. */
export interface MailAttachmentRef {
  source: string;
  ref: string;
  filename: string;
}

export enum OutboxStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

/**
 * An e-mail waiting to be sent, written in the same transaction as the change
 * that causes it. The dispatcher claims due rows with a lease (`nextAttemptAt`)
 * so several server processes never send one row twice at the same time.
 */
@Entity('mail_outbox')
@Index('IDX_mail_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessage {
  @IdColumn()
  id: string = randomUUID();

  /** Kind of message (template name), for logs and queries; never its content. */
  @Column({ type: 'varchar', length: 60 })
  kind!: string;

  @Column({ type: 'simple-json' })
  recipients!: string[];

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody: string | null = null;

  /** Files rendered when the message is sent (e.g. an invoice PDF), named by source and reference. */
  @Column({ type: 'simple-json', nullable: true })
  attachments: MailAttachmentRef[] | null = null;

  @StatusColumn()
  status: OutboxStatus = OutboxStatus.PENDING;

  @Column({ type: 'integer', default: 0 })
  attempts: number = 0;

  @TimeColumn({ name: 'next_attempt_at' })
  nextAttemptAt: Date = new Date();

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null = null;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'sent_at', nullable: true })
  sentAt: Date | null = null;
}
