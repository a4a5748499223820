import { EVENT_TYPES, type EventType } from '../../common/events';

/** The version of every payload's shape: a change that could break a receiver makes a new version. */
export const PAYLOAD_VERSION = 1;

/** The event `sendTestWebhook` sends: not a change of anything, only to the endpoint asked. */
export const TEST_EVENT = 'webhook.test';

/** Every event an endpoint can subscribe to, and when it is sent (README "Webhooks", the event catalogue). */
export const EVENT_CATALOGUE: Readonly<Record<EventType, string>> = {
  'quote.sent': 'a sales rep sent a quote to the account (also a revised quote)',
  'quote.accepted': 'the billing contact accepted a quote',
  'quote.rejected': 'the billing contact rejected a quote',
  'quote.withdrawn': 'a sales rep withdrew a sent quote',
  'invoice.issued': 'an invoice was issued (by staff, by an accepted quote or by a renewal)',
  'invoice.paid': 'an invoice is paid in full, by card or offline',
  'invoice.voided': 'an invoice was voided',
  'payment.succeeded': 'a payment succeeded (card, or recorded offline by account services)',
  'payment.failed': 'a card payment failed (at once, or when a pending one settles as failed)',
  'subscription.updated':
    'a subscription changed: seats, billing frequency, cancellation, reactivation, renewal or expiry',
  'account.bill_to_updated':
    "the account's Bill To details changed (the names of the changed fields, not their values)",
  'billing_contact.changed': 'the account has a new billing contact',
  'request.created': 'the billing contact filed a request with Corporate Account Services',
  'request.resolved': 'Corporate Account Services resolved a request',
};

export const SUBSCRIBABLE_EVENTS: readonly string[] = EVENT_TYPES;

/**
 * The body of every delivery (Standard Webhooks' `type`, `timestamp`, `data`,
 * and our `payloadVersion`), serialised once: what is signed is what is stored
 * and sent, byte for byte, on every attempt.
 */
export function eventBody(type: string, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), payloadVersion: PAYLOAD_VERSION, data });
}
