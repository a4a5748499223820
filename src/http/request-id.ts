import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request id a client or proxy may pass in `x-request-id`. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** pino-http's id for a request: the caller's `x-request-id` when well formed, else a new UUID; echoed back. */
export function generateRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The id generateRequestId gave this request. */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  return typeof req.id === 'string' ? req.id : '';
}
