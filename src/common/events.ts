import type { Tx } from './transactions';

/**
 * What happened, as the vendor's systems hear it (README "Webhooks"): the
 * shared vocabulary of the modules that publish and the webhooks module that
 * delivers. A name is `<object>.<past tense>`; a new one is added here and in
 * the webhooks module's catalogue, never renamed.
 */
export const EVENT_TYPES = [
  'quote.sent',
  'quote.accepted',
  'quote.rejected',
  'quote.withdrawn',
  'invoice.issued',
  'invoice.paid',
  'invoice.voided',
  'payment.succeeded',
  'payment.failed',
  'subscription.updated',
  'account.bill_to_updated',
  'billing_contact.changed',
  'request.created',
  'request.resolved',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A money amount in an event: the API's `Money` without its formatting. */
export interface EventMoney {
  amountMinor: number;
  currency: string;
}

/**
 * One change, published inside the transaction that makes it. `data` is thin:
 * ids, the object's essential fields and its `version` (which grows with every
 * change of the object, so a receiver can drop a stale event); never a secret,
 * a card detail or a free-text field a customer typed.
 */
export interface DomainEvent {
  type: EventType;
  /** The account the object belongs to (endpoints may listen to one account). */
  accountId: string;
  data: { id: string; version: number } & Record<string, unknown>;
}

export type EventListener = (tx: Tx, event: DomainEvent) => Promise<void>;

/**
 * Where modules publish their events. A listener runs in the publisher's
 * transaction (the webhooks module writes its outbox there), so an event
 * exists exactly when its change committed.
 */
export class EventBus {
  private readonly listeners: EventListener[] = [];

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  async publish(tx: Tx, event: DomainEvent): Promise<void> {
    for (const listener of this.listeners) await listener(tx, event);
  }
}
