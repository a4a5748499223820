import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** The product catalogue with prices per currency, and each account's subscription with its items. */
export class CreateSubscriptions1764400001000 implements MigrationInterface {
  name = 'CreateSubscriptions1764400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const fk = c.foreignKey;

    await queryRunner.createTable(
      new Table({
        name: 'product',
        columns: [c.id(), c.string('code', 40), c.string('name', 200), c.text('description', true), c.bool('active'), c.time('created_at'), c.time('updated_at')],
        indices: [new TableIndex({ name: 'IDX_product_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'product_price',
        columns: [c.id(), c.ref('product_id'), c.string('currency', 3), c.money('unit_price_minor')],
        indices: [new TableIndex({ name: 'IDX_product_price_currency', columnNames: ['product_id', 'currency'], isUnique: true })],
        foreignKeys: [fk('product_id', 'product', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscription',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('status', 20),
          c.date('term_start'),
          c.date('term_end'),
          c.bool('auto_renew'),
          c.bool('cancel_at_term_end'),
          c.time('cancelled_at', true),
          c.string('cancel_reason', 500, true),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_subscription_account', columnNames: ['account_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_subscription_due', columnNames: ['status', 'term_end'] }),
        ],
        foreignKeys: [fk('account_id', 'corporate_account', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscription_item',
        columns: [c.id(), c.ref('subscription_id'), c.ref('product_id'), c.int('seats')],
        indices: [new TableIndex({ name: 'IDX_subscription_item_product', columnNames: ['subscription_id', 'product_id'], isUnique: true })],
        foreignKeys: [fk('subscription_id', 'subscription', 'CASCADE'), fk('product_id', 'product', 'RESTRICT')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['subscription_item', 'subscription', 'product_price', 'product']) await queryRunner.dropTable(table);
  }
}
