import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/** Corporate accounts get their terms, sales rep and Bill To; invoice recipients and the activity trail. */
export class ExtendCorporateAccount1764400000000 implements MigrationInterface {
  name = 'ExtendCorporateAccount1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const withDefault = (column: ReturnType<typeof c.string>, value: string | number) => ({ ...column, default: typeof value === 'string' ? `'${value}'` : value });
    await queryRunner.addColumns('corporate_account', [
      new TableColumn(withDefault(c.string('status', 20), 'ACTIVE')),
      new TableColumn(withDefault(c.string('country', 2), 'US')),
      new TableColumn(withDefault(c.string('currency', 3), 'USD')),
      new TableColumn(withDefault(c.string('locale', 10), 'en-US')),
      new TableColumn(withDefault(c.string('billing_frequency', 20), 'ANNUAL')),
      new TableColumn(withDefault(c.int('payment_terms_days'), 30)),
      new TableColumn(c.ref('sales_rep_id', true)),
      new TableColumn(c.string('bill_to_contact_name', 200, true)),
      new TableColumn(c.string('bill_to_email', 254, true)),
      new TableColumn(c.string('bill_to_company', 200, true)),
      new TableColumn(c.string('bill_to_line1', 200, true)),
      new TableColumn(c.string('bill_to_line2', 200, true)),
      new TableColumn(c.string('bill_to_city', 100, true)),
      new TableColumn(c.string('bill_to_region', 100, true)),
      new TableColumn(c.string('bill_to_postal_code', 20, true)),
      new TableColumn(c.string('bill_to_phone', 20, true)),
    ]);
    await queryRunner.createIndices('corporate_account', [
      new TableIndex({ name: 'IDX_corporate_account_rep', columnNames: ['sales_rep_id'] }),
      new TableIndex({ name: 'IDX_corporate_account_name', columnNames: ['organisation_name', 'id'] }),
    ]);

    const account = () => c.foreignKey('account_id', 'corporate_account');

    await queryRunner.createTable(
      new Table({
        name: 'invoice_recipient',
        columns: [c.id(), c.ref('account_id'), c.string('email', 254), c.string('email_key', 254), c.string('name', 200, true), c.time('created_at')],
        indices: [new TableIndex({ name: 'IDX_invoice_recipient_email', columnNames: ['account_id', 'email_key'], isUnique: true })],
        foreignKeys: [account()],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_activity',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.time('occurred_at'),
          c.ref('actor_id', true),
          c.string('actor_role', 20, true),
          c.string('action', 60),
          c.json('changes', true),
        ],
        indices: [new TableIndex({ name: 'IDX_account_activity_trail', columnNames: ['account_id', 'occurred_at', 'id'] })],
        foreignKeys: [account()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('account_activity');
    await queryRunner.dropTable('invoice_recipient');
    await queryRunner.dropIndex('corporate_account', 'IDX_corporate_account_name');
    await queryRunner.dropIndex('corporate_account', 'IDX_corporate_account_rep');
    for (const column of [
      'bill_to_phone', 'bill_to_postal_code', 'bill_to_region', 'bill_to_city', 'bill_to_line2', 'bill_to_line1',
      'bill_to_company', 'bill_to_email', 'bill_to_contact_name', 'sales_rep_id', 'payment_terms_days',
      'billing_frequency', 'locale', 'currency', 'country', 'status',
    ]) {
      await queryRunner.dropColumn('corporate_account', column);
    }
  }
}
