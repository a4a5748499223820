import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

export class CreateCorporateAccount1764360000000 implements MigrationInterface {
  name = 'CreateCorporateAccount1764360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'corporate_account',
        columns: [
          c.id(),
          c.string('account_number', 32),
          c.string('organisation_name', 200),
          c.time('created_at'),
          c.time('updated_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_corporate_account_number', columnNames: ['account_number'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('corporate_account');
  }
}
