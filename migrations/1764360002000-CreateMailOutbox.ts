import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

export class CreateMailOutbox1764360002000 implements MigrationInterface {
  name = 'CreateMailOutbox1764360002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          c.id(),
          c.string('kind', 60),
          c.json('recipients'),
          c.string('subject', 255),
          c.text('text_body'),
          c.text('html_body', true),
          c.string('status', 20),
          c.int('attempts', 0),
          c.time('next_attempt_at'),
          c.string('last_error', 500, true),
          c.time('created_at'),
          c.time('sent_at', true),
        ],
        indices: [new TableIndex({ name: 'IDX_mail_outbox_due', columnNames: ['status', 'next_attempt_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mail_outbox');
  }
}
