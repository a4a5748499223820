import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhooksConfig } from '../../config';
import { checkEndpointUrl, RefusedDestination, resolveDestination } from './outbound';

/** What one attempt came to. `retry` may carry the wait the endpoint asked for (Retry-After). */
export type AttemptOutcome =
  | { result: 'delivered'; status: number }
  | { result: 'retry' | 'final'; status: number | null; error: string; retryAfterMs?: number };

/** The answer's first bytes kept in `lastError`, to say what the endpoint said. */
const BODY_SNIPPET = 200;

/** A Retry-After header (seconds or an HTTP date) as milliseconds from `now`, capped at a day. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 24 * 3600_000);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * POSTs one signed event to an endpoint and classifies the answer: 2xx is
 * delivered; 408, 429, 5xx, a timeout or a network failure is retried; any
 * other answer (a redirect, which is never followed, or a 4xx) is final. The
 * connection goes to the address that was checked (outbound.ts), within
 * WEBHOOK_TIMEOUT_MS from the first byte to the last.
 */
export async function sendAttempt(
  rawUrl: string,
  headers: Record<string, string>,
  payload: string,
  config: WebhooksConfig,
): Promise<AttemptOutcome> {
  let url: URL;
  let destination: { address: string; family: 4 | 6 };
  try {
    url = checkEndpointUrl(rawUrl, config);
    destination = await resolveDestination(url, config);
  } catch (err) {
    if (!(err instanceof RefusedDestination)) throw err;
    return { result: err.retryable ? 'retry' : 'final', status: null, error: err.message };
  }
  // Every name the request looks up is answered with the checked address.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as never as (e: null, a: object[]) => void)(null, [destination]);
    else callback(null, destination.address, destination.family);
  };
  const body = Buffer.from(payload, 'utf8');
  return new Promise<AttemptOutcome>((resolve) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      lookup: pinned,
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'corp-billing-webhooks/1',
        ...headers,
      },
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`timed out: no full answer within ${config.timeoutMs} ms (WEBHOOK_TIMEOUT_MS)`)),
      config.timeoutMs,
    );
    const finish = (outcome: AttemptOutcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    request.on('error', (err) =>
      finish({ result: 'retry', status: null, error: oneLine(err.message || String(err)).slice(0, 500) }),
    );
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < BODY_SNIPPET) text += chunk;
      });
      response.on('error', () => undefined);
      response.on('end', () => {
        if (status >= 200 && status < 300) return finish({ result: 'delivered', status });
        const said = oneLine(text).slice(0, BODY_SNIPPET);
        const error = (
          status >= 300 && status < 400
            ? `HTTP ${status}: redirect to ${response.headers.location ?? '(no location)'} not followed`
            : `HTTP ${status}${said ? `: ${said}` : ''}`
        ).slice(0, 500);
        const retryable = status === 408 || status === 429 || status >= 500;
        finish({
          result: retryable ? 'retry' : 'final',
          status,
          error,
          ...(retryable ? { retryAfterMs: retryAfterMs(response.headers['retry-after'], Date.now()) } : {}),
        });
      });
    });
    request.end(body);
  });
}
