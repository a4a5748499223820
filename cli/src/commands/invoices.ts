import type { Command } from 'commander';

/** Not written yet. */
export function registerInvoices(_program: Command): void {}

/** Not written yet. */
export function registerPayments(_program: Command): void {}
