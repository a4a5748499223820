import { createDataSource } from '../../src/data-source';
import { loadConfig } from '../../src/config';
import { migrations } from '../../migrations';
import { bigintMinorUnits } from '../../src/common/money';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { SQLITE_INDEXES } from '../../migrations/1764400050000-SearchIndexes';
import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';

/**
 * The search indexes TypeORM does not know (expression indexes on SQLite):
 * a later migration that rebuilds their table would drop them unseen.
 */
async function searchIndexes(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> =
    ds.options.type === 'better-sqlite3'
      ? await ds.query(`SELECT name FROM sqlite_master WHERE type = 'index'`)
      : await ds.query(
          'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()',
        );
  const names = new Set(rows.map((r) => r.name));
  return [...new Set([...SQLITE_INDEXES.map(([name]) => name), 'IDX_invoice_po_number'])]
    .filter((n) => names.has(n))
    .sort();
}
const SEARCH_INDEXES = (ds: DataSource) =>
  (ds.options.type === 'better-sqlite3' ? SQLITE_INDEXES.map(([name]) => name) : ['IDX_invoice_po_number']).sort();

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('migrations', () => {
  it('build exactly the schema the entities describe, and revert cleanly', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.url });
    const ds = await createDataSource(config.database).initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.map((m) => m.name)).toEqual(migrations.map((m) => m.name));

      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await searchIndexes(ds)).toEqual(SEARCH_INDEXES(ds));

      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const runner = ds.createQueryRunner();
      const left = [];
      for (const { tableName } of ds.entityMetadatas) if (await runner.hasTable(tableName)) left.push(tableName);
      await runner.release();
      expect(left).toEqual([]);

      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
      expect(await ds.showMigrations()).toBe(false);
      expect(await searchIndexes(ds)).toEqual(SEARCH_INDEXES(ds));
    } finally {
      await ds.destroy();
    }
  });

  it("make each account's current contact its billing contact when several portal users arrive", async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.url });
    const ds = await createDataSource(config.database).initialize();
    try {
      // The data as it stood before AddAccountUsers: one contact per account, more after a change of contact.
      await ds.runMigrations({ transaction: 'each' });
      const at = migrations.findIndex((m) => m.name === 'AddAccountUsers1764400090000');
      expect(at).toBeGreaterThan(0);
      for (let i = at; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });

      const account = async (name: string) => {
        const id = randomUUID();
        await ds.query(
          `INSERT INTO corporate_account (id, account_number, organisation_name, created_at, updated_at)
           VALUES (?, ?, ?, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')`,
          [id, `MIG-${id.slice(0, 8)}`, name],
        );
        return id;
      };
      const user = async (accountId: string | null, status: string, updatedAt: string) => {
        const id = randomUUID();
        const role = accountId ? 'BILLING_CONTACT' : 'ACCOUNT_SERVICES';
        await ds.query(
          `INSERT INTO billing_user (id, billing_user_id, user_id_key, email, display_name, role, portal_role, account_id,
             status, created_at, updated_at)
           VALUES (?, ?, ?, 'm@example.test', 'M', ?, ?, ?, ?, '2026-01-01 00:00:00.000', ?)`,
          [id, `mig.${id}`, `mig.${id}`, role, accountId ? 'ADMIN' : null, accountId, status, updatedAt],
        );
        return id;
      };
      const pendingChange = (accountId: string, previous: string, next: string) =>
        ds.query(
          `INSERT INTO billing_contact_change (id, account_id, previous_user_id, new_user_id, status, created_at)
           VALUES (?, ?, ?, ?, 'PENDING', '2026-02-01 00:00:00.000')`,
          [randomUUID(), accountId, previous, next],
        );

      const changed = await account('Changed contact');
      await user(changed, 'DISABLED', '2026-03-01 00:00:00.000'); // replaced, and touched since
      const current = await user(changed, 'ACTIVE', '2026-02-01 00:00:00.000');
      const pending = await account('Pending change');
      const staying = await user(pending, 'ACTIVE', '2026-01-01 00:00:00.000');
      await pendingChange(pending, staying, await user(pending, 'INVITED', '2026-02-01 00:00:00.000'));
      const invited = await account('Invited contact');
      const newcomer = await user(invited, 'INVITED', '2026-01-01 00:00:00.000');
      const locked = await account('Locked out');
      await user(locked, 'DISABLED', '2026-01-01 00:00:00.000');
      const lastLocked = await user(locked, 'DISABLED', '2026-04-01 00:00:00.000');
      const staff = await user(null, 'ACTIVE', '2026-01-01 00:00:00.000');

      await ds.runMigrations({ transaction: 'each' });
      const rows: Array<{ id: string; primary_account_id: string | null }> = await ds.query(
        'SELECT id, primary_account_id FROM billing_user',
      );
      const primaries = Object.fromEntries(
        rows.filter((r) => r.primary_account_id).map((r) => [r.primary_account_id, r.id]),
      );
      expect(primaries).toEqual({ [changed]: current, [pending]: staying, [invited]: newcomer, [locked]: lastLocked });
      expect(rows.find((r) => r.id === staff)?.primary_account_id).toBeNull();
    } finally {
      await ds.destroy();
    }
  });

  it('reads bigint values from the database as safe integers, and refuses unsafe ones', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.url });
    const ds = await createDataSource(config.database).initialize();
    try {
      const [row] = await ds.query(
        'SELECT CAST(9007199254740991 AS SIGNED) AS safe, CAST(-123456789012 AS SIGNED) AS negative',
      );
      expect(bigintMinorUnits.from(row.safe)).toBe(9007199254740991);
      expect(bigintMinorUnits.from(row.negative)).toBe(-123456789012);
      const [big] = await ds.query('SELECT CAST(9007199254740993 AS SIGNED) AS unsafe');
      expect(() => bigintMinorUnits.from(big.unsafe)).toThrow(RangeError);
    } finally {
      await ds.destroy();
    }
  });
});
