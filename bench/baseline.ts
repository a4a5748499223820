import http from 'node:http';
import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';
import mysql from 'mysql2/promise';

/**
 * The hand-written baseline: the least a server must do to answer the
 * benchmark's query correctly — verify the JWT, check session and user in one
 * SQL statement, then for `invoices` read the last 20 invoices, their lines
 * and their payments in three statements, for `quotes` the quotes and their
 * lines in two, for `staff-invoices` and `staff-search` one page of every
 * invoice (by a number prefix, with the service's search condition) — and
 * write JSON, with no framework. Env: DATABASE_URL (the service's:
 * sqlite:<file> or mysql://, mariadb://), JWT_SECRET, PORT, SCENARIO. Each statement goes through
 * the driver the service uses on that database (better-sqlite3, or a mysql2
 * pool of 10 connections, the service's default pool size).
 */
const secret = process.env.JWT_SECRET!;
const databaseUrl = process.env.DATABASE_URL!;

/** Runs one statement and returns its rows. */
const all: (sql: string, params: unknown[]) => Promise<unknown[]> = databaseUrl.startsWith('sqlite:')
  ? (() => {
      const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
      const statements = new Map<string, Database.Statement>();
      return async (sql, params) => {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = db.prepare(sql)));
        return statement.all(...params);
      };
    })()
  : (() => {
      const pool = mysql.createPool({
        uri: databaseUrl.replace(/^mariadb:/, 'mysql:'),
        connectionLimit: 10,
        // Dates as the API writes them (YYYY-MM-DD), as the service's date columns read them.
        dateStrings: ['DATE'],
      });
      return async (sql, params) => (await pool.query(sql, params))[0] as unknown[];
    })();

/** `now` as the session's expires_at column compares: SQLite stores text, MySQL a DATETIME. */
const sqlite = databaseUrl.startsWith('sqlite:');
const now = (): unknown => (sqlite ? new Date().toISOString().replace('T', ' ').replace('Z', '') : new Date());

const SESSION_USER = `SELECT u.id, u.billing_user_id AS billingUserId, u.display_name AS displayName, u.role, u.status, u.session_version AS sv, u.account_id AS accountId
     FROM billing_user u JOIN auth_session s ON s.user_id = u.id
    WHERE u.id = ? AND s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`;

const INVOICES = `SELECT id, number, issue_date AS issueDate, status, currency, total_minor AS total, amount_paid_minor AS paid
     FROM invoice WHERE account_id = ? ORDER BY issue_date DESC, number DESC LIMIT 20`;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

interface InvoiceRow {
  id: string;
  number: string;
  issueDate: string;
  status: string;
  currency: string;
  total: number;
  paid: number;
}

/**
 * The rows of `select` (its FROM and columns, one of them `parentId`) whose
 * `column` is one of `ids`, in `order`, grouped by parent: one statement.
 */
async function childrenOf<T extends { parentId: string }>(
  select: string,
  column: string,
  order: string,
  ids: string[],
): Promise<(parentId: string) => T[]> {
  const rows = ids.length
    ? ((await all(`${select} WHERE ${column} IN (${placeholders(ids.length)}) ORDER BY ${order}`, ids)) as T[])
    : [];
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.parentId, [...(groups.get(row.parentId) ?? []), row]);
  return (parentId) => groups.get(parentId) ?? [];
}

const today = () => new Date().toISOString().slice(0, 10);
const money = (amountMinor: unknown, currency: string) => ({ amountMinor: Number(amountMinor), currency });

/** A contact's quotes (not drafts), pending first then newest, and their lines: two statements. */
async function quotes(accountId: string) {
  const on = today();
  const rows = (await all(
    `SELECT id, number, status, expires_on AS expiresOn, currency, total_minor AS total FROM quote
      WHERE account_id = ? AND status <> 'DRAFT'
      ORDER BY (CASE WHEN status = 'SENT' AND expires_on >= ? THEN 1 ELSE 0 END) DESC, created_at DESC, id DESC LIMIT 21`,
    [accountId, on],
  )) as Array<{ id: string; number: string; status: string; expiresOn: string; currency: string; total: number }>;
  const page = rows.slice(0, 20);
  const linesOf = await childrenOf<{
    parentId: string;
    description: string | null;
    seatChange: number;
    amount: number;
  }>(
    'SELECT quote_id AS parentId, description, seat_change AS seatChange, amount_minor AS amount FROM quote_line',
    'quote_id',
    'position',
    page.map((q) => q.id),
  );
  return {
    quotes: {
      edges: page.map((q) => ({
        node: {
          id: q.id,
          number: q.number,
          status: q.status === 'SENT' && String(q.expiresOn) < on ? 'EXPIRED' : q.status,
          expiresOn: q.expiresOn,
          total: money(q.total, q.currency),
          lines: linesOf(q.id).map((l) => ({
            description: l.description,
            seatChange: l.seatChange,
            amount: { amountMinor: Number(l.amount) },
          })),
        },
      })),
    },
  };
}

