import { IsNull, LessThanOrEqual, Not, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Clock } from '../../common/clock';
import { logBackgroundFailure } from '../../common/db-availability';
import { PassLoop } from '../../common/pass-loop';
import type { Logger } from '../../common/logger';
import { Role } from '../../common/roles';
import { inTransaction } from '../../common/transactions';
import { DEFAULT_MAIL_LOCALE, type MailService } from '../../mail';
import type { UserDirectory } from '../identity';
import { endpointDisabledMail } from './webhook.mails';
import {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointStatus,
  WebhookEvent,
} from './webhook.entity';
import { openSecret, signedHeaders } from './webhook-secrets';
import { sendAttempt, type AttemptOutcome } from './webhook-sender';
import { deliveryStatusMachine, endpointStatusMachine } from './webhook.state';

/**
 * The wait after each failed attempt, before jitter: 30 s, 2 min, 10 min,
 * 30 min, 1 h, 2 h, 4 h, 8 h, 8 h. Ten attempts over about 24 hours.
 */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** Each wait is drawn between 80% and 120% of its step, so endpoints that failed together do not retry together. */
export const JITTER = 0.2;

/** The wait after `attempts` failed attempts (1 for the first), with jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const step = RETRY_DELAYS_SECONDS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_SECONDS.length) - 1];
  return Math.round(step * 1000 * (1 - JITTER + 2 * JITTER * random()));
}

const POLL_MS = 5_000;
const BATCH = 20;

/**
 * Sends the webhook outbox: claims due deliveries with a conditional UPDATE
 * (so each attempt is made by one process, whichever processes run), signs
 * each attempt anew, records the outcome fenced by the attempt count, and
 * keeps the endpoint's health: the first failure starts `failingSince`, a
 * success clears it, and an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS
 * is disabled and account services are told by e-mail.
 */
