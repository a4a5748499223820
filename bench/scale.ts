import 'reflect-metadata';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { encodeCursor } from '../src/common/pagination';
import type { TestDatabase } from '../test/helpers/database';
import { benchDatabase, loadQuery, loginAs, running, start, stop } from './harness';

/**
 * `npm run bench:scale`: how the lists behave as the invoice table grows. For
 * each size (BENCH_SCALE_SIZES, default 10000,1000000 invoices) it makes a
 * fresh database (SQLite, or with DATABASE_URL a new database on that
 * MySQL/MariaDB server, dropped at the end), lets the service migrate it and
 * seed the demo data, adds accounts (one per 50 invoices, every tenth
 * assigned to the demo rep) and invoices spread over them with set-based SQL,
 * then serves every size at once and loads each list through the service
 * for BENCH_SECONDS (default 5) with BENCH_CONNECTIONS (default 10), on each
 * size in turn, BENCH_ROUNDS times (default 3). It prints each list's median
 * throughput at every size and the ratio of the smallest size to the largest (1 = no slower
 * at scale). Timings are the machine's: compare ratios, not numbers.
 * BENCH_SCALE_LISTS=search,rep measures only the lists whose names hold one
 * of those words. BENCH_SCALE_KEEP=1 keeps the largest size's database (and says where it
 * is) to read the lists' plans with EXPLAIN.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000').split(',').map(Number);
const INVOICES_PER_ACCOUNT = 50;
const KEEP = process.env.BENCH_SCALE_KEEP === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const LIST = `query ($filter: InvoiceFilter, $after: String) {
  invoices(first: 20, filter: $filter, after: $after) { edges { node { id number issueDate status total { amountMinor } } } }
}`;
const ACCOUNTS = `query ($filter: AccountFilter) { accounts(first: 20, filter: $filter) { edges { node { id accountNumber organisationName } } } }`;

interface Scenario {
  name: string;
  role: 'BILLING_CONTACT' | 'SALES_REP' | 'ACCOUNT_SERVICES';
  query: string;
  variables: (size: number) => Record<string, unknown>;
}

/** The invoice `k` (1..size) as bulkInvoices numbers it: 200 a day, going back from 2026-12-01. */
const invoiceNumber = (k: number) => `INV-S-${String(k).padStart(9, '0')}`;
const issueDateOf = (k: number) =>
  new Date(Date.UTC(2026, 11, 1) - Math.floor(k / 200) * 86_400_000).toISOString().slice(0, 10);

const SCENARIOS: Scenario[] = [
  { name: "contact's invoice history", role: 'BILLING_CONTACT', query: LIST, variables: () => ({}) },
  { name: "rep's invoices, first page", role: 'SALES_REP', query: LIST, variables: () => ({}) },
  { name: 'staff invoices, first page', role: 'ACCOUNT_SERVICES', query: LIST, variables: () => ({}) },
  {
    name: 'staff invoices, a page half-way down',
    role: 'ACCOUNT_SERVICES',
    query: LIST,
    variables: (size) => {
      const k = Math.floor(size / 2);
      return { after: encodeCursor('invoices', [issueDateOf(k), invoiceNumber(k)]) };
    },
  },
  {
    name: 'staff invoice search (number)',
    role: 'ACCOUNT_SERVICES',
    query: LIST,
    variables: (size) => ({ filter: { search: invoiceNumber(Math.floor(size / 3)) } }),
  },
  {
    name: 'staff account search (name)',
    role: 'ACCOUNT_SERVICES',
    query: ACCOUNTS,
    variables: (size) => ({ filter: { search: `Scale Org ${Math.floor(size / INVOICES_PER_ACCOUNT / 3)}` } }),
  },
];

const only = process.env.BENCH_SCALE_LISTS?.split(',').map((w) => w.trim().toLowerCase());
const LISTS = only ? SCENARIOS.filter((s) => only.some((w) => s.name.toLowerCase().includes(w))) : SCENARIOS;

/** Runs statements on the benchmark's database with the driver the service uses. */
async function withDatabase<T>(
  db: TestDatabase,
  file: string,
  fn: (run: (sql: string) => Promise<void>) => Promise<T>,
) {
  if (db.kind === 'sqlite') {
    const sqlite = new Database(file);
    try {
      return await fn(async (sql) => void sqlite.exec(sql));
    } finally {
      sqlite.close();
    }
  }
  const conn = await mysql.createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
  try {
    return await fn(async (sql) => void (await conn.query(sql)));
  } finally {
    await conn.end();
  }
}

/**
 * Accounts and invoices in a few set-based statements (a recursive CTE of
 * numbers): 200 invoices a day going back from 2026-12-01, account `k mod
 * accounts`; every tenth account belongs to the demo rep. No lines or
 * payments: the lists read the invoice table only.
 */
