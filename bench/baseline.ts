import http from 'node:http';
import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';

/**
 * The hand-written baseline: the least a server must do to answer the
 * benchmark's query correctly — verify the JWT, check session and user in one
 * SQL statement, then for `invoices` read the last 20 invoices, their lines
 * and their payments in three statements, write JSON — with no framework.
 * Env: DB (SQLite file), JWT_SECRET, PORT, SCENARIO (`me` or `invoices`).
 */
const db = new Database(process.env.DB, { readonly: true });
const secret = process.env.JWT_SECRET!;
const statement = db.prepare(
  `SELECT u.id, u.billing_user_id AS billingUserId, u.display_name AS displayName, u.role, u.status, u.session_version AS sv, u.account_id AS accountId
     FROM billing_user u JOIN auth_session s ON s.user_id = u.id
    WHERE u.id = ? AND s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
);

const invoicesOf = db.prepare(
  `SELECT id, number, issue_date AS issueDate, status, currency, total_minor AS total, amount_paid_minor AS paid
     FROM invoice WHERE account_id = ? ORDER BY issue_date DESC, number DESC LIMIT 20`,
);
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

/** The invoices answer: three statements, whatever the number of invoices. */
function invoices(accountId: string) {
  const rows = invoicesOf.all(accountId) as InvoiceRow[];
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? (db
        .prepare(
          `SELECT invoice_id AS invoiceId, description, quantity, amount_minor AS amount FROM invoice_line WHERE invoice_id IN (${placeholders(ids.length)}) ORDER BY position`,
        )
        .all(...ids) as Array<{ invoiceId: string; description: string; quantity: number; amount: number }>)
    : [];
  const payments = ids.length
    ? (db
        .prepare(
          `SELECT invoice_id AS invoiceId, status, amount_minor AS amount FROM payment WHERE invoice_id IN (${placeholders(ids.length)}) ORDER BY created_at, id`,
        )
        .all(...ids) as Array<{ invoiceId: string; status: string; amount: number }>)
    : [];
  const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });
  return {
    invoices: {
      edges: rows.map((r) => ({
        node: {
          id: r.id,
          number: r.number,
          issueDate: r.issueDate,
          status: r.status,
          total: money(r.total, r.currency),
          balance: { amountMinor: r.status === 'VOID' ? 0 : r.total - r.paid },
          lines: lines
            .filter((l) => l.invoiceId === r.id)
            .map((l) => ({ description: l.description, quantity: l.quantity, amount: { amountMinor: l.amount } })),
          payments: payments
            .filter((p) => p.invoiceId === r.id)
            .map((p) => ({ status: p.status, amount: { amountMinor: p.amount } })),
        },
      })),
    },
  };
}

const unauthenticated = JSON.stringify({
  errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }],
});

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.setHeader('content-type', 'application/json');
    try {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const claims = jwt.verify(token, secret, {
        algorithms: ['HS256'],
        issuer: 'corp-billing',
        audience: 'corp-billing-portal',
      }) as jwt.JwtPayload;
      const row = statement.get(claims.sub, claims.sid, new Date().toISOString().replace('T', ' ').replace('Z', '')) as
        | {
            id: string;
            billingUserId: string;
            displayName: string;
            role: string;
            status: string;
            sv: number;
            accountId: string;
          }
        | undefined;
      if (!row || row.status !== 'ACTIVE' || row.sv !== claims.sv) return res.end(unauthenticated);
      if (process.env.SCENARIO === 'invoices') return res.end(JSON.stringify({ data: invoices(row.accountId) }));
      res.end(
        JSON.stringify({
          data: { me: { id: row.id, billingUserId: row.billingUserId, displayName: row.displayName, role: row.role } },
        }),
      );
    } catch {
      res.end(unauthenticated);
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
