import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each billing contact's portal role; the contacts there are (one per account) become ADMIN. */
export class AddPortalRoles1764400080000 implements MigrationInterface {
  name = 'AddPortalRoles1764400080000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A plain ADD COLUMN on both databases (the Table API would rebuild the table on SQLite).
    await queryRunner.query('ALTER TABLE billing_user ADD COLUMN portal_role varchar(20) NULL');
    await queryRunner.query("UPDATE billing_user SET portal_role = 'ADMIN' WHERE role = 'BILLING_CONTACT'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE billing_user DROP COLUMN portal_role');
  }
}
