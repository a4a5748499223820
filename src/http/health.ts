import { Router } from 'express';
import type { DataSource } from 'typeorm';

/**
 * `GET /health/live`: the process is up. `GET /health/ready`: the database
 * answers and the server is not shutting down (load balancers stop sending).
 */
export function healthRouter(ds: DataSource, draining: () => boolean): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  });
  return router;
}
