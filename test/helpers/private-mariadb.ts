import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { track } from './process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p)) ?? 'mariadbd';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A MariaDB server of a test's own, never the shared one: its own temporary
 * data directory, a free port on 127.0.0.1 and a socket in that directory.
 * Fault tests freeze it (SIGSTOP: TCP stays open, nothing answers), resume
 * it, kill it (SIGKILL) and start it again on the same data and port.
 * `stop()` ends it whatever state it is in and removes its files.
 */
export class PrivateMariadb {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateMariadb> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corp-billing-mariadb-'));
    const db = new PrivateMariadb(dir, await freePort());
    try {
      mkdirSync(db.tmpDir);
      const install = spawnSync(
        'mariadb-install-db',
        [
          '--no-defaults',
          `--datadir=${db.dataDir}`,
          `--user=${os.userInfo().username}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          `--tmpdir=${db.tmpDir}`,
          '--innodb-log-file-size=8M',
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      if (install.status !== 0)
        throw new Error(`mariadb-install-db failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
      await db.launch();
      return db;
    } catch (err) {
      await db.stop();
      throw err;
    }
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Its own temporary folder: the system one is shared with everything else on the machine. */
  get tmpDir(): string {
    return path.join(this.dir, 'tmp');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `mariadb://root@127.0.0.1:<port>/<database>` */
  url(database: string): string {
    return `mariadb://root@127.0.0.1:${this.port}/${database}`;
  }

  async query(sql: string): Promise<unknown> {
    const conn = await mysql.createConnection({
      host: '127.0.0.1',
      port: this.port,
      user: 'root',
      connectTimeout: 2000,
    });
    try {
      const [rows] = await conn.query(sql);
      return rows;
    } finally {
      await conn.end();
    }
  }

  /** Starts mariadbd on the data directory and port and waits until it answers a query. */
  async launch(): Promise<void> {
    if (this.child) throw new Error('mariadbd is already running');
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--port=${this.port}`,
        `--socket=${path.join(this.dir, 'sock')}`,
        `--pid-file=${path.join(this.dir, 'pid')}`,
        `--log-error=${path.join(this.dir, 'error.log')}`,
        `--tmpdir=${this.tmpDir}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        `--user=${os.userInfo().username}`,
        '--innodb-log-file-size=8M',
        '--innodb-buffer-pool-size=32M',
        '--skip-log-bin',
        '--performance-schema=OFF',
      ],
      { stdio: 'ignore' },
    );
    // Killed after the test file whatever happens, like every child of the suite.
    track(child);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!this.child) throw new Error(`mariadbd exited at start:\n${this.errorLog()}`);
      try {
        await this.query('SELECT 1');
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`mariadbd did not answer within 30 s (${(err as Error).message}):\n${this.errorLog()}`, {
            cause: err,
          });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** SIGSTOP: connections stay open and nothing answers. */
  freeze(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** SIGKILL (after SIGCONT, so a frozen server dies too); resolves when it has exited. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.signal('SIGCONT');
    this.signal('SIGKILL');
    await this.exited;
  }

  /** Kills the server if it runs and removes its files. Safe to call in any state, more than once. */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.kill(), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    } finally {
      clearTimeout(timer);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  errorLog(): string {
    try {
      return readFileSync(path.join(this.dir, 'error.log'), 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no error log)';
    }
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
