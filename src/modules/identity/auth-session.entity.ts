import { randomUUID } from 'node:crypto';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { BillingUser } from './billing-user.entity';
import { IdColumn, RefColumn, TimeColumn } from '../../common/columns';

/**
 * One login: the family of refresh tokens that rotate from it. Revoking it
 * ends its refresh tokens and the access tokens that name it.
 */
@Entity('auth_session')
@Index('IDX_auth_session_user', ['userId'])
export class AuthSession {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => BillingUser, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'user_id' })
  userId!: string;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt: Date | null = null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 40, nullable: true })
  revokedReason: string | null = null;

  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null = null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent: string | null = null;
}

/** An opaque refresh token, stored as its SHA-256; each is used at most once. */
@Entity('refresh_token')
@Index('IDX_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_refresh_token_session', ['sessionId'])
export class RefreshToken {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => AuthSession, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'session_id' })
  sessionId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimeColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null = null;
}
