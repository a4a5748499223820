import { randomBytes } from 'node:crypto';
import { print } from 'graphql';
import { Role } from '../../src/common/roles';
import { postJson } from '../helpers/client';
import { LOGIN, REQUEST_RESET } from '../helpers/operations';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Nobody can tell a known billing user ID from an unknown one: login and
 * reset answers are identical (status and body), and their timings are
 * indistinguishable within the documented tolerance: the medians of 15
 * interleaved attempts each differ by less than 25% of the larger median
 * plus 15 ms (an unknown ID costs the same Argon2 check as a wrong password).
 * A busy machine can skew one series of attempts, so up to three series are
 * measured and one within the tolerance passes; a real difference (skipping
 * the Argon2 check for an unknown ID halves the time or more) fails all three.
 */
let t: TestServer;
beforeAll(async () => {
  // Throttling off for the measurement (it would lock the known ID and skew timings).
  t = await startTestServer({
    LOGIN_THROTTLE_USER_THRESHOLD: '1000',
    LOGIN_THROTTLE_ADDRESS_THRESHOLD: '100000',
    PASSWORD_RESET_REQUESTS_PER_HOUR: '100',
  });
});
afterAll(() => t.stop());

const SAMPLES = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(body: unknown) {
  const started = process.hrtime.bigint();
  const res = await postJson(t.url, body);
  return {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    status: res.status,
    body: JSON.stringify(res.json.errors ?? res.json.data),
  };
}

const SERIES = 3;

/**
 * Asks both kinds, interleaved, and checks that every answer is the same and
 * that the medians are within the tolerance in at least one of SERIES series.
 */
async function expectAlike(known: (i: number) => unknown, unknown: (i: number) => unknown) {
  await timed(known(-1)); // warm-up
  const medians: Array<[number, number]> = [];
  for (let series = 0; series < SERIES; series++) {
    const a: Awaited<ReturnType<typeof timed>>[] = [];
    const b: Awaited<ReturnType<typeof timed>>[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Interleaved, so drift in machine load affects both sides alike.
      a.push(await timed(known(series * SAMPLES + i)));
      b.push(await timed(unknown(series * SAMPLES + i)));
    }
    expect(new Set([...a, ...b].map((r) => `${r.status} ${r.body}`)).size).toBe(1);
    const [ka, kb] = [median(a.map((r) => r.ms)), median(b.map((r) => r.ms))];
    medians.push([ka, kb]);
    if (Math.abs(ka - kb) < 0.25 * Math.max(ka, kb) + 15) return;
  }
  throw new Error(
    `the medians (known, unknown) in ms differ beyond the tolerance in every series: ${JSON.stringify(medians)}`,
  );
}

describe('user enumeration', () => {
  it('login answers the same for a known ID with a wrong password and an unknown ID, in the same time', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const login = (userId: string) => ({
      query: print(LOGIN),
      variables: { input: { userId, password: 'not the password at all' } },
    });
    await expectAlike(
      () => login(user.billingUserId),
      () => login(`nobody.${randomBytes(4).toString('hex')}`),
    );
  });

  it('reset answers the same for a known and an unknown ID, in the same time', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const reset = (userId: string) => ({ query: print(REQUEST_RESET), variables: { userId } });
    await expectAlike(
      () => reset(user.billingUserId),
      () => reset(`nobody.${randomBytes(4).toString('hex')}`),
    );
  });
});
