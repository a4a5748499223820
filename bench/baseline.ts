import http from 'node:http';
import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';

/**
 * The hand-written baseline: the least a server must do to answer the
 * benchmark's `me` query correctly — verify the JWT, check session and user
 * in one SQL statement, write JSON — with no framework at all.
 * Env: DB (SQLite file), JWT_SECRET, PORT.
 */
const db = new Database(process.env.DB!, { readonly: true });
const secret = process.env.JWT_SECRET!;
const statement = db.prepare(
  `SELECT u.id, u.billing_user_id AS billingUserId, u.display_name AS displayName, u.role, u.status, u.session_version AS sv
     FROM billing_user u JOIN auth_session s ON s.user_id = u.id
    WHERE u.id = ? AND s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
);

const unauthenticated = JSON.stringify({ errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.setHeader('content-type', 'application/json');
    try {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'corp-billing', audience: 'corp-billing-portal' }) as jwt.JwtPayload;
      const row = statement.get(claims.sub, claims.sid, new Date().toISOString().replace('T', ' ').replace('Z', '')) as
        | { id: string; billingUserId: string; displayName: string; role: string; status: string; sv: number }
        | undefined;
      if (!row || row.status !== 'ACTIVE' || row.sv !== claims.sv) return res.end(unauthenticated);
      res.end(JSON.stringify({ data: { me: { id: row.id, billingUserId: row.billingUserId, displayName: row.displayName, role: row.role } } }));
    } catch {
      res.end(unauthenticated);
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
