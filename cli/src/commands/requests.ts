import type { Command } from 'commander';

/** Not written yet. */
export function registerRequests(_program: Command): void {}
