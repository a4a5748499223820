import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { databaseAvailability, RETRY_AFTER_SECONDS } from '../common/db-availability';
import { pingDatabase } from '../data-source';

/** A readiness answer is due within a second: the probe gets this long, the rest is HTTP. */
const PROBE_DEADLINE_MS = 750;
/** A probe's result answers every check for this long (bounds the probe connections an eager checker causes). */
const PROBE_REUSE_MS = 500;

/**
 * `GET /health/live`: the process is up. `GET /health/ready`: the database
 * answers and the server is not shutting down (load balancers stop sending).
 *
 * Readiness answers within about PROBE_DEADLINE_MS whatever the database
 * does: concurrent checks share one probe in flight (and a result younger
 * than PROBE_REUSE_MS), so a frozen database never gathers a queue of
 * probes or their connections; a probe that has not answered by the
 * deadline counts as down while it finishes (its own timeouts end it).
 */
export function healthRouter(ds: DataSource, draining: () => boolean): Router {
  const availability = databaseAvailability(ds);
  let inFlight: Promise<boolean> | undefined;
  let last: { at: number; up: boolean } | undefined;
  const probe = (): Promise<boolean> => {
    if (last && Date.now() - last.at < PROBE_REUSE_MS) return Promise.resolve(last.up);
    inFlight ??= pingDatabase(ds, PROBE_DEADLINE_MS)
      .then(
        () => {
          availability.answered();
          return true;
        },
        (err: unknown) => {
          availability.failed(err);
          return false;
        },
      )
      .then((up) => {
        last = { at: Date.now(), up };
        inFlight = undefined;
        return up;
      });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_DEADLINE_MS);
    });
    return Promise.race([inFlight, deadline]).finally(() => clearTimeout(timer));
  };

  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    if (await probe()) {
      res.json({ status: 'ok', database: 'up' });
    } else {
      res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.json({ status: 'unavailable', database: 'down' });
    }
  });
  return router;
}
