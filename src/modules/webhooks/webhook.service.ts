import { In, type DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Clock } from '../../common/clock';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { DomainEvent, EventBus } from '../../common/events';
import type { Logger } from '../../common/logger';
import { paginate, type KeysetOrder, type Page, type PageArgs } from '../../common/pagination';
import { forShare, inTransaction, type Tx } from '../../common/transactions';
import type { RequestContext } from '../../context';
import type { AccountService } from '../account';
import { checkEndpointUrl, RefusedDestination, resolveDestination } from './outbound';
import {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointStatus,
  WebhookEvent,
} from './webhook.entity';
import { eventBody, SUBSCRIBABLE_EVENTS, TEST_EVENT } from './webhook-events';
import { newMessageId, newSigningSecret, sealSecret } from './webhook-secrets';
import { endpointStatusMachine } from './webhook.state';
import type {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesArgs,
  WebhookEndpointWithSecret,
} from './webhook.types';

const DELIVERY_ORDER: KeysetOrder<WebhookDelivery> = {
  list: 'webhookDeliveries',
  columns: ['d.created_at', 'd.id'],
  direction: 'DESC',
  values: (d) => [d.createdAt.toISOString(), d.id],
};

/**
 * Webhook endpoints and the outbox of their deliveries. Every published
 * event (common/events.ts) becomes, in the transaction of its change, one
 * event row and a delivery row per active endpoint that listens to it; the
 * dispatcher (webhook-dispatcher.ts) sends them after commit.
 */
