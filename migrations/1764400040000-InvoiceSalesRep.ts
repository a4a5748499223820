import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/**
 * The sales rep of an invoice's account, copied onto the invoice with an
 * index in the list's order (rep, issue date, number): a rep's invoice list
 * then reads its first page off one index, where the account subquery made
 * the database gather and sort all the rep's invoices (about 100,000 for a
 * rep with a tenth of a million-invoice book) for every page. The invoice
 * takes the rep when it is issued, and a reassignment of the account moves
 * its invoices in the same transaction, under the account's row lock (see
 * InvoiceService). Existing invoices take their account's current rep.
 */
export class InvoiceSalesRep1764400040000 implements MigrationInterface {
  name = 'InvoiceSalesRep1764400040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('invoice', new TableColumn(c.ref('sales_rep_id', true)));
    await queryRunner.query(
      'UPDATE invoice SET sales_rep_id = (SELECT a.sales_rep_id FROM corporate_account a WHERE a.id = invoice.account_id)',
    );
    await queryRunner.createIndex(
      'invoice',
      new TableIndex({ name: 'IDX_invoice_rep_issued', columnNames: ['sales_rep_id', 'issue_date', 'number'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('invoice', 'IDX_invoice_rep_issued');
    await queryRunner.dropColumn('invoice', 'sales_rep_id');
  }
}
