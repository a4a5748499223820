import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** The security event log (logins, throttling, resets, user and role changes). */
export class CreateSecurityEvents1764400009000 implements MigrationInterface {
  name = 'CreateSecurityEvents1764400009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'security_event',
        columns: [
          c.id(),
          c.time('occurred_at'),
          c.string('type', 40),
          c.ref('user_id', true),
          c.string('attempted_user_id', 100, true),
          c.ref('account_id', true),
          c.ref('actor_id', true),
          c.string('client_address', 64),
          c.string('user_agent', 255, true),
          c.string('detail', 300, true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_security_event_time', columnNames: ['occurred_at', 'id'] }),
          new TableIndex({ name: 'IDX_security_event_user', columnNames: ['user_id', 'occurred_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('security_event');
  }
}
