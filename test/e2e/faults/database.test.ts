import { Role } from '../../../src/common/roles';
import { PrivateMariadb } from '../../helpers/private-mariadb';
import { startTestServer, type TestServer } from '../../helpers/server';

/**
 * The database freezes (SIGSTOP: TCP open, no answers), comes back, dies
 * (SIGKILL) and is started again on the same data and port, under steady
 * load from a few billing contacts. What a client sees meanwhile: readiness
 * answers within a second, 503 while the database is away; GraphQL and file
 * requests are refused with a retryable SERVICE_UNAVAILABLE (HTTP 503,
 * Retry-After), never an internal error and never a hang; requests succeed
 * again within 5 s of its return; every acknowledged write is there
 * afterwards; the log has one line when each outage starts and one when it ends.
 *
 * It needs a MariaDB server of its own (it kills it), so it runs in the
 * MariaDB pass (TEST_DATABASE_URL=mariadb://...) only.
 */
const ON_MARIADB = /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '');
const describeOnMariadb = ON_MARIADB ? describe : describe.skip;

const TIMEOUTS = { connectMs: 1000, acquireMs: 1500, statementMs: 2000 };
/** Each limit can end a request once; anything longer is a hang. */
const REQUEST_BOUND_MS = TIMEOUTS.connectMs + TIMEOUTS.acquireMs + TIMEOUTS.statementMs + 2000;
const READY_BOUND_MS = 1000;
const RECOVERY_BOUND_MS = 5000;
const CLIENTS = 4;
/** Recipients a client keeps; a refused write may still have been applied, and an account holds at most 10. */
const KEEP = 4;

const ADD = `mutation ($input: AddInvoiceRecipientInput!) { addInvoiceRecipient(input: $input) { id email } }`;
const REMOVE = `mutation ($id: ID!) { removeInvoiceRecipient(id: $id) }`;
const READ = `query { account { id invoiceRecipients { id email } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`;

interface Answer {
  status: number | 'hang';
  ms: number;
  started: number;
  json: any;
  retryAfter: string | null;
  /** For a readiness probe: how long liveness, asked at the same moment, took. */
  liveMs?: number;
}

