import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes in the order the invoice lists read (newest first: issue date, then
 * number, which is unique):
 * - `IDX_invoice_account_issued` (account, issue date, number) for an
 *   account's history, where the old `IDX_invoice_account` ended with the id
 *   and left a sort to do; it replaces that one, and also serves the foreign
 *   key on the account (created first: MySQL refuses to drop the only index a
 *   foreign key can use);
 * - `IDX_invoice_issued` (issue date, number) for the lists over every account
 *   (account services, a rep's accounts), which had no index at all and read
 *   and sorted the whole table for a first page.
 */
export class InvoiceListIndexes1764400030000 implements MigrationInterface {
  name = 'InvoiceListIndexes1764400030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'invoice',
      new TableIndex({ name: 'IDX_invoice_account_issued', columnNames: ['account_id', 'issue_date', 'number'] }),
    );
    await queryRunner.dropIndex('invoice', 'IDX_invoice_account');
    await queryRunner.createIndex(
      'invoice',
      new TableIndex({ name: 'IDX_invoice_issued', columnNames: ['issue_date', 'number'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('invoice', 'IDX_invoice_issued');
    await queryRunner.createIndex(
      'invoice',
      new TableIndex({ name: 'IDX_invoice_account', columnNames: ['account_id', 'issue_date', 'id'] }),
    );
    await queryRunner.dropIndex('invoice', 'IDX_invoice_account_issued');
  }
}
