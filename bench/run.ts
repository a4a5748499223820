import { randomBytes } from 'node:crypto';
import { benchDatabase, graphql, loadQuery, loginAs, rssMiB, running, start, stop, type Proc } from './harness';

/**
 * `npm run bench`: a query through the whole service (Express, Apollo,
 * type-graphql, TypeORM, SQLite or MySQL/MariaDB) against a hand-written
 * baseline doing the same work on the same database with the same SQL and
 * driver, in the same run. Reports ratios, not absolute numbers.
 * BENCH_SCENARIO picks the query (SCENARIOS below): `me` (default),
 * `invoices` (a contact's invoice history), `quotes` (a contact's quotes with
 * their lines), `staff-invoices` (account services' first page of every
 * invoice) or `staff-search` (the same filtered by a number prefix). Service
 * and baseline run side by side and are loaded in turn, BENCH_ROUNDS times
 * (default 3): the report gives the median round of each and the spread of
 * the ratios over the rounds. `<scenario>-federated` also loads the query
 * through the gateway in front of three subgraph processes on the same
 * database (once, after the rounds) and adds its ratios to the single process.
 * BENCH_SECONDS (default 8) and BENCH_CONNECTIONS (default 10) set the load;
 * all traffic stays on loopback. BENCH_NODE_ARGS (space-separated) go to the
 * single process's node only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU profile
 * of the service under the load (written when it stops).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FEDERATED = process.env.BENCH_SCENARIO?.endsWith('-federated') ?? false;

const STAFF_LIST = `edges { node { id number issueDate status total { amountMinor currency } } }`;
/** Each scenario: who asks, what, and whether the demo account first gets its 20 invoices. */
const SCENARIOS = {
  me: {
    role: 'BILLING_CONTACT',
    query: '{ me { id billingUserId displayName role } }',
    invoices: false,
    quotes: false,
  },
  invoices: {
    role: 'BILLING_CONTACT',
    query: `{ invoices(first: 20) { edges { node { id number issueDate status total { amountMinor currency } balance { amountMinor }
    lines { description quantity amount { amountMinor } } payments { status amount { amountMinor } } } } } }`,
    invoices: true,
    quotes: false,
  },
  quotes: {
    role: 'BILLING_CONTACT',
    query: `{ quotes(first: 20) { edges { node { id number status expiresOn total { amountMinor currency }
    lines { description seatChange amount { amountMinor } } } } } }`,
    invoices: false,
    quotes: true,
  },
  'staff-invoices': {
    role: 'ACCOUNT_SERVICES',
    query: `{ invoices(first: 20) { ${STAFF_LIST} } }`,
    invoices: true,
    quotes: false,
  },
  'staff-search': {
    role: 'ACCOUNT_SERVICES',
    query: `{ invoices(first: 20, filter: { search: "INV-2" }) { ${STAFF_LIST} } }`,
    invoices: true,
    quotes: false,
  },
} as const;
type ScenarioName = keyof typeof SCENARIOS;
const asked = (process.env.BENCH_SCENARIO ?? 'me').replace(/-federated$/, '');
if (!(asked in SCENARIOS)) {
  console.error(`BENCH_SCENARIO must be one of ${Object.keys(SCENARIOS).join(', ')} (with -federated or not)`);
  process.exit(2);
}
const SCENARIO = asked as ScenarioName;

/** The modules of each subgraph process: the split of test/helpers/federation.ts (CI's federated topology). */
const SUBGRAPH_GROUPS = [
  ['identity', 'account'],
  ['invoices', 'payments', 'purchase-orders', 'documents'],
  ['quotes', 'requests', 'subscriptions'],
];

const load = (url: string, token: string) =>
  loadQuery({
    url,
    token,
    query: SCENARIOS[SCENARIO].query,
    connections: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: 2,
  });

type Result = Awaited<ReturnType<typeof load>> & { rssMiB: number };

/** Loads `url` and adds the resident memory of `procs` (all that serve it) after the load. */
async function measure(url: string, token: string, procs: Proc[]): Promise<Result> {
  const result = await load(url, token);
  return { ...result, rssMiB: procs.reduce((sum, p) => sum + rssMiB(p.child.pid!), 0) };
}

