import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsDecision, errorBody, type CorsPolicy } from '@pgfleet/http';
import type { Reply } from './shaping.js';

/** The request target split once: the path selects, the query shapes or feeds the payload. */
export function splitTarget(req: IncomingMessage): { path: string; query: string } {
  const url = req.url ?? '';
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, query: '' } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

export function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[], policy: CorsPolicy): void {
  const cors = corsDecision(req.headers.origin, origins, policy);
  if (cors !== null) {
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  }
}

export function sendReply(res: ServerResponse, reply: Reply, cookies: readonly string[] = []): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (cookies.length > 0) res.setHeader('Set-Cookie', [...cookies]);
  if (reply.kind === 'raw') {
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': reply.body.length });
    res.end(reply.body);
    return;
  }
  // No charset, as upstream (app.md §8).
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

export function errorReply(status: number, message: string): Reply {
  return { kind: 'json', status, body: errorBody(status, message) };
}
