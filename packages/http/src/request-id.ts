import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is echoed into logs and headers, so only a short, plain token is taken over.
const ACCEPTABLE_ID = /^[\w.:@-]{1,128}$/;

const ids = new WeakMap<IncomingMessage, string>();

/** Takes the caller's `X-Request-Id` when it is sane, else makes one, and echoes it on the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  ids.set(req, id);
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The id given by `assignRequestId`, or a fresh one for a request that never went through it. */
export function requestIdOf(req: IncomingMessage): string {
  return ids.get(req) ?? randomUUID();
}
