import type { Command } from 'commander';

/** Not written yet. */
export function registerSubscriptions(_program: Command): void {}

/** Not written yet. */
export function registerPurchaseOrders(_program: Command): void {}
