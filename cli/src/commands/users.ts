import type { Command } from 'commander';

/** Not written yet. */
export function registerUsers(_program: Command): void {}

/** Not written yet. */
export function registerSecurityEvents(_program: Command): void {}
