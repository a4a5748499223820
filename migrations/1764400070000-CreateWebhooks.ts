import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Webhook endpoints, the events sent to them and the outbox of their deliveries. */
export class CreateWebhooks1764400070000 implements MigrationInterface {
  name = 'CreateWebhooks1764400070000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const fk = c.foreignKey;
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoint',
        columns: [
          c.id(),
          c.string('url', 2000),
          c.string('description', 255),
          c.json('events'),
          c.ref('account_id', true),
          c.string('status', 20),
          c.string('disabled_reason', 255, true),
          c.string('secret_sealed', 255),
          c.string('previous_secret_sealed', 255, true),
          c.time('previous_secret_expires_at', true),
          c.time('failing_since', true),
          c.ref('created_by', true),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_webhook_endpoint_status', columnNames: ['status'] })],
        foreignKeys: [fk('account_id', 'corporate_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_event',
        columns: [c.id(), c.string('type', 60), c.ref('account_id', true), c.text('payload'), c.time('created_at')],
        indices: [new TableIndex({ name: 'IDX_webhook_event_created', columnNames: ['created_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          c.id(),
          c.ref('event_id'),
          c.ref('endpoint_id'),
          c.string('status', 20),
          c.int('attempts', 0),
          c.time('next_attempt_at'),
          c.time('last_attempt_at', true),
          { ...c.int('response_status'), isNullable: true },
          c.string('last_error', 500, true),
          c.time('delivered_at', true),
          c.time('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_webhook_delivery_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'IDX_webhook_delivery_endpoint', columnNames: ['endpoint_id', 'created_at', 'id'] }),
        ],
        foreignKeys: [fk('event_id', 'webhook_event'), fk('endpoint_id', 'webhook_endpoint')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_delivery');
    await queryRunner.dropTable('webhook_event');
    await queryRunner.dropTable('webhook_endpoint');
  }
}
