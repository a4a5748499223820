import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor } from './columns';

export class CreateIdentity1764360001000 implements MigrationInterface {
  name = 'CreateIdentity1764360001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const cascade = (column: string, table: string) =>
      new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' });

    await queryRunner.createTable(
      new Table({
        name: 'billing_user',
        columns: [
          c.id(),
          c.string('billing_user_id', 254),
          c.string('user_id_key', 254),
          c.string('email', 254),
          c.string('display_name', 200),
          c.string('role', 20),
          c.ref('account_id', true),
          c.string('status', 20),
          c.string('password_hash', 255, true),
          c.int('session_version', 0),
          c.time('created_at'),
          c.time('updated_at'),
          c.time('activated_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_billing_user_key', columnNames: ['user_id_key'], isUnique: true }),
          new TableIndex({ name: 'IDX_billing_user_account', columnNames: ['account_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['account_id'],
            referencedTableName: 'corporate_account',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'auth_session',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.time('created_at'),
          c.time('expires_at'),
          c.time('revoked_at', true),
          c.string('revoked_reason', 40, true),
          c.string('client_address', 64, true),
          c.string('user_agent', 255, true),
        ],
        indices: [new TableIndex({ name: 'IDX_auth_session_user', columnNames: ['user_id'] })],
        foreignKeys: [cascade('user_id', 'billing_user')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_token',
        columns: [c.id(), c.ref('session_id'), c.string('token_hash', 64), c.time('created_at'), c.time('expires_at'), c.time('used_at', true)],
        indices: [
          new TableIndex({ name: 'IDX_refresh_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'IDX_refresh_token_session', columnNames: ['session_id'] }),
        ],
        foreignKeys: [cascade('session_id', 'auth_session')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_token',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.string('purpose', 20),
          c.string('token_hash', 64),
          c.time('created_at'),
          c.time('expires_at'),
          c.time('used_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_user_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'IDX_user_token_user', columnNames: ['user_id', 'purpose', 'created_at'] }),
        ],
        foreignKeys: [cascade('user_id', 'billing_user')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { ...c.string('throttle_key', 300), isPrimary: true },
          c.int('failures', 0),
          c.time('locked_until', true),
          c.time('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['login_throttle', 'user_token', 'refresh_token', 'auth_session', 'billing_user']) {
      await queryRunner.dropTable(table);
    }
  }
}
