import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the staff searches, which start at the beginning of a value
 * (see src/common/search.ts) so that an index answers them at any size:
 * - the invoice search (number or PO number) and the account search
 *   (organisation name, or the account number exactly);
 * - on MySQL/MariaDB the columns' case-insensitive collation lets plain
 *   indexes serve; number, account number and organisation name have theirs
 *   already, the PO number gets one;
 * - on SQLite, which compares bytes, each searched column gets an index on
 *   `lower(column)`, the expression the searches compare.
 * TypeORM does not describe expression indexes: the entities declare these
 * by name with `synchronize: false`, and a later migration that makes
 * TypeORM rebuild one of these tables on SQLite (adding or dropping a column
 * does) loses them: it must create them again (test/e2e/migrations checks).
 */
export const SQLITE_INDEXES: Array<[name: string, table: string, column: string]> = [
  ['IDX_invoice_number_search', 'invoice', 'number'],
  ['IDX_invoice_po_number', 'invoice', 'po_number'],
  ['IDX_corporate_account_name_search', 'corporate_account', 'organisation_name'],
  ['IDX_corporate_account_number_search', 'corporate_account', 'account_number'],
];

export class SearchIndexes1764400050000 implements MigrationInterface {
  name = 'SearchIndexes1764400050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') {
      for (const [name, table, column] of SQLITE_INDEXES)
        await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" (lower("${column}"))`);
      return;
    }
    await queryRunner.query('CREATE INDEX `IDX_invoice_po_number` ON `invoice` (`po_number`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') {
      for (const [name] of SQLITE_INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
      return;
    }
    await queryRunner.query('DROP INDEX `IDX_invoice_po_number` ON `invoice`');
  }
}