/**
 * A page of every invoice, newest first; with a prefix, those whose number or
 * PO number starts with it, in the service's condition for the database
 * (src/common/search.ts: `lower()` ranges on SQLite, LIKE on MySQL).
 */
async function staffInvoices(prefix?: string) {
  let where = '';
  let params: unknown[] = [];
  if (prefix && sqlite) {
    const lo = prefix.toLowerCase();
    const hi = lo.slice(0, -1) + String.fromCharCode(lo.charCodeAt(lo.length - 1) + 1);
    where = `WHERE ((lower(number) >= ? AND lower(number) < ?) OR (lower(po_number) >= ? AND lower(po_number) < ?))`;
    params = [lo, hi, lo, hi];
  } else if (prefix) {
    where = `WHERE (number LIKE ? ESCAPE '!' OR po_number LIKE ? ESCAPE '!')`;
    params = [`${prefix}%`, `${prefix}%`];
  }
  const rows = (await all(
    `SELECT id, number, issue_date AS issueDate, status, currency, total_minor AS total FROM invoice ${where}
      ORDER BY issue_date DESC, number DESC LIMIT 21`,
    params,
  )) as Array<{ id: string; number: string; issueDate: string; status: string; currency: string; total: number }>;
  return {
    invoices: {
      edges: rows.slice(0, 20).map((r) => ({
        node: {
          id: r.id,
          number: r.number,
          issueDate: r.issueDate,
          status: r.status,
          total: money(r.total, r.currency),
        },
      })),
    },
  };
}

/** The invoices answer: three statements, whatever the number of invoices. */
async function invoices(accountId: string) {
  const rows = (await all(INVOICES, [accountId])) as InvoiceRow[];
  const ids = rows.map((r) => r.id);
  const [linesOf, paymentsOf] = await Promise.all([
    childrenOf<{ parentId: string; description: string; quantity: number; amount: number }>(
      'SELECT invoice_id AS parentId, description, quantity, amount_minor AS amount FROM invoice_line',
      'invoice_id',
      'position',
      ids,
    ),
    childrenOf<{ parentId: string; status: string; amount: number }>(
      'SELECT invoice_id AS parentId, status, amount_minor AS amount FROM payment',
      'invoice_id',
      'created_at, id',
      ids,
    ),
  ]);
  // BIGINT money columns come back as strings from mysql2, as numbers from SQLite (money() makes them numbers).
  return {
    invoices: {
      edges: rows.map((r) => ({
        node: {
          id: r.id,
          number: r.number,
          issueDate: r.issueDate,
          status: r.status,
          total: money(r.total, r.currency),
          balance: { amountMinor: r.status === 'VOID' ? 0 : Number(r.total) - Number(r.paid) },
          lines: linesOf(r.id).map((l) => ({
            description: l.description,
            quantity: l.quantity,
            amount: { amountMinor: Number(l.amount) },
          })),
          payments: paymentsOf(r.id).map((p) => ({ status: p.status, amount: { amountMinor: Number(p.amount) } })),
        },
      })),
    },
  };
}

const unauthenticated = JSON.stringify({
  errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }],
});

interface SessionUser {
  id: string;
  billingUserId: string;
  displayName: string;
  role: string;
  status: string;
  sv: number;
  accountId: string;
}

async function answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
  JSON.parse(body.toString('utf8'));
  res.setHeader('content-type', 'application/json');
  try {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const claims = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      issuer: 'corp-billing',
      audience: 'corp-billing-portal',
    }) as jwt.JwtPayload;
    const [row] = (await all(SESSION_USER, [claims.sub, claims.sid, now()])) as Array<SessionUser | undefined>;
    if (!row || row.status !== 'ACTIVE' || Number(row.sv) !== claims.sv) return void res.end(unauthenticated);
    const scenario = process.env.SCENARIO;
    if (scenario === 'invoices') return void res.end(JSON.stringify({ data: await invoices(row.accountId) }));
    if (scenario === 'quotes') return void res.end(JSON.stringify({ data: await quotes(row.accountId) }));
    if (scenario === 'staff-invoices') return void res.end(JSON.stringify({ data: await staffInvoices() }));
    if (scenario === 'staff-search') return void res.end(JSON.stringify({ data: await staffInvoices('INV-2') }));
    res.end(
      JSON.stringify({
        data: { me: { id: row.id, billingUserId: row.billingUserId, displayName: row.displayName, role: row.role } },
      }),
    );
  } catch {
    res.end(unauthenticated);
  }
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void answer(req, Buffer.concat(chunks), res));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
