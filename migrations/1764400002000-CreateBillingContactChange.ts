import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** A pending replacement of an account's billing contact, completed when the new contact activates. */
export class CreateBillingContactChange1764400002000 implements MigrationInterface {
  name = 'CreateBillingContactChange1764400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const fk = c.foreignKey;
    await queryRunner.createTable(
      new Table({
        name: 'billing_contact_change',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.ref('previous_user_id'),
          c.ref('new_user_id'),
          c.ref('requested_by', true),
          c.string('status', 20),
          c.time('created_at'),
          c.time('closed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_contact_change_account', columnNames: ['account_id', 'status'] }),
          new TableIndex({ name: 'IDX_contact_change_new_user', columnNames: ['new_user_id'], isUnique: true }),
        ],
        foreignKeys: [fk('account_id', 'corporate_account'), fk('previous_user_id', 'billing_user'), fk('new_user_id', 'billing_user')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('billing_contact_change');
  }
}