export class WebhookDispatcher {
  /** The background passes (never overlapping within a process). */
  private readonly loop: PassLoop;
  /** A claim outlasts the attempt's deadline, so no second process starts an attempt that is under way. */
  private readonly leaseMs: number;

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly mail: MailService,
    private readonly userDirectory: UserDirectory,
    private readonly clock: Clock,
  ) {
    this.leaseMs = config.webhooks.timeoutMs + 30_000;
    this.loop = new PassLoop(
      () => this.dispatchDue(() => this.loop.stopped),
      POLL_MS,
      (err) => logBackgroundFailure(this.ds, this.log, err, 'webhook dispatch pass failed'),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming and waits for the attempts under way (each ends within WEBHOOK_TIMEOUT_MS) to be recorded. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Resolves when no background pass is running: every attempt it started is recorded. */
  settled(): Promise<void> {
    return this.loop.settled();
  }

  /** Asks for a pass soon (after a commit that wrote deliveries). */
  kick(): void {
    this.loop.kick();
  }

  /** Due deliveries of active endpoints (a disabled endpoint's wait until it is enabled again). */
  private due(): Promise<WebhookDelivery[]> {
    return this.ds
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .innerJoin(WebhookEndpoint, 'e', 'e.id = d.endpoint_id AND e.status = :active', {
        active: WebhookEndpointStatus.ACTIVE,
      })
      .where('d.status = :pending', { pending: WebhookDeliveryStatus.PENDING })
      .andWhere('d.next_attempt_at <= :now', { now: this.clock.now() })
      .orderBy('d.next_attempt_at', 'ASC')
      .take(BATCH)
      .getMany();
  }

  /** One pass: every delivery due now, WEBHOOK_CONCURRENCY at a time, until `stop` says so. Returns how many were delivered. */
  async dispatchDue(stop: () => boolean = () => false): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await this.due();
      if (due.length === 0) return delivered;
      const queue = [...due];
      let claimed = 0;
      const worker = async () => {
        for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
          if (stop()) return;
          if (!(await this.claim(delivery))) continue;
          claimed += 1;
          delivered += (await this.attempt(delivery)) ? 1 : 0;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.config.webhooks.concurrency, due.length) }, worker));
      // A batch of which nothing could be claimed is another process's: reading it again would only spin.
      if (due.length < BATCH || claimed === 0 || stop()) return delivered;
    }
  }

  private async claim(delivery: WebhookDelivery): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await inTransaction(this.ds, (tx) =>
      deliveryStatusMachine.update(
        tx.manager,
        WebhookDelivery,
        { id: delivery.id, attempts: delivery.attempts },
        WebhookDeliveryStatus.PENDING,
        { attempts: delivery.attempts + 1, nextAttemptAt: new Date(now.getTime() + this.leaseMs), lastAttemptAt: now },
      ),
    );
    delivery.attempts += 1;
    return claimed;
  }

  /** The secrets that sign now: the current one, and the one before it during the rotation's overlap. */
  private secretsOf(endpoint: WebhookEndpoint): string[] {
    const key = this.config.webhooks.encryptionKey;
    if (!key) throw new Error('WEBHOOK_ENCRYPTION_KEY is not set');
    const secrets = [openSecret(key, endpoint.secretSealed)];
    if (
      endpoint.previousSecretSealed &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > this.clock.now()
    )
      secrets.push(openSecret(key, endpoint.previousSecretSealed));
    return secrets;
  }

  /** Makes one claimed attempt and records it; true when delivered. A failure to record is logged (the lease then runs out and the attempt is made again). */
  private async attempt(delivery: WebhookDelivery): Promise<boolean> {
    try {
      const [endpoint, event] = await Promise.all([
        this.ds.getRepository(WebhookEndpoint).findOneBy({ id: delivery.endpointId }),
        this.ds.getRepository(WebhookEvent).findOneBy({ id: delivery.eventId }),
      ]);
      let outcome: AttemptOutcome;
      if (!endpoint || !event || endpoint.status !== WebhookEndpointStatus.ACTIVE)
        outcome = { result: 'final', status: null, error: 'not sent: the endpoint is disabled or deleted' };
      else {
        let secrets: string[] | undefined;
        try {
          secrets = this.secretsOf(endpoint);
        } catch (err) {
          this.log.error({ err, webhookEndpointId: endpoint.id }, 'webhook secret cannot be read');
        }
        outcome = secrets
          ? await sendAttempt(
              endpoint.url,
              // Signed now, on every attempt: the timestamp is the attempt's, the id the event's.
              signedHeaders(event.id, new Date(), event.payload, secrets),
              event.payload,
              this.config.webhooks,
            )
          : {
              result: 'retry',
              status: null,
              error: 'not sent: the signing secret cannot be read (was WEBHOOK_ENCRYPTION_KEY changed?)',
            };
      }
      await this.record(delivery, endpoint, outcome);
      return outcome.result === 'delivered';
    } catch (err) {
      this.log.error({ err, webhookDeliveryId: delivery.id }, 'webhook outcome not recorded');
      return false;
    }
  }

  private async record(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint | null,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const now = this.clock.now();
    const claimed = { id: delivery.id, attempts: delivery.attempts };
    const log = { webhookDeliveryId: delivery.id, webhookEventId: delivery.eventId, attempts: delivery.attempts };
    if (outcome.result === 'delivered') {
      const recorded = await inTransaction(this.ds, async (tx) => {
        const moved = await deliveryStatusMachine.update(
          tx.manager,
          WebhookDelivery,
          claimed,
          WebhookDeliveryStatus.DELIVERED,
          {
            deliveredAt: now,
            responseStatus: outcome.status,
            lastError: null,
          },
        );
        if (moved && endpoint)
          await tx.manager.update(
            WebhookEndpoint,
            { id: endpoint.id, failingSince: Not(IsNull()) },
            { failingSince: null },
          );
        return moved;
      });
      if (recorded) this.log.info({ ...log, status: outcome.status }, 'webhook delivered');
      else this.log.warn(log, 'webhook outcome not recorded: the claim expired meanwhile');
      return;
    }
    const final = outcome.result === 'final' || delivery.attempts >= MAX_ATTEMPTS;
    // Retry-After is honoured, but never sooner than the schedule's first step: ten attempts must not go in a minute.
    const wait =
      outcome.retryAfterMs === undefined
        ? retryDelayMs(delivery.attempts)
        : Math.max(outcome.retryAfterMs, RETRY_DELAYS_SECONDS[0] * 1000);
    let disabled: { since: Date } | null = null;
    const recorded = await inTransaction(this.ds, async (tx) => {
      const moved = await deliveryStatusMachine.update(
        tx.manager,
        WebhookDelivery,
        claimed,
        final ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING,
        {
          responseStatus: outcome.status,
          lastError: outcome.error,
          nextAttemptAt: new Date(now.getTime() + (final ? 0 : wait)),
        },
      );
      if (!moved || !endpoint || endpoint.status !== WebhookEndpointStatus.ACTIVE) return moved;
      if (!endpoint.failingSince) {
        await tx.manager.update(WebhookEndpoint, { id: endpoint.id, failingSince: IsNull() }, { failingSince: now });
        return moved;
      }
      const failingSince = new Date(now.getTime() - this.config.webhooks.disableAfterHours * 3600_000);
      if (endpoint.failingSince > failingSince) return moved;
      // Decided on the row as it is now: a success or a re-enabling meanwhile cleared failingSince.
      const off = await endpointStatusMachine.update(
        tx.manager,
        WebhookEndpoint,
        { id: endpoint.id, failingSince: LessThanOrEqual(failingSince) },
        WebhookEndpointStatus.DISABLED,
        {
          disabledReason: `Deliveries failed for more than ${this.config.webhooks.disableAfterHours} hours`.slice(
            0,
            255,
          ),
          updatedAt: now,
        },
      );
      if (!off) return moved;
      // What waits stays pending (the dispatcher skips a disabled endpoint's) and goes out once it is enabled again.
      disabled = { since: endpoint.failingSince };
      const to = this.config.requestsNotifyEmail
        ? [this.config.requestsNotifyEmail]
        : await this.userDirectory.activeStaffEmails(Role.ACCOUNT_SERVICES, tx);
      if (to.length)
        await this.mail.enqueue(
          tx,
          to,
          endpointDisabledMail({
            locale: DEFAULT_MAIL_LOCALE,
            url: endpoint.url,
            since: endpoint.failingSince,
            lastError: outcome.error,
          }),
        );
      return moved;
    });
    if (!recorded) this.log.warn(log, 'webhook outcome not recorded: the claim expired meanwhile');
    else
      this.log.warn(
        { ...log, status: outcome.status, error: outcome.error, final, retryInMs: final ? null : wait },
        'webhook delivery failed',
      );
    if (disabled) this.log.warn({ webhookEndpointId: endpoint!.id }, 'webhook endpoint disabled after failing');
  }
}
