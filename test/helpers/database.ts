import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { QueryRunner } from 'typeorm';

export interface TestDatabase {
  /** DATABASE_URL for the service. */
  url: string;
  kind: 'sqlite' | 'mysql';
  /** A scratch folder for DATA_DIR. */
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: an SQLite file in a temp folder
 * by default, or a new database on the server of TEST_DATABASE_URL
 * (mysql:// or mariadb://user:pass@host:port/anything), or of `server`,
 * created here and dropped after. The benchmark uses it too.
 */
export async function createTestDatabase(server = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'corp-billing-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (!server) {
    return { url: 'sqlite:test.sqlite', kind: 'sqlite', dataDir, drop: async () => removeDir() };
  }
  const name = `cbt_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(server.replace(/^mariadb:/, 'mysql:'));
  admin.pathname = '/';
  const conn = await mysql.createConnection(admin.toString());
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(server.replace(/^mariadb:/, 'mysql:'));
  url.pathname = `/${name}`;
  if (server.startsWith('mariadb:')) url.protocol = 'mariadb:';
  return {
    url: url.toString(),
    kind: 'mysql',
    dataDir,
    drop: async () => {
      const c = await mysql.createConnection(admin.toString());
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
      removeDir();
    },
  };
}

/**
 * On MariaDB, returns once a transaction of the database `runner` is connected
 * to waits for a row lock (the one `runner` holds, as a test arranges it).
 */
export async function untilLockWait(runner: QueryRunner): Promise<void> {
  const [{ database }] = await runner.query('SELECT DATABASE() AS `database`');
  for (;;) {
    // (Read every 200 ms and filtered here: InnoDB refreshes this table from a cache no more often than that.)
    const transactions: Array<{ state: string; db: string | null }> = await runner.query(
      `SELECT t.trx_state AS state, p.DB AS db FROM information_schema.INNODB_TRX t
         LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id`,
    );
    if (transactions.some((x) => x.state.trim() === 'LOCK WAIT' && x.db === database)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
