import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/**
 * The per-year invoice counter remembers the issue date of its last number, so
 * the next invoice of the year is never dated before it (numbers follow issue
 * dates). Filled from the invoices already issued: the latest issue date of
 * the year up to today.
 */
export class AddInvoiceLastIssueDate1764400020000 implements MigrationInterface {
  name = 'AddInvoiceLastIssueDate1764400020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('invoice_number_sequence', new TableColumn(c.date('last_issue_date', true)));
    const counters: Array<{ year: number | string }> = await queryRunner.query('SELECT year FROM invoice_number_sequence');
    // Before this rule numbers did not follow dates: take the year's latest issue date, but never a future one
    // (it would block every invoice of the year until then).
    const today = new Date().toISOString().slice(0, 10);
    for (const row of counters) {
      await queryRunner.query(
        'UPDATE invoice_number_sequence SET last_issue_date = (SELECT MAX(issue_date) FROM invoice WHERE number LIKE ? AND issue_date <= ?) WHERE year = ?',
        [`INV-${Number(row.year)}-%`, today, Number(row.year)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('invoice_number_sequence', 'last_issue_date');
  }
}
