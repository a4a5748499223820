import { gql } from '@apollo/client';
import jwt from 'jsonwebtoken';
import { Role } from '../../../src/common/roles';
import { codeOf, TestClient } from '../../helpers/client';
import { startTestServer, type TestServer } from '../../helpers/server';
import { ME } from '../../helpers/operations';

let t: TestServer;
let valid: string;
let refresh: string;
let userId: string;
beforeAll(async () => {
  t = await startTestServer();
  const user = await t.user(Role.SALES_REP);
  userId = user.id;
  const client = await t.loginAs(user);
  valid = client.accessToken;
  refresh = client.refreshToken;
});
afterAll(() => t.stop());

const me = (token: string) => new TestClient(t.url, token).query(ME);
const claims = () => jwt.decode(valid) as Record<string, unknown>;
const secret = () => t.app.config.jwt.signingKey as string;

describe('access tokens', () => {
  it('accepts the token from login', async () => {
    expect((await me(valid)).data.me.id).toBe(userId);
  });

  const forged: Array<[string, () => string]> = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['a wrong key', () => jwt.sign(claims(), 'x'.repeat(40), { algorithm: 'HS256' })],
    [
      'a changed payload',
      () => {
        const [h, , s] = valid.split('.');
        return `${h}.${b64({ ...claims(), role: 'ACCOUNT_SERVICES' })}.${s}`;
      },
    ],
    [
      'an expired token',
      () => jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, secret(), { algorithm: 'HS256' }),
    ],
    ['a wrong audience', () => jwt.sign({ ...claims(), aud: 'another-service' }, secret(), { algorithm: 'HS256' })],
    ['a wrong issuer', () => jwt.sign({ ...claims(), iss: 'somebody-else' }, secret(), { algorithm: 'HS256' })],
    ['another algorithm', () => jwt.sign(claims(), secret(), { algorithm: 'HS512' })],
    ['a token of another type', () => jwt.sign({ ...claims(), typ: 'refresh' }, secret(), { algorithm: 'HS256' })],
    ['a refresh token', () => refresh],
    ['garbage', () => 'not.a.jwt'],
  ];

  it.each(forged)('rejects %s with UNAUTHENTICATED', async (_name, make) => {
    const r = await me(make());
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.data?.me ?? null).toBeNull();
  });

  it('still serves public operations when a bad token is sent', async () => {
    const r = await new TestClient(t.url, 'not.a.jwt').mutate(gql`
      mutation {
        requestPasswordReset(userId: "x")
      }
    `);
    expect(r.data.requestPasswordReset).toBe(true);
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
