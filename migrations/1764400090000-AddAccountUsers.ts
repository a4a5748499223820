import type { MigrationInterface, QueryRunner } from 'typeorm';

interface ContactRow {
  id: string;
  account_id: string;
  status: string;
  updated_at: string | Date;
}

/**
 * Several portal users per account: which user is the account's billing
 * contact (the one named on invoices; unique), and each user's e-mail choices
 * (null follows the portal role's default). Each account's current contact
 * becomes its billing contact: the active one, else the invited one that is
 * not a pending replacement, else the one disabled last.
 */
export class AddAccountUsers1764400090000 implements MigrationInterface {
  name = 'AddAccountUsers1764400090000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ADD COLUMN on both databases (the Table API would rebuild the table on SQLite).
    await queryRunner.query('ALTER TABLE billing_user ADD COLUMN primary_account_id varchar(36) NULL');
    for (const topic of ['invoices', 'receipts', 'quotes', 'reminders'])
      await queryRunner.query(`ALTER TABLE billing_user ADD COLUMN mail_${topic} boolean NULL`);
    await queryRunner.query('CREATE UNIQUE INDEX IDX_billing_user_primary ON billing_user (primary_account_id)');
    const rows: ContactRow[] = await queryRunner.query(
      `SELECT id, account_id, status, updated_at FROM billing_user
        WHERE role = 'BILLING_CONTACT' AND account_id IS NOT NULL
          AND id NOT IN (SELECT new_user_id FROM billing_contact_change WHERE status = 'PENDING')`,
    );
    const rank = (r: ContactRow) => (r.status === 'ACTIVE' ? 2 : r.status === 'INVITED' ? 1 : 0);
    const chosen = new Map<string, ContactRow>();
    for (const row of rows) {
      const best = chosen.get(row.account_id);
      if (
        !best ||
        rank(row) > rank(best) ||
        (rank(row) === rank(best) && new Date(row.updated_at) > new Date(best.updated_at))
      )
        chosen.set(row.account_id, row);
    }
    for (const row of chosen.values())
      await queryRunner.query('UPDATE billing_user SET primary_account_id = account_id WHERE id = ?', [row.id]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('billing_user', 'IDX_billing_user_primary');
    for (const topic of ['invoices', 'receipts', 'quotes', 'reminders'])
      await queryRunner.query(`ALTER TABLE billing_user DROP COLUMN mail_${topic}`);
    await queryRunner.query('ALTER TABLE billing_user DROP COLUMN primary_account_id');
  }
}