async function fill(db: TestDatabase, file: string, size: number): Promise<number> {
  const accounts = Math.max(1, Math.floor(size / INVOICES_PER_ACCOUNT));
  const sqlite = db.kind === 'sqlite';
  const pad = (expr: string, width: number) =>
    sqlite ? `printf('%0${width}d', ${expr})` : `LPAD(${expr}, ${width}, '0')`;
  const cat = (...parts: string[]) => (sqlite ? parts.join(' || ') : `CONCAT(${parts.join(', ')})`);
  const now = sqlite ? `strftime('%Y-%m-%d %H:%M:%f', 'now')` : 'NOW(3)';
  const issued = sqlite
    ? `date('2026-12-01', '-' || (k / 200) || ' days')`
    : `DATE_SUB('2026-12-01', INTERVAL (k DIV 200) DAY)`;
  const numbers = (n: number) => `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${n})`;
  const demoRep = `(SELECT id FROM billing_user WHERE role = 'SALES_REP' ORDER BY created_at LIMIT 1)`;
  const started = Date.now();
  await withDatabase(db, file, async (run) => {
    if (!sqlite) await run('SET SESSION max_recursive_iterations = 100000000').catch(() => undefined); // MariaDB
    if (!sqlite) await run('SET SESSION cte_max_recursion_depth = 100000000').catch(() => undefined); // MySQL
    await run(
      `INSERT INTO corporate_account (id, account_number, organisation_name, created_at, updated_at, sales_rep_id)
       ${numbers(accounts)}
       SELECT ${cat(`'scale-acct-'`, pad('k', 25))}, ${cat(`'CA-S'`, pad('k', 8))}, ${cat(`'Scale Org '`, 'k')}, ${now}, ${now},
              CASE WHEN k % 10 = 0 THEN ${demoRep} END
       FROM n`,
    );
    await run(
      `INSERT INTO invoice (id, account_id, sales_rep_id, number, issue_date, due_date, currency, bill_to, subtotal_minor,
                            tax_minor, total_minor, amount_paid_minor, amount_pending_minor, status, created_at, updated_at)
       ${numbers(size)}
       SELECT ${cat(`'scale-inv-'`, pad('k', 26))}, ${cat(`'scale-acct-'`, pad(`1 + k % ${accounts}`, 25))},
              CASE WHEN (1 + k % ${accounts}) % 10 = 0 THEN ${demoRep} END,
              ${cat(`'INV-S-'`, pad('k', 9))}, ${issued}, '2026-12-31', 'USD', '{}', 1000, 0, 1000, 0, 0, 'OPEN', ${now}, ${now}
       FROM n`,
    );
    await run(sqlite ? 'ANALYZE' : 'ANALYZE TABLE invoice, corporate_account');
  });
  return Date.now() - started;
}

interface Served {
  size: number;
  fillMs: number;
  url: string;
  tokens: Map<string, string>;
  drop: () => Promise<void>;
  /** Requests per second of each list, one per round. */
  rps: Map<string, number[]>;
}

/** A database of `size` invoices, filled, and the service serving it. */
async function serve(size: number): Promise<Served> {
  const port = 44000 + SIZES.indexOf(size) * 1000 + Math.floor(Math.random() * 1000);
  const bench = await benchDatabase(port, 'bench-scale.sqlite');
  const { db, file, url } = bench;
  const env = { ...bench.env, PORT: String(port) };
  // The first start migrates and seeds; the second serves the filled database with fresh caches.
  const seeding = await start('src/main.js', env, /BILLING_CONTACT\s+user ID/);
  const output = seeding.output();
  await stop(seeding);
  const fillMs = await fill(db, file, size);
  await start('src/main.js', { ...env, SEED_DEMO_ON_EMPTY: 'false' }, url);
  const tokens = new Map<string, string>();
  for (const role of ['BILLING_CONTACT', 'SALES_REP', 'ACCOUNT_SERVICES'])
    tokens.set(role, await loginAs(url, output, role));
  const drop = async () => {
    if (KEEP && size === Math.max(...SIZES))
      console.error(`kept the ${size}-invoice database: ${db.kind === 'sqlite' ? file : db.url}`);
    else await db.drop();
  };
  return { size, fillMs, url, tokens, drop, rps: new Map() };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Every size is served at once (a process each) and each list is loaded on
 * the sizes in turn, BENCH_ROUNDS times (default 3), so that a slower minute
 * of the machine falls on both sizes alike; the median round counts.
 */
async function main(): Promise<void> {
  const served: Served[] = [];
  try {
    for (const size of SIZES) served.push(await serve(size));
    for (const s of LISTS)
      for (let round = 0; round < ROUNDS; round++)
        for (const at of served) {
          const r = await loadQuery({
            url: at.url,
            token: at.tokens.get(s.role)!,
            query: s.query,
            variables: s.variables(at.size),
            connections: CONNECTIONS,
            seconds: SECONDS,
            warmupSeconds: 1,
          }).catch((err: Error) => {
            throw new Error(`${s.name} at ${at.size}: ${err.message}`);
          });
          at.rps.set(s.name, [...(at.rps.get(s.name) ?? []), r.requestsPerSecond]);
        }
  } finally {
    await Promise.all([...running].map(stop));
    for (const at of served) await at.drop();
  }
  const first = served[0];
  const last = served.at(-1)!;
  const report = {
    database: process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).protocol.replace(':', '') : 'SQLite',
    load: `${CONNECTIONS} connections, ${SECONDS} s per list and size, ${ROUNDS} alternating rounds (median)`,
    fillSeconds: Object.fromEntries(served.map((r) => [r.size, Math.round(r.fillMs / 100) / 10])),
    lists: LISTS.map((s) => ({
      list: s.name,
      ...Object.fromEntries(served.map((r) => [`rps@${r.size}`, median(r.rps.get(s.name)!)])),
      // How many times slower the largest size is than the smallest: the target is at most 1.25.
      slowdown: Math.round((median(first.rps.get(s.name)!) / median(last.rps.get(s.name)!)) * 100) / 100,
    })),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
