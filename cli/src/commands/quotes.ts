import type { Command } from 'commander';

/** Not written yet. */
export function registerQuotes(_program: Command): void {}
