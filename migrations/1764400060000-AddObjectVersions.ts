import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** The tables whose rows events describe (src/common/events.ts): each row gets a version. */
const VERSIONED_TABLES = ['quote', 'invoice', 'payment', 'subscription', 'corporate_account', 'service_request'];

/**
 * A `version` on each object an event describes, starting at 1 and grown by
 * one with every change of the row (the entities' @VersionColumn: TypeORM's
 * UPDATEs and saves bump it), so a receiver of the events can drop a stale
 * one. Existing rows start at 1.
 *
 * On SQLite the column is added and dropped with plain ALTER TABLE: the Table
 * API would rebuild the table there, which loses the search indexes on
 * `invoice` and `corporate_account` (migrations/1764400050000), and SQLite
 * adds and drops a column like this one in place.
 */
export class AddObjectVersions1764400060000 implements MigrationInterface {
  name = 'AddObjectVersions1764400060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    const c = columnsFor(queryRunner);
    for (const table of VERSIONED_TABLES) {
      if (sqlite) await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "version" integer NOT NULL DEFAULT (1)`);
      else await queryRunner.addColumn(table, new TableColumn(c.int('version', 1)));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    for (const table of [...VERSIONED_TABLES].reverse()) {
      if (sqlite) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "version"`);
      else await queryRunner.dropColumn(table, 'version');
    }
  }
}
