import { Router } from 'express';
import type { DataSource } from 'typeorm';

/** `GET /health/live`: the process is up. `GET /health/ready`: the database answers. */
export function healthRouter(ds: DataSource): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  });
  return router;
}
