import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CORS_POLICY, corsDecision, setRoute, type FastHandler } from '@pgfleet/http';

export interface BuiltinOptions {
  corsOrigins: readonly string[];
  now: () => number;
}

/** AppServer's endpoint pattern `/api/v1/*`: a plain prefix match (app.md §1). */
const API_PREFIX = '/api/v1/';
const API_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOW = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const PING_BODY = JSON.stringify({ error: { code: 200, message: 'OK' } });
const NOT_ALLOWED_BODY = '405 Method Not Allowed';

/**
 * The parts of `/api/v1/*` that never need the database, on the fast path:
 * `OPTIONS` (204), unsupported methods (405) and `GET /api/v1/ping` and
 * `/time` (app.md §2–3). Everything else is passed on. Only GET ping/time are
 * built in: other methods on those paths belong to the database's `rest.api`,
 * whose time is in seconds.
 */
export function builtinEndpoints({ corsOrigins, now }: BuiltinOptions): FastHandler {
  return (req, res) => {
    const path = pathOf(req);
    if (!path.startsWith(API_PREFIX)) {
      return false;
    }
    const method = req.method ?? '';
    if (method === 'OPTIONS') {
      setRoute(res, '/api/v1/*');
      withCors(req, res, corsOrigins);
      res.writeHead(204, { Allow: ALLOW });
      res.end();
      return true;
    }
    if (!API_METHODS.has(method)) {
      setRoute(res, '/api/v1/*');
      withCors(req, res, corsOrigins);
      res.writeHead(405, {
        Allow: ALLOW,
        'Content-Type': 'text/plain',
        'Content-Length': Buffer.byteLength(NOT_ALLOWED_BODY),
      });
      res.end(NOT_ALLOWED_BODY);
      return true;
    }
    if (method !== 'GET') {
      return false;
    }
    switch (path) {
      case '/api/v1/ping':
        sendJson(req, res, '/api/v1/ping', PING_BODY, corsOrigins);
        return true;
      case '/api/v1/time':
        sendJson(req, res, '/api/v1/time', JSON.stringify({ serverTime: now() }), corsOrigins);
        return true;
      default:
        return false;
    }
  };
}

function sendJson(req: IncomingMessage, res: ServerResponse, route: string, body: string, corsOrigins: readonly string[]): void {
  setRoute(res, route);
  withCors(req, res, corsOrigins);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function withCors(req: IncomingMessage, res: ServerResponse, corsOrigins: readonly string[]): void {
  const cors = corsDecision(req.headers.origin, corsOrigins, API_CORS_POLICY);
  if (cors !== null) {
    for (const [name, value] of Object.entries(cors)) {
      res.setHeader(name, value);
    }
  }
}

// The query string never selects an endpoint, so it is cut before matching.
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
