import { randomUUID } from 'node:crypto';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { BillingUser } from './billing-user.entity';
import { IdColumn, RefColumn, TimeColumn } from '../../common/columns';

export enum UserTokenPurpose {
  PASSWORD_RESET = 'PASSWORD_RESET',
  INVITATION = 'INVITATION',
}

/** A single-use link token (password reset, invitation), stored as its SHA-256. */
@Entity('user_token')
@Index('IDX_user_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_user_token_user', ['userId', 'purpose', 'createdAt'])
export class UserToken {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => BillingUser, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  purpose!: UserTokenPurpose;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimeColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null = null;
}
