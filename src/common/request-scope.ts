import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the process knows about the request being served, wherever it is in
 * the call chain: how many SQL statements it has issued so far (read by
 * tests and benchmarks through EXPOSE_SQL_STATEMENT_COUNT).
 *
 * On Node 20 an AsyncLocalStorage in use makes every promise of the process
 * pay for carrying its store along (a promise hook per promise), so the scope
 * runs only where the count is exposed: `enableRequestScopes` is called when
 * the server is made with EXPOSE_SQL_STATEMENT_COUNT on. Nothing else may
 * depend on it: the request id reaches error formatting with the error
 * (http/errors.ts), not through this scope.
 */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();
let enabled = false;

/** From now on, requests run in their scope (statement counting: tests, development, the bench's counts). */
export function enableRequestScopes(): void {
  enabled = true;
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return enabled ? storage.run(scope, fn) : fn();
}

export function currentRequestScope(): RequestScope | undefined {
  return enabled ? storage.getStore() : undefined;
}

/** Runs `fn` outside any request scope (work that outlives the request must not count against it). */
export function outsideRequestScope<T>(fn: () => T): T {
  return enabled ? storage.exit(fn) : fn();
}
