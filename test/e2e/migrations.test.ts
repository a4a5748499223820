import { createDataSource } from '../../src/data-source';
import { loadConfig } from '../../src/config';
import { migrations } from '../../migrations';
import { bigintMinorUnits } from '../../src/common/money';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

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

      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const runner = ds.createQueryRunner();
      const left = [];
      for (const { tableName } of ds.entityMetadatas) if (await runner.hasTable(tableName)) left.push(tableName);
      await runner.release();
      expect(left).toEqual([]);

      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
      expect(await ds.showMigrations()).toBe(false);
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
