import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Requests filed with Corporate Account Services, and their comment threads. */
export class CreateServiceRequests1764400004000 implements MigrationInterface {
  name = 'CreateServiceRequests1764400004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const fk = c.foreignKey;
    await queryRunner.createTable(
      new Table({
        name: 'service_request',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('reference', 20),
          c.string('type', 30),
          c.string('status', 20),
          c.string('subject', 200),
          c.text('details'),
          c.json('details_json', true),
          c.ref('filed_by'),
          c.ref('assigned_to', true),
          c.text('resolution_note', true),
          c.time('created_at'),
          c.time('updated_at'),
          c.time('closed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_service_request_reference', columnNames: ['reference'], isUnique: true }),
          new TableIndex({ name: 'IDX_service_request_queue', columnNames: ['status', 'type', 'created_at'] }),
          new TableIndex({ name: 'IDX_service_request_account', columnNames: ['account_id', 'created_at'] }),
        ],
        foreignKeys: [fk('account_id', 'corporate_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'service_request_comment',
        columns: [c.id(), c.ref('request_id'), c.ref('author_id'), c.string('author_role', 20), c.text('body'), c.time('created_at')],
        indices: [new TableIndex({ name: 'IDX_service_request_comment', columnNames: ['request_id', 'created_at'] })],
        foreignKeys: [fk('request_id', 'service_request')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('service_request_comment');
    await queryRunner.dropTable('service_request');
  }
}
