import { randomBytes } from 'node:crypto';
import { benchDatabase, graphql, loadQuery, loginAs, rssMiB, running, start, stop, type Proc } from './harness';

/**
 * `npm run bench`: a query through the whole service (Express, Apollo,
 * type-graphql, TypeORM, SQLite) against a hand-written baseline doing the
 * same work on the same database, in the same run. Reports ratios, not
 * absolute numbers. BENCH_SCENARIO picks the query: `me` (default: JWT check,
 * session and user look-up) or `invoices` (a billing contact's last 20
 * invoices with their lines and payments). `me-federated` and
 * `invoices-federated` also load the same query through the gateway in front
 * of three subgraph processes on the same database (after the single process,
 * before the baseline) and add its ratios to the single process.
 * BENCH_SECONDS (default 8) and BENCH_CONNECTIONS (default 10) set the load;
 * all traffic stays on loopback. BENCH_NODE_ARGS (space-separated) go to the
 * single process's node only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU profile
 * of the service under the load (written when it stops).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FEDERATED = process.env.BENCH_SCENARIO?.endsWith('-federated') ?? false;
const SCENARIO = process.env.BENCH_SCENARIO?.replace(/-federated$/, '') === 'invoices' ? 'invoices' : 'me';
const QUERIES = {
  me: '{ me { id billingUserId displayName role } }',
  invoices: `{ invoices(first: 20) { edges { node { id number issueDate status total { amountMinor currency } balance { amountMinor }
    lines { description quantity amount { amountMinor } } payments { status amount { amountMinor } } } } } }`,
};
/** The modules of each subgraph process: the split of test/helpers/federation.ts (CI's federated topology). */
const SUBGRAPH_GROUPS = [
  ['identity', 'account'],
  ['invoices', 'payments', 'purchase-orders', 'documents'],
  ['quotes', 'requests', 'subscriptions'],
];

const load = (url: string, token: string) =>
  loadQuery({ url, token, query: QUERIES[SCENARIO], connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 2 });

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

async function main(): Promise<void> {
  const port = 43000 + Math.floor(Math.random() * 1000);
  const { db, databaseUrl, url, env } = await benchDatabase(port, 'bench.sqlite');
  const secret = env.JWT_SECRET;
  try {
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const service = await start('src/main.js', { ...env, PORT: String(port) }, /BILLING_CONTACT\s+user ID/, nodeArgs);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const token = await loginAs(url, service.output(), 'BILLING_CONTACT');
    if (SCENARIO === 'invoices') await seedInvoices(url, service.output(), token);
    const serviceResult = await measure(url, token, [service]);
    await stop(service);

    // Back to back: the federation on the same port and database once the single process has stopped.
    let federatedResult: Result | undefined;
    if (FEDERATED) {
      const federation = await startFederation(env, port);
      federatedResult = await measure(url, token, federation);
      await Promise.all(federation.map(stop));
    }

    const baseline = await start(
      'bench/baseline.js',
      { DATABASE_URL: databaseUrl, JWT_SECRET: secret, PORT: String(port), SCENARIO },
      /baseline listening/,
    );
    const baselineResult = await measure(url, token, [baseline]);
    await stop(baseline);

    const report = {
      scenario: `${SCENARIO} query, ${CONNECTIONS} connections, ${SECONDS} s, ${db.kind === 'sqlite' ? 'SQLite' : new URL(db.url).protocol.replace(':', '')}`,
      service: serviceResult,
      ...(federatedResult && { federated: { ...federatedResult, processes: 'gateway + 3 subgraphs' } }),
      baseline: baselineResult,
      ratios: ratios(serviceResult, baselineResult),
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
