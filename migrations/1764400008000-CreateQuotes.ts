import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Quotes with their lines, and the per-year counter of quote numbers. */
export class CreateQuotes1764400008000 implements MigrationInterface {
  name = 'CreateQuotes1764400008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({ name: 'quote_number_sequence', columns: [{ ...c.int('year'), isPrimary: true }, c.int('last_number', 0)] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'quote',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('number', 20),
          c.int('revision'),
          c.string('status', 20),
          c.string('currency', 3),
          c.date('expires_on'),
          c.text('note', true),
          c.money('subtotal_minor'),
          c.money('tax_minor'),
          c.money('total_minor'),
          c.ref('created_by'),
          c.ref('sent_by', true),
          c.time('sent_at', true),
          c.ref('decided_by', true),
          c.time('decided_at', true),
          c.string('decided_from', 64, true),
          c.string('reject_reason', 20, true),
          c.string('reject_comment', 1000, true),
          c.string('po_number', 60, true),
          c.ref('invoice_id', true),
          c.ref('previous_revision_id', true),
          c.json('effect_snapshot', true),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_quote_number', columnNames: ['number', 'revision'], isUnique: true }),
          new TableIndex({ name: 'IDX_quote_account', columnNames: ['account_id', 'created_at'] }),
        ],
        foreignKeys: [c.foreignKey('account_id', 'corporate_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'quote_line',
        columns: [
          c.id(),
          c.ref('quote_id'),
          c.int('position'),
          c.ref('product_id'),
          c.string('description', 500, true),
          c.int('seat_change'),
          c.money('list_unit_price_minor'),
          c.money('unit_price_override_minor', true),
          c.int('discount_bp'),
          c.money('unit_price_minor'),
          c.money('amount_minor'),
          c.int('tax_rate_bp'),
          c.money('tax_minor'),
          c.date('period_start'),
          c.date('period_end'),
        ],
        indices: [new TableIndex({ name: 'IDX_quote_line_quote', columnNames: ['quote_id', 'position'] })],
        foreignKeys: [c.foreignKey('quote_id', 'quote'), c.foreignKey('product_id', 'product', 'RESTRICT')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['quote_line', 'quote', 'quote_number_sequence']) await queryRunner.dropTable(table);
  }
}
