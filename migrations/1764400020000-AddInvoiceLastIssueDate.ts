import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/**
 * The per-year invoice counter remembers the issue date of its last number, so
 * the next invoice of the year is never dated before it (numbers follow issue
 * dates). Filled from the invoices already issued.
 */
export class AddInvoiceLastIssueDate1764400020000 implements MigrationInterface {
  name = 'AddInvoiceLastIssueDate1764400020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('invoice_number_sequence', new TableColumn(c.date('last_issue_date', true)));
    const counters: Array<{ year: number | string; last_number: number | string }> = await queryRunner.query(
      'SELECT year, last_number FROM invoice_number_sequence',
    );
    for (const row of counters) {
      const number = `INV-${Number(row.year)}-${String(Number(row.last_number)).padStart(6, '0')}`;
      await queryRunner.query(
        'UPDATE invoice_number_sequence SET last_issue_date = (SELECT MAX(issue_date) FROM invoice WHERE number = ?) WHERE year = ?',
        [number, Number(row.year)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('invoice_number_sequence', 'last_issue_date');
  }
}
