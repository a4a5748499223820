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
  const timedOut = `timed out: no answer within ${config.timeoutMs} ms (WEBHOOK_TIMEOUT_MS)`;
  const deadline = Date.now() + config.timeoutMs;
  let url: URL;
  let addresses: Array<{ address: string; family: 4 | 6 }>;
  try {
    url = checkEndpointUrl(rawUrl, config);
    // The name is looked up within the attempt's deadline too.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RefusedDestination(timedOut, true)), config.timeoutMs);
    });
    try {
      addresses = await Promise.race([resolveDestination(url, config), late]);
    } finally {
      clearTimeout(timer);
    }
  } catch (err) {
    if (!(err instanceof RefusedDestination)) throw err;
    return { result: err.retryable ? 'retry' : 'final', status: null, error: err.message };
  }
  // Every name the request looks up is answered with the checked addresses.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as never as (e: null, a: object[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const body = Buffer.from(payload, 'utf8');
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
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
    /** The one outcome of the attempt; whatever happens later on the connection is ignored, and it is closed. */
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      request.destroy();
    };
    const broken = (what: string) => finish({ result: 'retry', status: null, error: oneLine(what).slice(0, 500) });
    const timer = setTimeout(() => broken(timedOut), Math.max(deadline - Date.now(), 1));
    request.on('error', (err) => broken(err.message || String(err)));
    request.on('close', () => broken('the connection closed before a full answer'));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // A 2xx is the receiver's word: delivered, whatever its body does.
      if (status >= 200 && status < 300) return finish({ result: 'delivered', status });
      let text = '';
      const done = () => {
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
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        // The first bytes say enough; the rest is not waited for.
        if (text.length >= BODY_SNIPPET) done();
      });
      response.on('end', done);
      response.on('error', done);
      response.on('aborted', done);
    });
    request.end(body);
  });
}
