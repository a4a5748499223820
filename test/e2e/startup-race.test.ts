import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { listening, run, stop, type Run } from '../helpers/process';

/**
 * Several server processes (subgraphs) may start at the same moment on one
 * fresh database: the start-up lock (src/common/startup-lock.ts) lets one of
 * them migrate and seed the demo data while the others wait, so every
 * migration runs once and the demo data exists once. On SQLite the three
 * share DATA_DIR (and so the database file); on MariaDB each has a DATA_DIR
 * of its own, as on separate hosts, and only the database is shared.
 */
const PROCESSES = 3;
const mariadb = Boolean(process.env.TEST_DATABASE_URL);

let db: TestDatabase;
let runs: Run[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(runs.map((r) => stop(r)));
  await db?.drop();
});

async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await ds.query(sql, params);
  return Number(row.n);
}

describe(`${PROCESSES} server processes starting at once on a fresh ${mariadb ? 'MariaDB' : 'SQLite'} database`, () => {
  it('all become ready, with every migration run once and the demo data seeded once', async () => {
    // One secret for all: left unset, each process would generate its own into DATA_DIR.
    const secret = randomBytes(32).toString('hex');
    const envFor = (i: number) => {
      const dataDir = mariadb ? path.join(db.dataDir, `process-${i}`) : db.dataDir;
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      return {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '3',
        JWT_SECRET: secret,
        SEED_DEMO_ON_EMPTY: 'true',
        LOG_LEVEL: 'info',
      };
    };
    const envs = Array.from({ length: PROCESSES }, (_, i) => envFor(i));
    runs = envs.map((env) => run(env));
    const urls = await Promise.all(runs.map((r) => listening(r, 90_000)));

    for (const url of urls) {
      const ready = await fetch(`${url}/health/ready`);
      expect([url, ready.status, await ready.json()]).toEqual([url, 200, { status: 'ok', database: 'up' }]);
    }
    // The demo users were printed by exactly one process.
    expect(runs.filter((r) => /Demo users/.test(r.stdout()))).toHaveLength(1);

    const config = loadConfig({ ...envs[0], LOG_LEVEL: 'warn' });
    const ds = await createDataSource(config.database).initialize();
    try {
      const ran: Array<{ name: string }> = await ds.query('SELECT name FROM migrations ORDER BY id');
      expect(ran.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM corporate_account')).toBe(1);
      expect(
        await count(ds, 'SELECT COUNT(*) AS n FROM corporate_account WHERE organisation_name = ?', [
          'Acme Industrial Supplies Ltd',
        ]),
      ).toBe(1);
      const users: Array<{ id: string }> = await ds.query(
        'SELECT billing_user_id AS id FROM billing_user ORDER BY billing_user_id',
      );
      expect(users.map((u) => u.id)).toEqual(['acme.billing', 'cas.alex', 'rep.morgan']);
    } finally {
      await ds.destroy();
    }
  }, 120_000);
});
