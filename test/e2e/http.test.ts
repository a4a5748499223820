import { gql } from '@apollo/client';
import { Role } from '../../src/common/roles';
import { codeOf, postJson } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ BODY_LIMIT: '64kb' });
});
afterAll(() => t.stop());

describe('HTTP server', () => {
  it('answers the health checks', async () => {
    const live = await fetch(`${t.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('refuses a body over the limit with 413 and a JSON error', async () => {
    const big = { query: `{ me { id } }`, variables: { pad: 'x'.repeat(70 * 1024) } };
    const r = await postJson(t.url, big);
    expect(r.status).toBe(413);
    expect(r.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const fits = await postJson(t.url, { query: `{ me { id } }`, variables: { pad: 'x'.repeat(10 * 1024) } });
    expect(fits.status).toBe(200);
  });

  it('answers malformed JSON with 400', async () => {
    const r = await postJson(t.url, '{"query": ');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('keeps CSRF prevention on: a simple GET request without a preflight header is refused', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('does not accept batched requests', async () => {
    const r = await postJson(t.url, [{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(r.status).toBe(400);
  });

  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const given = await postJson(t.url, { query: '{ __typename }' }, { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const bad = await postJson(t.url, { query: '{ __typename }' }, { 'x-request-id': 'no spaces <allowed>' });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('masks unexpected errors: INTERNAL_SERVER_ERROR with the request id, no stack or SQL, and logs them', async () => {
    const staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    const account = await t.account();
    // Break the database under the running service.
    await t.app.ds.query('ALTER TABLE corporate_account RENAME TO corporate_account_gone');
    try {
      const r = await staff.query(
        gql`
          query ($id: ID!) {
            account(id: $id) {
              id
            }
          }
        `,
        { id: account.id },
      );
      expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
      const error = r.errors[0];
      expect(error.message).toBe('Internal server error');
      const requestId = error.extensions?.requestId as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(error.extensions ?? {}).sort()).toEqual(['code', 'requestId']);
      expect(JSON.stringify(r.errors)).not.toMatch(/corporate_account|SELECT|stack|at /i);

      const logged = t.logs.find((l) => l.msg === 'unexpected error' && l.requestId === requestId);
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toMatch(/corporate_account/);
      // Statement parameters (which may hold hashes or personal data) are not logged.
      expect(logged).toMatchObject({ err: expect.objectContaining({ message: expect.any(String) }) });
      expect(Object.keys(logged!.err as object)).not.toEqual(expect.arrayContaining(['parameters']));
      expect(JSON.stringify(logged)).not.toContain(account.id);
    } finally {
      await t.app.ds.query('ALTER TABLE corporate_account_gone RENAME TO corporate_account');
    }
  });

  it('logs each operation with request id, name, duration and principal', async () => {
    const user = await t.user(Role.SALES_REP);
    const client = await t.loginAs(user);
    await client.query(gql`
      query WhoAmI {
        me {
          id
        }
      }
    `);
    const line = t.logs.find((l) => l.msg === 'graphql operation' && l.operationName === 'WhoAmI');
    expect(line).toMatchObject({ principalId: user.id, requestId: expect.any(String), durationMs: expect.any(Number) });
  });

  it('counts the SQL statements of each request for tests and benchmarks', async () => {
    const client = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    const plain = await client.raw(gql`
      query {
        me {
          id
        }
      }
    `);
    const withAccount = await client.raw(gql`
      query {
        me {
          id
          account {
            id
          }
        }
      }
    `);
    // One statement checks the session and loads the user; the account is one more.
    expect(plain.json.extensions.sqlStatements).toBe(1);
    expect(withAccount.json.extensions.sqlStatements).toBe(2);
  });
});
