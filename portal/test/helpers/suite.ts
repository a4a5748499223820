import type { Customer } from '../../../test/helpers/fixtures';
import type { TestServer } from '../../../test/helpers/server';
import { startPortal, type Language, type Portal, type PortalPage } from './browser';
import { customerIn, products } from './world';

export interface PortalSuite {
  /** The running service. */
  readonly t: TestServer;
  /** The ANALYTICS and ARCHIVE product ids (see `products`). */
  readonly ids: Record<string, string>;
  /** A new browser profile in `language`; the test fails if the page logs a console error or throws. */
  readonly open: (language: Language) => Promise<PortalPage>;
  /** A customer who speaks `language`, subscribed to the suite's products (see `customerIn`). */
  readonly customer: (language: Language, name: string) => Promise<Customer>;
}

/**
 * One test file's portal: the service (with `env`) and Chromium started
 * before its tests and stopped after them, the catalogue's products, and
 * after every test the check that no page it opened logged a console error
 * or threw an uncaught exception.
 */
export function portalSuite(env: Record<string, string> = {}): PortalSuite {
  let portal: Portal | undefined;
  let ids: Record<string, string> | undefined;
  const pages: PortalPage[] = [];
  const started = () => {
    if (!portal || !ids) throw new Error('the portal suite is used before its beforeAll ran');
    return { portal, ids };
  };

  beforeAll(async () => {
    portal = await startPortal(env);
    ids = await products(portal.t);
  });
  afterAll(() => portal?.stop());
  afterEach(() => {
    const problems = pages.splice(0).flatMap((p) => p.problems);
    expect(problems).toEqual([]);
  });

  return {
    get t() {
      return started().portal.t;
    },
    get ids() {
      return started().ids;
    },
    open: async (language) => {
      const p = await started().portal.open(language);
      pages.push(p);
      return p;
    },
    customer: (language, name) => customerIn(started().portal.t, language, name, started().ids),
  };
}
