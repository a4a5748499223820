import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * DATA_DIR holds secrets (the development signing secret, the SQLite
 * database, e-mails with single-use links, uploaded documents), so what the
 * service creates there is readable by its owner only: folders 0700, files
 * 0600. Modes are set explicitly, never through the process umask.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and any missing parents) with mode 0700. Only the folders
 * created here are chmod-ed (mkdir's mode passes through the umask); a folder
 * that already exists, such as the current directory, keeps its mode.
 */
export function ensurePrivateDir(dir: string): void {
  const target = path.resolve(dir);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!first) return;
  const top = path.resolve(first);
  for (let d = target; ; d = path.dirname(d)) {
    chmodSync(d, PRIVATE_DIR_MODE);
    if (d === top || path.dirname(d) === d) break;
  }
}

/** Writes `file` with mode 0600 (also when it existed with another mode). */
export function writePrivateFile(file: string, data: string | Buffer): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Before SQLite opens `file`: its folder is made as by `ensurePrivateDir`, the
 * database file is created empty with mode 0600 (SQLite takes an empty file
 * as a new database) and an existing one, with its -wal and -shm files, is set
 * to 0600. SQLite creates its -wal, -shm and -journal files with the mode of
 * the database file, so they are 0600 too.
 */
export function preparePrivateSqliteFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(f)) chmodSync(f, PRIVATE_FILE_MODE);
}
