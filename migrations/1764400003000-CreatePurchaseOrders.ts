import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Customers' purchase orders, and the expiry reminders sent for them (one of each kind per expiry date). */
export class CreatePurchaseOrders1764400003000 implements MigrationInterface {
  name = 'CreatePurchaseOrders1764400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const fk = c.foreignKey;
    await queryRunner.createTable(
      new Table({
        name: 'purchase_order',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('number', 60),
          c.string('number_key', 60),
          c.string('description', 500, true),
          c.date('valid_from'),
          c.date('expires_on'),
          c.money('ceiling_minor', true),
          c.bool('deactivated'),
          c.bool('is_default'),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_purchase_order_number', columnNames: ['account_id', 'number_key'], isUnique: true }),
          new TableIndex({ name: 'IDX_purchase_order_expiry', columnNames: ['expires_on'] }),
        ],
        foreignKeys: [fk('account_id', 'corporate_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'purchase_order_reminder',
        columns: [c.id(), c.ref('purchase_order_id'), c.string('kind', 20), c.date('expires_on'), c.time('sent_at')],
        indices: [new TableIndex({ name: 'IDX_po_reminder_kind', columnNames: ['purchase_order_id', 'kind', 'expires_on'], isUnique: true })],
        foreignKeys: [fk('purchase_order_id', 'purchase_order')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('purchase_order_reminder');
    await queryRunner.dropTable('purchase_order');
  }
}
