import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../../common/columns';

/**
 * Consecutive failed logins per billing user ID (`user:<key>`) and per client
 * address (`addr:<ip>`). In the database, so every server process shares it.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ name: 'throttle_key', type: 'varchar', length: 300 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @TimeColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
