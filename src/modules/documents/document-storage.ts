import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../../common/private-files';

/** Where document bytes live. The database keeps the key and the checksum. */
export interface DocumentStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

/** Files under a folder (DATA_DIR/documents by default). Keys are generated, never taken from users. */
export class LocalDiskStorage implements DocumentStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!/^[a-z0-9-]+\.pdf$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    ensurePrivateDir(this.root);
    await writeFile(this.file(key), bytes, { mode: 0o600 });
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.file(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