/** `a` as a multiple of `b`, per measure. */
function ratios(a: Result, b: Result) {
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  return {
    throughput: ratio(a.requestsPerSecond, b.requestsPerSecond),
    p50Latency: ratio(a.p50, Math.max(b.p50, 1)),
    p99Latency: ratio(a.p99, Math.max(b.p99, 1)),
    memory: ratio(a.rssMiB, b.rssMiB),
  };
}

/**
 * The three subgraph processes (SUBGRAPH_GROUPS) on the next ports and the
 * gateway on `port`, with `env` (the single process's database, keys and
 * PUBLIC_URL); the gateway first in the list.
 */
async function startFederation(env: Record<string, string>, port: number): Promise<Proc[]> {
  const common = { ...env, FEDERATION_SECRET: randomBytes(32).toString('hex') };
  const origins = SUBGRAPH_GROUPS.map((_, i) => `http://127.0.0.1:${port + 1 + i}`);
  const subgraphs = await Promise.all(
    SUBGRAPH_GROUPS.map((modules, i) =>
      start('src/main.js', { ...common, SUBGRAPH: modules.join(','), PORT: String(port + 1 + i) }, origins[i]),
    ),
  );
  const urls = SUBGRAPH_GROUPS.flatMap((modules, i) => modules.map((m) => `${m}=${origins[i]}/graphql`));
  const gateway = await start(
    'src/cli/gateway.js',
    { ...common, PORT: String(port), GATEWAY_SUBGRAPHS: urls.join(',') },
    `http://127.0.0.1:${port}`,
  );
  return [gateway, ...subgraphs];
}

/** 19 more invoices of three lines for the demo account (20 in all), half of them partly paid by card. */
async function seedInvoices(url: string, output: string, contactToken: string): Promise<void> {
  const rep = await loginAs(url, output, 'SALES_REP');
  const { me, paymentMethods } = await graphql<{
    me: { account: { id: string } };
    paymentMethods: Array<{ id: string; type: string }>;
  }>(url, '{ me { account { id } } paymentMethods { id type } }', {}, contactToken);
  const card = paymentMethods.find((m) => m.type === 'CARD')!.id;
  const line = (n: number) => ({
    description: `Seats ${n}`,
    productCode: 'ANALYTICS',
    quantity: n,
    unitPriceMinor: 12_000,
    taxRateBasisPoints: 2200,
  });
  for (let i = 0; i < 19; i++) {
    const { issueInvoice } = await graphql<{ issueInvoice: { id: string; currency: string } }>(
      url,
      'mutation ($input: IssueInvoiceInput!) { issueInvoice(input: $input) { id currency } }',
      { input: { accountId: me.account.id, lines: [line(1), line(2), line(3)] } },
      rep,
    );
    if (i % 2 === 0)
      await graphql(
        url,
        'mutation ($input: PayInvoiceInput!) { payInvoice(input: $input) { status } }',
        {
          input: {
            invoiceId: issueInvoice.id,
            amount: { amountMinor: 5_000, currency: issueInvoice.currency },
            paymentMethodId: card,
            idempotencyKey: `bench-${i}-${randomBytes(4).toString('hex')}`,
          },
        },
        contactToken,
      );
  }
}

