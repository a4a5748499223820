import { logBackgroundFailure } from './common/db-availability';
import { systemContext } from './context';
import type { Services } from './modules/services';

export interface JobResults {
  pendingPayments: { settled: number; pending: number };
  renewals: { issued: number; applied: number; cancelled: number };
  expired: number;
  poReminders: number;
}

/** One pass of the periodic jobs, each idempotent (the same code as `npm run jobs:*`; pending payments are settled here only). */
export async function runJobs(services: Services): Promise<JobResults> {
  const ctx = () => systemContext(services, 'jobs');
  const pendingPayments = await services.payments.reconcilePending(ctx());
  const renewals = await services.renewals.run(ctx());
  const expired = await services.subscriptions.expireDue(ctx());
  const poReminders = await services.purchaseOrders.sendExpiryReminders(ctx());
  return { pendingPayments, renewals, expired, poReminders };
}

/**
 * The server's schedule: settles pending payments and runs the other jobs shortly after start and then every
 * JOBS_INTERVAL_MINUTES (0 turns it off). Passes never overlap within a
 * process; across processes the jobs are idempotent under row locks, so
 * several servers may run them at once.
 */
export function scheduleJobs(services: Services, firstRunDelayMs = 10_000): { stop(): Promise<void> } {
  const minutes = services.config.jobs.intervalMinutes;
  if (minutes === 0) return { stop: async () => undefined };
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = () => {
    running = runJobs(services)
      .then((results) => services.log.info({ jobs: results }, 'scheduled jobs ran'))
      .catch((err: unknown) => logBackgroundFailure(services.ds, services.log, err, 'scheduled jobs failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(pass, minutes * 60_000).unref();
      });
  };
  timer = setTimeout(pass, firstRunDelayMs).unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