interface Outcome extends Answer {
  client: number;
  op: 'add' | 'remove' | 'read';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `p`, or undefined after `ms` (the timer does not outlive the race). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
const codeOf = (a: Answer): string | undefined => a.json?.errors?.[0]?.extensions?.code;
const ok = (a: Answer) => a.status === 200 && !a.json?.errors?.length;
/** A retryable refusal as the issue defines it. */
const refused = (a: Answer) =>
  a.status === 503 && codeOf(a) === 'SERVICE_UNAVAILABLE' && a.retryAfter !== null && Number(a.retryAfter) > 0;

describeOnMariadb('database faults (a private MariaDB, frozen, killed and restarted)', () => {
  jest.setTimeout(150_000);
  let db: PrivateMariadb | undefined;
  let server: TestServer | undefined;
  const tokens: string[] = [];

  async function send(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Answer> {
    const started = Date.now();
    try {
      const res = await fetch(`${server!.url}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: {
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(REQUEST_BOUND_MS + 5000),
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // a PDF or an empty body
      }
      return {
        status: res.status,
        ms: Date.now() - started,
        started,
        json,
        retryAfter: res.headers.get('retry-after'),
      };
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      return { status: 'hang', ms: Date.now() - started, started, json: null, retryAfter: null };
    }
  }
  const gql = (token: string | undefined, query: string, variables?: Record<string, unknown>) =>
    send('/graphql', { token, body: { query, variables } });
  const ready = () => send('/health/ready');

  beforeAll(async () => {
    db = await PrivateMariadb.start();
    await db.query('CREATE DATABASE corp_faults CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    server = await startTestServer({
      DATABASE_URL: db.url('corp_faults'),
      DATABASE_POOL_SIZE: '5',
      DATABASE_CONNECT_TIMEOUT_MS: String(TIMEOUTS.connectMs),
      DATABASE_ACQUIRE_TIMEOUT_MS: String(TIMEOUTS.acquireMs),
      DATABASE_STATEMENT_TIMEOUT_MS: String(TIMEOUTS.statementMs),
      LOG_LEVEL: 'info',
    });
    for (let i = 0; i < CLIENTS; i++) {
      const account = await server.account(`Faulty Systems ${i} Srl`, {
        country: 'IT',
        currency: 'EUR',
        locale: 'it-IT',
      });
      const contact = await server.user(Role.BILLING_CONTACT, { accountId: account.id });
      tokens.push((await server.loginAs(contact)).accessToken);
    }
  });

  afterAll(async () => {
    // A frozen database would hold the pool's goodbyes: let it run before the service closes its pool.
    db?.resume();
    try {
      if (server) await within(server.stop(), 20_000);
    } finally {
      await db?.stop();
    }
  });

  it('answers fast and honestly while the database is frozen or dead, recovers, and loses no acknowledged write', async () => {
    const outcomes: Outcome[] = [];
    const readiness: Answer[] = [];
    const special: Array<{ what: string; answer: Answer }> = [];
    const state = tokens.map(() => ({
      acked: new Map<string, string>(),
      present: [] as string[],
      removed: new Set<string>(),
      removeTried: new Set<string>(),
    }));
    let stopping = false;

    // Steady, bounded load: each client adds and removes its own recipients and reads its account.
    const client = async (k: number) => {
      const s = state[k];
      for (let i = 0; !stopping && i < 10_000; i++) {
        let op: Outcome['op'];
        let answer: Answer;
        if (i % 3 === 2) {
          op = 'read';
          answer = await gql(tokens[k], READ);
        } else if (s.present.length < KEEP) {
          op = 'add';
          const email = `c${k}.r${i}@faults.example`;
          answer = await gql(tokens[k], ADD, { input: { email } });
          if (ok(answer)) {
            s.acked.set(email, answer.json.data.addInvoiceRecipient.id);
            s.present.push(email);
          }
        } else {
          op = 'remove';
          const email = s.present.shift()!;
          s.removeTried.add(email);
          answer = await gql(tokens[k], REMOVE, { id: s.acked.get(email) });
          if (ok(answer)) s.removed.add(email);
        }
        outcomes.push({ ...answer, client: k, op });
        await sleep(ok(answer) ? 10 : 100);
      }
    };
    // Readiness, asked every 200 ms throughout, each time beside liveness (which never touches the database),
    // so that a machine too busy to answer either quickly is told apart from readiness waiting on the database.
    const prober = async () => {
      while (!stopping) {
        const [answer, live] = await Promise.all([ready(), send('/health/live')]);
        readiness.push({ ...answer, liveMs: live.ms });
        await sleep(200);
      }
    };
    /** How long until a read and readiness both succeed again. */
    const recovery = async (since: number) => {
      for (;;) {
        const [r, g] = await Promise.all([ready(), gql(tokens[0], READ)]);
        if (r.status === 200 && ok(g)) return Date.now() - since;
        if (Date.now() - since > 30_000) throw new Error('the service did not recover within 30 s');
        await sleep(100);
      }
    };
    /** Refusals outside the load: a resolver's failure (login, no token) and a file route (a PDF). */
    const specials = async (phase: string) => {
      special.push({
        what: `${phase}: login`,
        answer: await gql(undefined, LOGIN, { input: { userId: 'nobody.here', password: 'not the password at all' } }),
      });
      special.push({
        what: `${phase}: invoice PDF`,
        answer: await send('/invoices/00000000-0000-4000-8000-000000000000.pdf', { token: tokens[1] }),
      });
    };

    const load = [...tokens.map((_, k) => client(k)), prober()];
    const marks: Record<string, number> = {};
    try {
      await sleep(2000);
      marks.freeze = Date.now();
      db!.freeze();
      await sleep(TIMEOUTS.statementMs + TIMEOUTS.acquireMs);
      await specials('frozen');
      await sleep(500);
      marks.resume = Date.now();
      db!.resume();
      marks.recoveredAfterResume = await recovery(marks.resume);
      await sleep(Math.max(0, marks.resume + 6000 - Date.now()));

      marks.kill = Date.now();
      await db!.kill();
      marks.dead = Date.now();
      await sleep(2000);
      await specials('dead');
      await sleep(1000);
      marks.restart = Date.now();
      await db!.launch(); // resolves when the server answers this test's own query
      marks.up = Date.now();
      marks.recoveredAfterRestart = await recovery(marks.up);
      await sleep(Math.max(0, marks.up + 6000 - Date.now()));
    } finally {
      stopping = true;
      db!.resume();
      await Promise.all(load);
    }

    const between = (a: Answer, from: number, to: number) => a.started >= from && a.started < to;
    const unexpected = outcomes.filter((o) => !ok(o) && !refused(o));
    const summary = {
      requests: outcomes.length,
      refused: outcomes.filter(refused).length,
      slowestMs: Math.max(...outcomes.map((o) => o.ms)),
      slowestReadyMs: Math.max(...readiness.map((r) => r.ms)),
      recoveredAfterResumeMs: marks.recoveredAfterResume,
      recoveredAfterRestartMs: marks.recoveredAfterRestart,
    };
    // What was measured, for the CI log.
    console.log('database faults:', JSON.stringify(summary));

    // Never an internal error or anything else but success or a retryable refusal, never a hang.
    expect(
      unexpected.map((o) => ({ op: o.op, status: o.status, code: codeOf(o), retryAfter: o.retryAfter, ms: o.ms })),
    ).toEqual([]);
    expect(outcomes.filter((o) => o.ms > REQUEST_BOUND_MS).map((o) => o.ms)).toEqual([]);
    // Before the first fault everything worked; both outages refused requests; requests work again within 5 s.
    expect(outcomes.filter((o) => o.started + o.ms < marks.freeze).every(ok)).toBe(true);
    expect(outcomes.filter((o) => between(o, marks.freeze + 500, marks.resume) && refused(o)).length).toBeGreaterThan(
      0,
    );
    expect(outcomes.filter((o) => between(o, marks.dead, marks.restart) && refused(o)).length).toBeGreaterThan(0);
    expect(marks.recoveredAfterResume).toBeLessThan(RECOVERY_BOUND_MS);
    expect(marks.recoveredAfterRestart).toBeLessThan(RECOVERY_BOUND_MS);
    expect(
      outcomes.filter((o) => o.started >= marks.resume + RECOVERY_BOUND_MS && o.started + o.ms < marks.kill && !ok(o)),
    ).toEqual([]);
    expect(outcomes.filter((o) => o.started >= marks.up + RECOVERY_BOUND_MS && !ok(o))).toEqual([]);

    // Readiness: always within a second of liveness asked at the same moment (it never waits on the database);
    // 503 (with Retry-After) while frozen or dead, 200 otherwise.
    expect(readiness.filter((r) => r.ms - (r.liveMs ?? 0) > READY_BOUND_MS).map((r) => [r.ms, r.liveMs])).toEqual([]);
    // (From a second after the fault until it ends: an answer may be half a second old, and a probe may straddle the return.)
    const away = (r: Answer, from: number, to: number) => r.started >= from + READY_BOUND_MS && r.started + r.ms < to;
    const whileAway = readiness.filter(
      (r) => away(r, marks.freeze, marks.resume) || away(r, marks.kill, marks.restart),
    );
    expect(whileAway.length).toBeGreaterThan(5);
    expect(whileAway.filter((r) => r.status !== 503 || r.retryAfter === null)).toEqual([]);
    expect(readiness.filter((r) => r.started + r.ms < marks.freeze).every((r) => r.status === 200)).toBe(true);
    expect(readiness.filter((r) => r.started > marks.up + RECOVERY_BOUND_MS).every((r) => r.status === 200)).toBe(true);

    // A resolver's failure and a file route are refused the same way.
    expect(
      special.map(({ what, answer }) => ({
        what,
        refused: refused(answer),
        status: answer.status,
        code: codeOf(answer),
      })),
    ).toEqual(special.map(({ what }) => ({ what, refused: true, status: 503, code: 'SERVICE_UNAVAILABLE' })));

    // Every acknowledged write is there: acknowledged additions (never removed since) and removals.
    for (let k = 0; k < CLIENTS; k++) {
      const answer = await gql(tokens[k], READ);
      expect(ok(answer)).toBe(true);
      const emails = new Set<string>(answer.json.data.account.invoiceRecipients.map((r: { email: string }) => r.email));
      const s = state[k];
      const kept = [...s.acked.keys()].filter((e) => !s.removeTried.has(e));
      expect(kept.filter((e) => !emails.has(e))).toEqual([]);
      expect([...s.removed].filter((e) => emails.has(e))).toEqual([]);
      expect(s.acked.size).toBeGreaterThan(KEEP);
    }

    // The log: one warning when each outage starts and one line when it ends, not an error per request.
    const logs = server!.logs;
    const outageLines = logs.filter((l) => /^database (unavailable|available again)/.test(String(l.msg)));
    expect(outageLines.map((l) => [l.level, String(l.msg).startsWith('database available') ? 'end' : 'start'])).toEqual(
      [
        [40, 'start'],
        [30, 'end'],
        [40, 'start'],
        [30, 'end'],
      ],
    );
    for (const end of outageLines.filter((l) => l.level === 30)) expect(end.refusedRequests).toBeGreaterThan(0);
    expect(logs.filter((l) => l.msg === 'unexpected error' || l.msg === 'unhandled http error')).toEqual([]);
    // No request's log line carries an error (with its stack).
    expect(logs.filter((l) => (l.req || l.requestId) && (l.err || Number(l.level) >= 50)).map((l) => l.msg)).toEqual(
      [],
    );
  });
});
