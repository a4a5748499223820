import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Staff users get the language of their e-mails (null: English); billing contacts keep their account's. */
export class AddBillingUserLocale1764400015000 implements MigrationInterface {
  name = 'AddBillingUserLocale1764400015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('billing_user', new TableColumn(c.string('locale', 10, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('billing_user', 'locale');
  }
}
