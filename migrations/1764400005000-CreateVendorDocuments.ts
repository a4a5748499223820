import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** The document centre: vendor documents (PDF) and the countries they apply to. */
export class CreateVendorDocuments1764400005000 implements MigrationInterface {
  name = 'CreateVendorDocuments1764400005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'vendor_document',
        columns: [
          c.id(),
          c.string('title', 200),
          c.string('kind', 30),
          c.json('countries'),
          c.string('storage_key', 200),
          c.int('size_bytes'),
          c.string('sha256', 64),
          c.ref('uploaded_by'),
          c.time('created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_vendor_document_kind', columnNames: ['kind'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('vendor_document');
  }
}
