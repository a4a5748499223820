import { Role } from '../../src/common/roles';
import { LOGIN } from '../helpers/operations';
import { print } from 'graphql';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ CORS_ORIGINS: 'https://portal.example, https://billing.example' });
});
afterAll(() => t.stop());

const preflight = (origin: string) =>
  fetch(`${t.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });

describe('HTTP security', () => {
  it('sends security headers on every response', async () => {
    for (const path of ['/health/live', '/graphql?query=%7B__typename%7D', '/nowhere']) {
      const res = await fetch(`${t.url}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect({ path, nosniff: res.headers.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets only the configured origins call across origins', async () => {
    const allowed = await preflight('https://portal.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);

    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sets no cookies: credentials travel in the Authorization header only', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(LOGIN),
        variables: { input: { userId: user.billingUserId, password: PASSWORD } },
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken).toEqual(
      expect.any(String),
    );
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
