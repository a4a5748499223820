import type { Command } from 'commander';

/** Not written yet. */
export function registerDocuments(_program: Command): void {}
