import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaymentsConfig } from '../../config';
import { BadUserInputError } from '../../common/errors';
import { PaymentMethodType } from './payment-method.entity';

/** What a gateway keeps for a method: a reference to charge and what may be shown (never a full number). */
export interface GatewayMethod {
  reference: string;
  brand: string | null;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  bankName: string | null;
}

export type FailureCode = 'DECLINED' | 'INSUFFICIENT_FUNDS' | 'GATEWAY_ERROR';

export type ChargeResult =
  | { status: 'SUCCEEDED'; transactionId: string }
  | { status: 'FAILED'; code: FailureCode; message: string; transactionId: string | null };

export interface ChargeRequest {
  reference: string;
  amountMinor: number;
  currency: string;
  /** The payment id: a gateway that sees it twice charges once. */
  idempotencyKey: string;
  description: string;
}

/**
 * A card and bank-debit processor. `attach` exchanges a single-use token from
 * the gateway's own payment form (card data never reach this service) for a
 * reusable reference; `charge` takes money from it and answers the outcome.
 * `charge` resolves with FAILED for declines; it throws only when it cannot
 * say what happened: the payment then stays PENDING until asked again.
 */
export interface PaymentGateway {
  readonly name: string;
  attach(type: PaymentMethodType.CARD | PaymentMethodType.DIRECT_DEBIT, token: string): Promise<GatewayMethod>;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

type Outcome = 'success' | 'declined' | 'insufficient_funds' | 'gateway_error';

/** The sandbox's test tokens: `tok_` for cards, `btok_` for bank accounts. */
const SANDBOX_CARDS: Record<string, { brand: string; last4: string; outcome: Outcome }> = {
  tok_sandbox_visa: { brand: 'VISA', last4: '4242', outcome: 'success' },
  tok_sandbox_mastercard: { brand: 'MASTERCARD', last4: '4444', outcome: 'success' },
  tok_sandbox_amex: { brand: 'AMEX', last4: '8431', outcome: 'success' },
  tok_sandbox_declined: { brand: 'VISA', last4: '0002', outcome: 'declined' },
  tok_sandbox_insufficient_funds: { brand: 'VISA', last4: '9995', outcome: 'insufficient_funds' },
  tok_sandbox_gateway_error: { brand: 'VISA', last4: '0119', outcome: 'gateway_error' },
};
const SANDBOX_BANKS: Record<string, { last4: string; outcome: Outcome }> = {
  btok_sandbox_success: { last4: '6789', outcome: 'success' },
  btok_sandbox_declined: { last4: '0002', outcome: 'declined' },
  btok_sandbox_insufficient_funds: { last4: '9995', outcome: 'insufficient_funds' },
  btok_sandbox_gateway_error: { last4: '0119', outcome: 'gateway_error' },
};
export const SANDBOX_TOKENS = { cards: Object.keys(SANDBOX_CARDS), bankAccounts: Object.keys(SANDBOX_BANKS) };

/**
 * The built-in SANDBOX gateway: no money moves. It is deterministic by token
 * (see SANDBOX_TOKENS and the README) so the demo and the tests reach every
 * outcome: success, declined, insufficient funds and gateway error. Cards
 * expire at the end of next year.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  /** Results by idempotency key, so a repeated charge is answered, not repeated. */
  private readonly charges = new Map<string, ChargeResult>();

  constructor(private readonly latencyMs = 0) {}

  async attach(type: PaymentMethodType.CARD | PaymentMethodType.DIRECT_DEBIT, token: string): Promise<GatewayMethod> {
    await this.delay();
    if (type === PaymentMethodType.CARD) {
      const card = SANDBOX_CARDS[token];
      if (!card) throw invalidToken();
      const expYear = new Date().getUTCFullYear() + 1;
      return {
        reference: `sandbox_card_${card.outcome}_${randomUUID()}`,
        brand: card.brand,
        last4: card.last4,
        expMonth: 12,
        expYear,
        bankName: null,
      };
    }
    const bank = SANDBOX_BANKS[token];
    if (!bank) throw invalidToken();
    return {
      reference: `sandbox_bank_${bank.outcome}_${randomUUID()}`,
      brand: null,
      last4: bank.last4,
      expMonth: null,
      expYear: null,
      bankName: 'Sandbox Bank',
    };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    await this.delay();
    const earlier = this.charges.get(request.idempotencyKey);
    if (earlier) return earlier;
    const outcome = /^sandbox_(?:card|bank)_(success|declined|insufficient_funds|gateway_error)_/.exec(
      request.reference,
    )?.[1] as Outcome | undefined;
    if (!outcome) return { status: 'FAILED', code: 'DECLINED', message: 'Unknown payment method', transactionId: null };
    if (outcome === 'gateway_error') throw new Error('sandbox gateway error: the processor did not answer');
    const transactionId = `sandbox_tx_${randomUUID()}`;
    const result: ChargeResult =
      outcome === 'success'
        ? { status: 'SUCCEEDED', transactionId }
        : outcome === 'declined'
          ? {
              status: 'FAILED',
              code: 'DECLINED',
              message: 'The card issuer or bank declined the payment',
              transactionId,
            }
          : { status: 'FAILED', code: 'INSUFFICIENT_FUNDS', message: 'Insufficient funds', transactionId };
    this.charges.set(request.idempotencyKey, result);
    return result;
  }

  private delay(): Promise<void> {
    return this.latencyMs > 0 ? sleep(this.latencyMs) : Promise.resolve();
  }
}

function invalidToken(): BadUserInputError {
  return new BadUserInputError(
    'The payment token is not valid or has expired; add the method again from the payment form',
    'token',
  );
}

/** The gateway PAYMENT_GATEWAY names. */
export function createGateway(config: PaymentsConfig): PaymentGateway {
  switch (config.gateway) {
    case 'sandbox':
      return new SandboxGateway(config.sandboxLatencyMs);
  }
}

/**
 * True when a value looks like a card number: 13 to 19 digits, maybe split
 * by spaces or dashes. Such input is refused before it is used or logged.
 */
export function looksLikeCardNumber(value: string | null | undefined): boolean {
  if (!value) return false;
  return /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/.test(value);
}