export class WebhookService {
  /** Wakes the dispatcher after a commit that wrote deliveries (set by the dispatcher). */
  onDeliveriesWritten: () => void = () => undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly accounts: AccountService,
    events: EventBus,
    private readonly clock: Clock,
  ) {
    events.subscribe((tx, event) => this.record(tx, event));
  }

  /** The outbox write of one event, in the publisher's transaction; nothing when no endpoint listens. */
  private async record(tx: Tx, event: DomainEvent): Promise<void> {
    // Read locked (shared): an endpoint deleted meanwhile is either seen gone or waits for this commit, so the
    // deliveries' foreign key never fails the publisher's change.
    const endpoints = (
      await tx.manager.find(WebhookEndpoint, { where: { status: WebhookEndpointStatus.ACTIVE }, ...forShare(tx) })
    ).filter((e) => e.events.includes(event.type) && (e.accountId === null || e.accountId === event.accountId));
    if (endpoints.length === 0) return;
    await this.write(tx, event.type, event.accountId, event.data, endpoints);
  }

  private async write(
    tx: Tx,
    type: string,
    accountId: string | null,
    data: Record<string, unknown>,
    endpoints: WebhookEndpoint[],
  ): Promise<WebhookDelivery[]> {
    const now = this.clock.now();
    const event = tx.manager.create(WebhookEvent, {
      id: newMessageId(),
      type,
      accountId,
      payload: eventBody(type, now, data),
      createdAt: now,
    });
    await tx.manager.insert(WebhookEvent, event);
    const deliveries = endpoints.map((endpoint) =>
      tx.manager.create(WebhookDelivery, {
        eventId: event.id,
        endpointId: endpoint.id,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
    await tx.manager.insert(WebhookDelivery, deliveries);
    tx.afterCommit(() => this.onDeliveriesWritten());
    return deliveries;
  }

  /** The key the secrets are sealed with; without it (production without WEBHOOK_ENCRYPTION_KEY) nothing can be set up. */
  private key(): Buffer {
    const key = this.config.webhooks.encryptionKey;
    if (!key)
      throw new AppError(
        'WEBHOOKS_NOT_CONFIGURED',
        'Webhooks are not set up: set WEBHOOK_ENCRYPTION_KEY (32 characters or more) to keep their signing secrets',
      );
    return key;
  }

  /** A URL the service will call: its shape, and every address its host resolves to now. */
  private async checkUrl(url: string): Promise<string> {
    try {
      const parsed = checkEndpointUrl(url.trim(), this.config.webhooks);
      await resolveDestination(parsed, this.config.webhooks);
      return parsed.toString();
    } catch (err) {
      if (err instanceof RefusedDestination)
        throw new AppError('WEBHOOK_URL_REFUSED', `The URL ${err.message}`, { field: 'url' });
      throw err;
    }
  }

  private static eventTypes(events: string[]): string[] {
    const unknown = events.filter((e) => !SUBSCRIBABLE_EVENTS.includes(e));
    if (unknown.length)
      throw new BadUserInputError(
        `Unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: see the event catalogue (README "Webhooks")`,
        'events',
      );
    return [...new Set(events)].sort();
  }

  async create(ctx: RequestContext, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    const key = this.key();
    const events = WebhookService.eventTypes(input.events);
    if (input.accountId) await this.accounts.getAccount(ctx, input.accountId);
    const url = await this.checkUrl(input.url);
    const secret = newSigningSecret();
    const now = this.clock.now();
    const endpoint = this.ds.manager.create(WebhookEndpoint, {
      url,
      events,
      accountId: input.accountId ?? null,
      description: input.description.trim(),
      secretSealed: sealSecret(key, secret),
      createdBy: ctx.principal?.userId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await inTransaction(this.ds, (tx) => tx.manager.insert(WebhookEndpoint, endpoint));
    this.log.info({ webhookEndpointId: endpoint.id, events, by: ctx.principal?.userId }, 'webhook endpoint created');
    return { endpoint, secret };
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.ds.getRepository(WebhookEndpoint).findOneBy({ id });
    if (!endpoint) throw new NotFoundError('Webhook endpoint');
    return endpoint;
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.ds.getRepository(WebhookEndpoint).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async update(ctx: RequestContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const events = input.events ? WebhookService.eventTypes(input.events) : undefined;
    const url = input.url ? await this.checkUrl(input.url) : undefined;
    return inTransaction(this.ds, async (tx) => {
      const endpoint = await this.get(input.id);
      const changes: Partial<WebhookEndpoint> = { updatedAt: this.clock.now() };
      if (url !== undefined) changes.url = url;
      if (events !== undefined) changes.events = events;
      if (input.description !== undefined && input.description !== null) changes.description = input.description.trim();
      if (input.enabled === true && endpoint.status === WebhookEndpointStatus.DISABLED)
        Object.assign(changes, { status: WebhookEndpointStatus.ACTIVE, disabledReason: null, failingSince: null });
      if (input.enabled === false && endpoint.status === WebhookEndpointStatus.ACTIVE)
        Object.assign(changes, {
          status: WebhookEndpointStatus.DISABLED,
          disabledReason: 'Disabled by account services',
        });
      if (changes.status) {
        const moved = await endpointStatusMachine.update(
          tx.manager,
          WebhookEndpoint,
          { id: endpoint.id },
          changes.status,
          changes,
        );
        if (!moved) throw new ConflictError('The endpoint changed meanwhile: read it again');
      } else await tx.manager.update(WebhookEndpoint, { id: endpoint.id }, changes);
      this.log.info({ webhookEndpointId: endpoint.id, by: ctx.principal?.userId }, 'webhook endpoint updated');
      return { ...endpoint, ...changes };
    });
  }

  /** Deletes an endpoint with its delivery history; what was pending for it is not sent. */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await inTransaction(this.ds, (tx) => tx.manager.delete(WebhookEndpoint, { id }));
    if (!result.affected) throw new NotFoundError('Webhook endpoint');
    this.log.info({ webhookEndpointId: id, by: ctx.principal?.userId }, 'webhook endpoint deleted');
    return true;
  }

  /**
   * A new signing secret. The one it replaces keeps signing beside it for
   * WEBHOOK_SECRET_OVERLAP_HOURS, so receivers can switch without losing an
   * event; a second rotation within that time drops the oldest.
   */
  async rotateSecret(ctx: RequestContext, id: string): Promise<WebhookEndpointWithSecret> {
    const key = this.key();
    const secret = newSigningSecret();
    const endpoint = await inTransaction(this.ds, async (tx) => {
      const current = await this.get(id);
      const now = this.clock.now();
      const overlapMs = this.config.webhooks.secretOverlapHours * 3600_000;
      const changes: Partial<WebhookEndpoint> = {
        secretSealed: sealSecret(key, secret),
        previousSecretSealed: overlapMs > 0 ? current.secretSealed : null,
        previousSecretExpiresAt: overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null,
        updatedAt: now,
      };
      // Fenced by the secret read: two rotations at once do not both keep the same previous secret.
      const result = await tx.manager.update(WebhookEndpoint, { id, secretSealed: current.secretSealed }, changes);
      if (!result.affected) throw new ConflictError('The secret was rotated meanwhile: rotate again if needed');
      return { ...current, ...changes };
    });
    this.log.info({ webhookEndpointId: id, by: ctx.principal?.userId }, 'webhook secret rotated');
    return { endpoint, secret };
  }

  async deliveries(args: WebhookDeliveriesArgs, page: PageArgs): Promise<Page<WebhookDelivery>> {
    await this.get(args.endpointId);
    const qb = this.ds
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.endpoint_id = :endpointId', { endpointId: args.endpointId });
    if (args.status) qb.andWhere('d.status = :status', { status: args.status });
    return paginate(qb, page, DELIVERY_ORDER, (v, i) => (i === 0 ? new Date(String(v)) : v));
  }

  /** The events behind deliveries, by id (one statement for a page of deliveries). */
  eventsByIds(ids: readonly string[]): Promise<WebhookEvent[]> {
    return this.ds.getRepository(WebhookEvent).findBy({ id: In([...ids]) });
  }

  /** Sends an event again as a new delivery to the same endpoint, with the same `webhook-id`. */
  async redeliver(ctx: RequestContext, deliveryId: string): Promise<WebhookDelivery> {
    return inTransaction(this.ds, async (tx) => {
      const previous = await tx.manager.findOneBy(WebhookDelivery, { id: deliveryId });
      if (!previous) throw new NotFoundError('Webhook delivery');
      if (previous.status === WebhookDeliveryStatus.PENDING)
        throw new ConflictError('The delivery is still under way: redeliver it once it is delivered or failed');
      const endpoint = await this.activeEndpoint(previous.endpointId);
      const now = this.clock.now();
      const delivery = tx.manager.create(WebhookDelivery, {
        eventId: previous.eventId,
        endpointId: endpoint.id,
        nextAttemptAt: now,
        createdAt: now,
      });
      await tx.manager.insert(WebhookDelivery, delivery);
      tx.afterCommit(() => this.onDeliveriesWritten());
      this.log.info(
        { webhookDeliveryId: delivery.id, of: deliveryId, by: ctx.principal?.userId },
        'webhook redelivery',
      );
      return delivery;
    });
  }

  /** A `webhook.test` event to one endpoint, to check the receiver and its secret. */
  async sendTest(ctx: RequestContext, endpointId: string): Promise<WebhookDelivery> {
    const endpoint = await this.activeEndpoint(endpointId);
    const [delivery] = await inTransaction(this.ds, (tx) =>
      this.write(
        tx,
        TEST_EVENT,
        endpoint.accountId,
        { object: 'webhook_endpoint', id: endpoint.id, sentBy: ctx.principal?.userId ?? null },
        [endpoint],
      ),
    );
    return delivery;
  }

  private async activeEndpoint(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(id);
    if (endpoint.status !== WebhookEndpointStatus.ACTIVE)
      throw new ConflictError('The endpoint is disabled: enable it first (updateWebhookEndpoint with enabled: true)');
    return endpoint;
  }
}
