import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Role } from '../../src/common/roles';
import { loadConfig } from '../../src/config';
import { codeOf, TestClient } from '../helpers/client';
import { LOGIN, ME } from '../helpers/operations';
import { listening, run, stop, type Run } from '../helpers/process';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const runs: Run[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await Promise.all(runs.map((r) => stop(r)));
  await t.stop();
});

/** A second server process on the same database with other keys. */
async function server(env: Record<string, string>): Promise<string> {
  const r = run({ ...t.env, LOG_LEVEL: 'info', PORT: '0', ...env });
  runs.push(r);
  return listening(r);
}

const kidOf = (token: string) => jwt.decode(token, { complete: true })!.header.kid;

describe('signing key rotation', () => {
  it('accepts tokens of the previous key until the end of the overlap, and names keys by id', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const old = await t.loginAs(user);
    const oldSecret = t.env.JWT_SECRET;
    const newSecret = randomBytes(32).toString('hex');

    const rotated = await server({
      JWT_SECRET: newSecret,
      JWT_PREVIOUS_SECRET: oldSecret,
      JWT_PREVIOUS_KEY_UNTIL: new Date(Date.now() + 3600_000).toISOString(),
    });
    // The old token still works on the rotated server during the overlap.
    expect((await new TestClient(rotated, old.accessToken).query(ME)).data.me.id).toBe(user.id);
    // New tokens carry the new key id, and a server that only knows the old key refuses them.
    const login = await new TestClient(rotated).mutate(LOGIN, {
      input: { userId: user.billingUserId, password: PASSWORD },
    });
    const fresh = login.data.login.accessToken;
    expect(kidOf(fresh)).toEqual(expect.any(String));
    expect(kidOf(fresh)).not.toBe(kidOf(old.accessToken));
    expect((await new TestClient(rotated, fresh).query(ME)).data.me.id).toBe(user.id);
    expect(codeOf(await new TestClient(t.url, fresh).query(ME))).toBe('UNAUTHENTICATED');

    // After the overlap the previous key is refused.
    const later = await server({
      JWT_SECRET: newSecret,
      JWT_PREVIOUS_SECRET: oldSecret,
      JWT_PREVIOUS_KEY_UNTIL: new Date(Date.now() - 1000).toISOString(),
    });
    expect(codeOf(await new TestClient(later, old.accessToken).query(ME))).toBe('UNAUTHENTICATED');
    expect((await new TestClient(later, fresh).query(ME)).data.me.id).toBe(user.id);
  });

  it('needs an end to the overlap', () => {
    expect(() =>
      loadConfig({ DATA_DIR: t.db.dataDir, JWT_SECRET: 'x'.repeat(40), JWT_PREVIOUS_SECRET: 'y'.repeat(40) }),
    ).toThrow(/^Missing JWT_PREVIOUS_KEY_UNTIL/);
  });
});
