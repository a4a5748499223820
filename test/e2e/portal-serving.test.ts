import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PORTAL_CONTENT_SECURITY_POLICY } from '../../src/http/portal';
import { startTestServer, type TestServer } from '../helpers/server';

// The portal's built files as the build leaves them: the app shell and hashed assets.
const SHELL =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-3f2a1b9c.js"></script></body></html>';
const SCRIPT = 'document.getElementById("root").textContent = "portal";';

let t: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cb-portal-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), SHELL);
  writeFileSync(path.join(dir, 'assets', 'index-3f2a1b9c.js'), SCRIPT);
  t = await startTestServer({ PORTAL_DIR: dir });
});
afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

const page = (pathname: string, accept = 'text/html,application/xhtml+xml') =>
  fetch(`${t.url}${pathname}`, { headers: { accept } });

describe('the portal, served by the service', () => {
  it('answers the app shell at / and at every page route, never cached, under its Content Security Policy', async () => {
    for (const route of ['/', '/invoices', '/quotes/7d3c', '/reset-password?token=abc', '/activate?token=abc']) {
      const res = await page(route);
      expect([route, res.status, res.headers.get('content-type')]).toEqual([route, 200, 'text/html; charset=utf-8']);
      expect(await res.text()).toBe(SHELL);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(PORTAL_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('allows only what the portal needs: no inline script, no plugins, no framing, calls to itself', () => {
    const directives = Object.fromEntries(
      PORTAL_CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
    });
    expect(PORTAL_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('serves hashed assets cached for a year, and no shell for a missing one', async () => {
    const res = await page('/assets/index-3f2a1b9c.js', '*/*');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(SCRIPT);
    const missing = await page('/assets/index-00000000.js', '*/*');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    const outside = await page('/assets/..%2findex.html', '*/*');
    expect(outside.status).toBe(404);
  });

  it('keeps the API, health checks and unknown files as they were', async () => {
    const api = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await api.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect((await page('/health/live', 'application/json')).status).toBe(200);
    expect((await page('/favicon-missing.png')).status).toBe(404);
    // A client asking for JSON gets the API's 404, not a page.
    const json = await page('/no-such-endpoint', 'application/json');
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('without a built portal', () => {
  it('serves only the API: / is NOT_FOUND', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'cb-portal-'));
    const bare = await startTestServer({ PORTAL_DIR: empty });
    try {
      const res = await fetch(`${bare.url}/`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    } finally {
      await bare.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
