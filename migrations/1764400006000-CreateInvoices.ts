import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Invoices with their lines, and the per-year counter that numbers them without gaps. */
export class CreateInvoices1764400006000 implements MigrationInterface {
  name = 'CreateInvoices1764400006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({ name: 'invoice_number_sequence', columns: [{ ...c.int('year'), isPrimary: true }, c.int('last_number', 0)] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invoice',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('number', 20),
          c.date('issue_date'),
          c.date('due_date'),
          c.string('currency', 3),
          c.string('po_number', 60, true),
          c.json('bill_to'),
          c.money('subtotal_minor'),
          c.money('tax_minor'),
          c.money('total_minor'),
          c.money('amount_paid_minor'),
          c.string('status', 20),
          c.string('void_reason', 500, true),
          c.time('voided_at', true),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_invoice_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'IDX_invoice_account', columnNames: ['account_id', 'issue_date', 'id'] }),
        ],
        foreignKeys: [c.foreignKey('account_id', 'corporate_account', 'RESTRICT')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invoice_line',
        columns: [
          c.id(),
          c.ref('invoice_id'),
          c.int('position'),
          c.string('description', 500),
          c.string('product_code', 40, true),
          c.int('quantity'),
          c.money('unit_price_minor'),
          c.money('amount_minor'),
          c.int('tax_rate_bp'),
          c.money('tax_minor'),
          c.date('period_start', true),
          c.date('period_end', true),
        ],
        indices: [new TableIndex({ name: 'IDX_invoice_line_invoice', columnNames: ['invoice_id', 'position'] })],
        foreignKeys: [c.foreignKey('invoice_id', 'invoice')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['invoice_line', 'invoice', 'invoice_number_sequence']) await queryRunner.dropTable(table);
  }
}