/** 9 more sent quotes for the demo account (10 in all), one line each, like the demo's. */
async function seedQuotes(url: string, output: string, contactToken: string): Promise<void> {
  const rep = await loginAs(url, output, 'SALES_REP');
  const { me, quotes } = await graphql<{
    me: { account: { id: string } };
    quotes: { edges: Array<{ node: { expiresOn: string; lines: Array<{ product: { id: string } }> } }> };
  }>(
    url,
    '{ me { account { id } } quotes(first: 1) { edges { node { expiresOn lines { product { id } } } } } }',
    {},
    contactToken,
  );
  const demo = quotes.edges[0].node;
  for (let i = 0; i < 9; i++) {
    const { createQuote } = await graphql<{ createQuote: { id: string } }>(
      url,
      'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { id } }',
      {
        input: {
          accountId: me.account.id,
          expiresOn: demo.expiresOn,
          lines: [{ productId: demo.lines[0].product.id, seatChange: i + 1, discountBasisPoints: 0 }],
        },
      },
      rep,
    );
    await graphql(url, 'mutation ($id: ID!) { sendQuote(id: $id) { id } }', { id: createQuote.id }, rep);
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** The round whose throughput is the median one. */
const medianRound = (rounds: Result[]) =>
  [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((rounds.length - 1) / 2)];
const spread = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;

async function main(): Promise<void> {
  const port = 43000 + Math.floor(Math.random() * 1000);
  const scenario = SCENARIOS[SCENARIO];
  const { db, databaseUrl, url, env } = await benchDatabase(port, 'bench.sqlite');
  const secret = env.JWT_SECRET;
  try {
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const service = await start('src/main.js', { ...env, PORT: String(port) }, /BILLING_CONTACT\s+user ID/, nodeArgs);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const contact = await loginAs(url, service.output(), 'BILLING_CONTACT');
    if (scenario.invoices) await seedInvoices(url, service.output(), contact);
    if (scenario.quotes) await seedQuotes(url, service.output(), contact);
    const token = scenario.role === 'BILLING_CONTACT' ? contact : await loginAs(url, service.output(), scenario.role);

    // Side by side on the same database: the baseline verifies the same tokens.
    const baselineUrl = `http://127.0.0.1:${port + 50}`;
    const baseline = await start(
      'bench/baseline.js',
      { DATABASE_URL: databaseUrl, JWT_SECRET: secret, PORT: String(port + 50), SCENARIO },
      /baseline listening/,
    );
    // The baseline must answer what the service answers, or its ratios mean nothing.
    const [fromService, fromBaseline] = await Promise.all(
      [url, baselineUrl].map((at) => graphql(at, scenario.query, {}, token)),
    );
    if (JSON.stringify(fromService) !== JSON.stringify(fromBaseline))
      throw new Error(
        `the baseline answers differently:\n${JSON.stringify(fromService)}\n${JSON.stringify(fromBaseline)}`,
      );
    const rounds: Array<{ service: Result; baseline: Result }> = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push({
        service: await measure(url, token, [service]),
        baseline: await measure(baselineUrl, token, [baseline]),
      });
    await Promise.all([stop(service), stop(baseline)]);

    // Back to back: the federation on the same port and database once the single process has stopped.
    let federatedResult: Result | undefined;
    if (FEDERATED) {
      const federation = await startFederation(env, port);
      federatedResult = await measure(url, token, federation);
      await Promise.all(federation.map(stop));
    }

    const serviceResult = medianRound(rounds.map((r) => r.service));
    const baselineResult = medianRound(rounds.map((r) => r.baseline));
    const perRound = rounds.map((r) => ratios(r.service, r.baseline));
    const report = {
      scenario: `${SCENARIO}, ${CONNECTIONS} connections, ${SECONDS} s, ${ROUNDS} rounds, ${db.kind === 'sqlite' ? 'SQLite' : new URL(db.url).protocol.replace(':', '')}`,
      service: serviceResult,
      ...(federatedResult && { federated: { ...federatedResult, processes: 'gateway + 3 subgraphs' } }),
      baseline: baselineResult,
      // The median of each ratio over the rounds, and its spread (lowest–highest).
      ratios: Object.fromEntries(
        (['throughput', 'p50Latency', 'p99Latency', 'memory'] as const).map((k) => [
          k,
          Math.round(median(perRound.map((r) => r[k])) * 100) / 100,
        ]),
      ),
      spread: {
        throughput: spread(perRound.map((r) => r.throughput)),
        p99Latency: spread(perRound.map((r) => r.p99Latency)),
      },
      ...(federatedResult && { federatedToSingleProcess: ratios(federatedResult, serviceResult) }),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await Promise.all([...running].map(stop));
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
