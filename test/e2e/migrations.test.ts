import { createDataSource } from '../../src/data-source';
import { loadConfig } from '../../src/config';
import { migrations } from '../../migrations';
import { bigintMinorUnits } from '../../src/common/money';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { SQLITE_INDEXES } from '../../migrations/1764400050000-SearchIndexes';
import type { DataSource } from 'typeorm';

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
