import { createDataSource } from '../../src/data-source';
import { loadConfig } from '../../src/config';
import { inTransaction } from '../../src/common/transactions';
import { CorporateAccount } from '../../src/modules/account/corporate-account.entity';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import type { DataSource } from 'typeorm';

let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  ds = await createDataSource(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.url }).database,
  ).initialize();
  await ds.runMigrations();
});
afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

const account = (name: string) => ds.manager.create(CorporateAccount, { organisationName: name, accountNumber: name });

describe('inTransaction', () => {
  it('joins a transaction already open in the same call chain instead of waiting for it', async () => {
    await inTransaction(ds, async (tx) => {
      await tx.manager.insert(CorporateAccount, account('OUTER-1'));
      await inTransaction(ds, (inner) => inner.manager.insert(CorporateAccount, account('INNER-1')));
    });
    expect(
      await ds.getRepository(CorporateAccount).countBy([{ accountNumber: 'OUTER-1' }, { accountNumber: 'INNER-1' }]),
    ).toBe(2);
  });

  it('rolls the joined work back with the outer transaction, and runs after-commit hooks only on commit', async () => {
    const hooks: string[] = [];
    await expect(
      inTransaction(ds, async (_tx) => {
        await inTransaction(ds, async (inner) => {
          await inner.manager.insert(CorporateAccount, account('INNER-2'));
          inner.afterCommit(() => hooks.push('inner'));
        });
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await ds.getRepository(CorporateAccount).countBy({ accountNumber: 'INNER-2' })).toBe(0);
    expect(hooks).toEqual([]);

    await inTransaction(ds, async (tx) => tx.afterCommit(() => hooks.push('committed')));
    expect(hooks).toEqual(['committed']);
  });

  it('does not let work that outlives a transaction join it', async () => {
    let later: Promise<unknown> = Promise.resolve();
    await inTransaction(ds, async (tx) => {
      await tx.manager.insert(CorporateAccount, account('BEFORE-3'));
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        inTransaction(ds, (own) => own.manager.insert(CorporateAccount, account('LATER-3'))),
      );
    });
    await later;
    expect(
      await ds.getRepository(CorporateAccount).countBy([{ accountNumber: 'BEFORE-3' }, { accountNumber: 'LATER-3' }]),
    ).toBe(2);
  });

  it('keeps concurrent transactions apart', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction(ds, async (tx) => {
          await tx.manager.insert(CorporateAccount, account(`PAR-${i}`));
          if (i % 2) throw new Error(`fail ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    const kept = await ds.getRepository(CorporateAccount).find({ order: { accountNumber: 'ASC' } });
    expect(kept.filter((a) => a.accountNumber.startsWith('PAR-')).map((a) => a.accountNumber)).toEqual([
      'PAR-0',
      'PAR-2',
      'PAR-4',
      'PAR-6',
    ]);
  });
});
