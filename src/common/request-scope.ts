import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the process knows about the request being served, wherever it is in
 * the call chain: its id (for logs and masked errors) and how many SQL
 * statements it has issued so far (read by tests and benchmarks).
 */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Runs `fn` outside any request scope (work that outlives the request must not count against it). */
export function outsideRequestScope<T>(fn: () => T): T {
  return storage.exit(fn);
}
