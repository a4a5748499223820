import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

/**
 * Payment methods, payments (with their idempotency keys), the amount of an
 * invoice held by payments in flight, subscription renewals, and attachments
 * of queued e-mails.
 */
export class CreatePayments1764400007000 implements MigrationInterface {
  name = 'CreatePayments1764400007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('invoice', new TableColumn({ ...c.money('amount_pending_minor'), default: 0 }));
    await queryRunner.addColumn('mail_outbox', new TableColumn(c.json('attachments', true)));
    await queryRunner.createTable(
      new Table({
        name: 'payment_method',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.string('type', 20),
          c.string('status', 20),
          c.bool('is_default'),
          c.string('gateway_ref', 100, true),
          c.string('brand', 30, true),
          c.string('last4', 4, true),
          { ...c.int('exp_month'), isNullable: true },
          { ...c.int('exp_year'), isNullable: true },
          c.string('bank_name', 100, true),
          c.string('holder_name', 200, true),
          c.time('created_at'),
          c.time('removed_at', true),
        ],
        indices: [new TableIndex({ name: 'IDX_payment_method_account', columnNames: ['account_id', 'status'] })],
        foreignKeys: [c.foreignKey('account_id', 'corporate_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'payment',
        columns: [
          c.id(),
          c.ref('account_id'),
          c.ref('invoice_id'),
          c.ref('payment_method_id', true),
          c.string('method_type', 20),
          c.string('channel', 20),
          c.money('amount_minor'),
          c.string('currency', 3),
          c.string('status', 20),
          c.string('failure_code', 40, true),
          c.string('failure_message', 300, true),
          c.string('gateway_transaction_id', 100, true),
          c.string('reference', 100, true),
          c.date('received_on', true),
          c.string('idempotency_key', 100),
          c.string('request_hash', 64),
          c.ref('created_by', true),
          c.time('created_at'),
          c.time('completed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_payment_idempotency', columnNames: ['account_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'IDX_payment_invoice', columnNames: ['invoice_id', 'created_at'] }),
        ],
        foreignKeys: [
          c.foreignKey('account_id', 'corporate_account', 'RESTRICT'),
          c.foreignKey('invoice_id', 'invoice', 'RESTRICT'),
          c.foreignKey('payment_method_id', 'payment_method', 'RESTRICT'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscription_renewal',
        columns: [
          c.id(),
          c.ref('subscription_id'),
          c.ref('account_id'),
          c.date('term_start'),
          c.date('term_end'),
          c.ref('invoice_id'),
          c.string('status', 20),
          c.time('created_at'),
          c.time('applied_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_subscription_renewal_term', columnNames: ['subscription_id', 'term_start'], isUnique: true }),
          new TableIndex({ name: 'IDX_subscription_renewal_due', columnNames: ['status', 'term_start'] }),
        ],
        foreignKeys: [
          c.foreignKey('subscription_id', 'subscription'),
          c.foreignKey('account_id', 'corporate_account'),
          c.foreignKey('invoice_id', 'invoice', 'RESTRICT'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['subscription_renewal', 'payment', 'payment_method']) await queryRunner.dropTable(table);
    await queryRunner.dropColumn('mail_outbox', 'attachments');
    await queryRunner.dropColumn('invoice', 'amount_pending_minor');
  }
}
