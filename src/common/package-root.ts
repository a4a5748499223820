import { existsSync } from 'node:fs';
import path from 'node:path';

/** The package folder (where package.json is), from src/… or dist/src/…. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
