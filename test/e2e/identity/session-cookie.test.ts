import { Role } from '../../../src/common/roles';
import { PASSWORD, startTestServer, type TestServer } from '../../helpers/server';

// The portal keeps its refresh token in an HttpOnly cookie: asked for with X-Session-Transport: cookie.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ extensions?: { code?: string } }> };
  setCookie: string[];
}

async function call(
  query: string,
  variables: Record<string, unknown> = {},
  options: { cookie?: string; portal?: boolean; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.portal !== false) headers['x-session-transport'] = 'cookie';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json(), setCookie: res.headers.getSetCookie() };
}

const LOGIN =
  'mutation ($u: String!, $p: String!) { login(input: { userId: $u, password: $p }) { accessToken refreshToken } }';
const REFRESH = 'mutation { refreshSession { accessToken refreshToken } }';
const ME = '{ me { billingUserId } }';

/** The refresh cookie a response sets: its `name=value` and its attributes. */
function refreshCookie(answer: Answer) {
  const line = answer.setCookie.find((c) => c.startsWith('corp_billing_refresh='));
  if (!line) throw new Error(`no refresh cookie in ${JSON.stringify(answer.setCookie)}`);
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair, value: pair.split('=')[1], attributes: attributes.map((a) => a.toLowerCase()) };
}

async function portalLogin() {
  const user = await t.user(Role.BILLING_CONTACT, { accountId: (await t.account()).id });
  const answer = await call(LOGIN, { u: user.billingUserId, p: PASSWORD });
  return { user, answer, cookie: refreshCookie(answer) };
}

describe('the refresh token in a cookie (the portal)', () => {
  it('logs in with the refresh token in an HttpOnly, SameSite=Strict cookie for /graphql only, and none in the answer', async () => {
    const { user, answer, cookie } = await portalLogin();
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.login.refreshToken).toBeNull();
    expect(cookie.value).toMatch(/.{32,}/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'secure',
        'samesite=strict',
        'path=/graphql',
        expect.stringMatching(/^expires=/),
      ]),
    );
    const me = await call(ME, {}, { token: answer.body.data!.login.accessToken });
    expect(me.body.data!.me.billingUserId).toBe(user.billingUserId);
  });

  it('refreshes from the cookie alone and rotates it; the old cookie then ends the session', async () => {
    const { cookie } = await portalLogin();
    const refreshed = await call(REFRESH, {}, { cookie: cookie.pair });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data!.refreshSession).toEqual({ accessToken: expect.any(String), refreshToken: null });
    const rotated = refreshCookie(refreshed);
    expect(rotated.value).not.toBe(cookie.value);

    // Replaying the first cookie is a reuse: refused, the cookie removed, and the whole session ends.
    const replayed = await call(REFRESH, {}, { cookie: cookie.pair });
    expect(replayed.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(refreshCookie(replayed).attributes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^expires=thu, 01 jan 1970/)]),
    );
    const afterReuse = await call(REFRESH, {}, { cookie: rotated.pair });
    expect(afterReuse.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ignores the cookie without the header, so a request from another site cannot use it', async () => {
    const { cookie } = await portalLogin();
    const without = await call(REFRESH, {}, { cookie: cookie.pair, portal: false });
    expect(without.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    expect(without.setCookie).toEqual([]);
    // The cookie still works for the portal: nothing was spent.
    expect((await call(REFRESH, {}, { cookie: cookie.pair })).body.errors).toBeUndefined();
  });

  it('asks for a login when there is no cookie, and keeps answering API clients in the body', async () => {
    const none = await call(REFRESH);
    expect(none.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
    const user = await t.user(Role.SALES_REP);
    const api = await call(LOGIN, { u: user.billingUserId, p: PASSWORD }, { portal: false });
    expect(api.body.data!.login.refreshToken).toEqual(expect.any(String));
    expect(api.setCookie).toEqual([]);
  });

  it("logs out with the cookie's session and removes the cookie", async () => {
    const { cookie } = await portalLogin();
    const out = await call('mutation { logout }', {}, { cookie: cookie.pair });
    expect(out.body).toMatchObject({ data: { logout: true } });
    expect(out.body.errors).toBeUndefined();
    expect(refreshCookie(out).attributes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^expires=thu, 01 jan 1970/)]),
    );
    expect((await call(REFRESH, {}, { cookie: cookie.pair })).body.errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('logs out everywhere: every session of the user ends, on this device and the others', async () => {
    const { user, answer, cookie } = await portalLogin();
    const other = await call(LOGIN, { u: user.billingUserId, p: PASSWORD }, { portal: false });
    const token = answer.body.data!.login.accessToken;
    const out = await call('mutation { logoutEverywhere }', {}, { cookie: cookie.pair, token });
    expect(out.body).toMatchObject({ data: { logoutEverywhere: true } });
    expect(out.body.errors).toBeUndefined();
    expect(refreshCookie(out).attributes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^expires=thu, 01 jan 1970/)]),
    );
    // This device's access token, the other device's access token and its refresh token all stop working.
    expect((await call(ME, {}, { token })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const elsewhere = other.body.data!.login;
    expect((await call(ME, {}, { token: elsewhere.accessToken })).body.errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const refreshed = await call(
      'mutation ($r: String) { refreshSession(refreshToken: $r) { accessToken } }',
      { r: elsewhere.refreshToken },
      { portal: false },
    );
    expect(refreshed.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Without a session there is nothing to end: it asks for a login.
    expect((await call('mutation { logoutEverywhere }')).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('puts the new refresh token of a password change in the cookie too', async () => {
    const { answer, cookie } = await portalLogin();
    const changed = await call(
      'mutation ($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { refreshToken } }',
      { c: PASSWORD, n: 'another long passphrase here' },
      { cookie: cookie.pair, token: answer.body.data!.login.accessToken },
    );
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data!.changePassword.refreshToken).toBeNull();
    const fresh = refreshCookie(changed);
    expect(fresh.value).not.toBe(cookie.value);
    expect((await call(REFRESH, {}, { cookie: fresh.pair })).body.errors).toBeUndefined();
  });
});
