import type { IncomingMessage } from 'node:http';
import { HttpError, readBody, setRoute, type FastHandler } from '@pgfleet/http';
import type { Logger } from 'pino';
import type { DaemonRepository } from './daemon.repository.js';
import { checkJson, isJsonType, paramsObject } from './payload.js';
import { errorReply, sendReply, splitTarget } from './reply.js';
import { statusOfCode, type Reply } from './shaping.js';

export interface PghttpDeps {
  daemon: DaemonRepository;
  bodyLimit: number;
  logger: Logger;
}

const ALLOW = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const);
type PghttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const NOT_ALLOWED = '405 Method Not Allowed';
// PostgreSQL's "function does not exist": the configuration has no handler for this method.
const UNDEFINED_FUNCTION = '42883';

/**
 * Paths PGHTTP owns (app.md §1, 00-overview §1): `/api/*` left over by the
 * REST API, and the webhook prefixes `/callback/*` and `/import/*`.
 */
export function isPghttpPath(path: string): boolean {
  return (path.startsWith('/api/') && !path.startsWith('/api/v1/')) || path.startsWith('/callback/') || path.startsWith('/import/');
}

/** Every request header, names lower-cased (as Node reports them); on duplicates the last value wins. */
function headersObject(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers[(raw[i] as string).toLowerCase()] = raw[i + 1] as string;
  return headers;
}

async function bodyArgument(req: IncomingMessage, limit: number): Promise<string | null> {
  const body = await readBody(req, { limit });
  if (body.length === 0) return null;
  const text = body.toString('utf8');
  if (isJsonType(req.headers['content-type'])) return checkJson(text);
  return JSON.stringify(paramsObject(new URLSearchParams(text)));
}

/** The generic HTTP → SQL dispatcher (app.md §10): no authentication here, the handlers see every header. */
export function pghttpHandler(deps: PghttpDeps): FastHandler {
  return (req, res) => {
    const { path, query } = splitTarget(req);
    if (!isPghttpPath(path)) return false;
    setRoute(res, 'pghttp');
    const method = req.method ?? '';
    if (method === 'OPTIONS') {
      res.writeHead(204, { Allow: ALLOW });
      res.end();
      return true;
    }
    if (!METHODS.has(method as PghttpMethod)) {
      res.writeHead(405, { Allow: ALLOW, 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(NOT_ALLOWED) });
      res.end(NOT_ALLOWED);
      return true;
    }
    dispatch(deps, req, method as PghttpMethod, path, query).then(
      (reply) => {
        if (reply === null) {
          res.writeHead(204);
          res.end();
        } else {
          sendReply(res, reply);
        }
      },
      (err: unknown) => sendReply(res, failure(deps.logger, err)),
    );
    return true;
  };
}

async function dispatch(deps: PghttpDeps, req: IncomingMessage, method: PghttpMethod, path: string, query: string): Promise<Reply | null> {
  const body = method === 'GET' ? null : await bodyArgument(req, deps.bodyLimit);
  const headers = JSON.stringify(headersObject(req));
  const params = JSON.stringify(paramsObject(new URLSearchParams(query)));
  let rows;
  try {
    rows = await deps.daemon.pghttp(method, path, headers, params, body);
  } catch (err) {
    if ((err as { code?: unknown }).code === UNDEFINED_FUNCTION) {
      throw new HttpError(405, `No handler for ${method} requests.`);
    }
    throw err;
  }
  // Only the first row counts (app.md §10).
  const first = rows[0];
  if (first === undefined) return null;
  if (first === null) return { kind: 'json', status: 200, body: 'null' };
  if (first.includes('"error"')) {
    try {
      const row = JSON.parse(first) as { error?: { code?: unknown } };
      const code = row.error?.code;
      if (typeof code === 'number' && code !== 0) {
        return { kind: 'json', status: statusOfCode(code), body: first };
      }
    } catch {
      // Not JSON we can read: relay it as data.
    }
  }
  return { kind: 'json', status: 200, body: first };
}

function failure(logger: Logger, err: unknown): Reply {
  if (err instanceof HttpError) return errorReply(err.status, err.message);
  logger.error({ err }, 'PGHTTP handler failed');
  return errorReply(500, err instanceof Error ? err.message : 'Internal Server Error');
}
