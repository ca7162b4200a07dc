import type { IncomingMessage } from 'node:http';
import type { VerifyResult } from '@pgfleet/auth';
import {
  API_CORS_POLICY,
  HttpError,
  hasNoBody,
  readBody,
  resolveClientIp,
  setRoute,
  statusFromEnvelopeCode,
  type FastHandler,
  type TrustedProxies,
} from '@pgfleet/http';
import type { Logger } from 'pino';
import { decideCredentials, type CookiePair, type Credentials } from './auth.decision.js';
import { refreshedCookies, SIGN_OUT_COOKIES } from './cookies.js';
import type { DaemonCall, DaemonRepository, FetchRequest, JsonRows } from './daemon.repository.js';
import type { NonceCache } from './nonce.cache.js';
import { buildPayload, queryPayload } from './payload.js';
import { applyCors, errorReply, sendReply, splitTarget } from './reply.js';
import { parseShaping, replyFor, SHAPING_PARAMS, singleError, type Reply } from './shaping.js';

export interface ApiHandlerDeps {
  daemon: DaemonRepository;
  /** Local JWT check (auth.md §7); a remembered token may be answered synchronously. */
  verify: (token: string) => VerifyResult | Promise<VerifyResult>;
  corsOrigins: readonly string[];
  trustedProxies: TrustedProxies;
  /** Largest request body in bytes (413 beyond). */
  bodyLimit: number;
  logger: Logger;
  /** Signed-request nonces already used; one per process. */
  nonces: NonceCache;
}

const API_PREFIX = '/api/v1/';
const API_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_WINDOW_MS = 5_000;
// The DB caps the window at a minute; a longer one only risks an overflowing interval.
const MAX_WINDOW_MS = 60_000;
/** Long enough to outlive any accepted nonce: the longest window plus the 15 s lead the DB allows. */
export const NONCE_TTL_MS = MAX_WINDOW_MS + 15_000;
// Same identifier as the DB's NonceExpired, so clients handle one code.
const NONCE_REPLAYED = JSON.stringify({ error: { code: 400, error: 'ERR-400-004', message: 'Nonce already used.' } });

/** A cookie-mode request: what its refresh needs. */
interface CookieContext {
  pair: CookiePair;
  service: boolean;
  token: string;
  refresh: string | undefined;
}

/**
 * `/api/v1/*` on the fast path (app.md §2–9): one daemon call per request,
 * two only when a cookie token has to be refreshed first.
 */
export function apiHandler(deps: ApiHandlerDeps): FastHandler {
  return (req, res) => {
    const { path, query } = splitTarget(req);
    const method = req.method ?? '';
    if (!path.startsWith(API_PREFIX) || !API_METHODS.has(method)) {
      return false;
    }
    setRoute(res, '/api/v1/*');
    applyCors(req, res, deps.corsOrigins, API_CORS_POLICY);
    const signOut = path.includes('/sign/out');
    handle(deps, req, path, query).then(
      ({ reply, cookies }) => sendReply(res, reply, signOut ? [...cookies, ...SIGN_OUT_COOKIES] : cookies),
      (err: unknown) => sendReply(res, failure(deps.logger, req, err), signOut ? SIGN_OUT_COOKIES : []),
    );
    return true;
  };
}

function failure(logger: Logger, req: IncomingMessage, err: unknown): Reply {
  if (err instanceof HttpError) {
    logger.info({ url: req.url, status: err.status, reason: err.message }, 'request rejected');
    return errorReply(err.status, err.message);
  }
  if (req.destroyed) {
    // The client went away mid-request: nobody will read an answer, and nothing is ours to fix.
    logger.info({ url: req.url }, 'request aborted');
    return errorReply(400, 'Request aborted');
  }
  // A PostgreSQL or driver failure (the daemon functions themselves never raise): app.md §8 rule 1.
  logger.error({ err, url: req.url }, 'daemon call failed');
  return errorReply(500, err instanceof Error ? err.message : 'Internal Server Error');
}

interface Outcome {
  reply: Reply;
  cookies: string[];
}

async function handle(deps: ApiHandlerDeps, req: IncomingMessage, path: string, query: string): Promise<Outcome> {
  const params = new URLSearchParams(query);
  const shaping = parseShaping(params, path);
  if ('error' in shaping) {
    return { reply: errorReply(400, shaping.error), cookies: [] };
  }
  const credentials = decideCredentials(req.headers);
  const pending = toDaemonCall(deps, credentials, params);
  const decided = pending instanceof Promise ? await pending : pending;
  if ('reply' in decided) {
    return { reply: decided.reply, cookies: [] };
  }
  for (const name of SHAPING_PARAMS) params.delete(name);
  if (credentials.mode === 'signed') params.delete('receive_window');

  // Most calls carry no body: their payload is built without waiting on the request stream.
  const payload = hasNoBody(req)
    ? queryPayload(params)
    : await buildPayload({ contentType: req.headers['content-type'], body: await readBody(req, { limit: deps.bodyLimit }), query: params });
  const request: FetchRequest = {
    method: req.method ?? 'GET',
    path,
    payload,
    agent: headerText(req, 'user-agent'),
    host: resolveClientIp(req, deps.trustedProxies),
  };

  const { call, cookie } = decided;
  if (cookie !== undefined && decided.expired) {
    return refreshAndRetry(deps, cookie, request, shaping);
  }
  const rows = await deps.daemon.fetch(call, request);
  // A cookie token can be dead in the DB while its exp is still ahead (another tab refreshed,
  // sign-out elsewhere): app.md §6 asks to treat that like a local expiry, once.
  if (cookie?.refresh !== undefined && tokenGone(rows)) {
    return refreshAndRetry(deps, cookie, request, shaping);
  }
  return { reply: replyFor(rows, shaping), cookies: [] };
}

type Decided = { reply: Reply } | { call: DaemonCall; cookie?: CookieContext; expired?: boolean };

/** `then` that stays synchronous for a plain value (a remembered token), so the hot path awaits nothing extra. */
function settle<T, U>(value: T | Promise<T>, next: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function toDaemonCall(deps: ApiHandlerDeps, credentials: Credentials, params: URLSearchParams): Decided | Promise<Decided> {
  switch (credentials.mode) {
    case 'bearer': {
      const { token } = credentials;
      return settle(deps.verify(token), (verified): Decided => {
        if (verified.status === 'expired') return { reply: errorReply(403, 'Token expired.') };
        if (verified.status === 'invalid') return { reply: errorReply(401, verified.reason) };
        return { call: { mode: 'bearer', token } };
      });
    }
    case 'cookie': {
      const cookie: CookieContext = {
        pair: credentials.pair,
        service: credentials.service,
        token: credentials.token,
        refresh: credentials.refresh,
      };
      return settle(deps.verify(credentials.token), (verified): Decided => {
        if (verified.status === 'invalid') return { reply: errorReply(401, verified.reason) };
        if (verified.status === 'expired') {
          if (cookie.refresh === undefined) return { reply: errorReply(401, 'Token expired.') };
          return { call: { mode: 'bearer', token: cookie.token }, cookie, expired: true };
        }
        return { call: { mode: 'bearer', token: cookie.token }, cookie };
      });
    }
    case 'signed': {
      if (!/^\d{1,16}$/.test(credentials.nonce)) {
        return { reply: errorReply(400, 'Invalid Nonce: decimal microseconds since the epoch expected.') };
      }
      const window = params.get('receive_window');
      if (window !== null && !/^\d{1,9}$/.test(window)) {
        return { reply: errorReply(400, `Invalid receive_window: ${window}`) };
      }
      const windowMs = window === null ? DEFAULT_WINDOW_MS : Math.min(Number(window), MAX_WINDOW_MS);
      if (!deps.nonces.claim(credentials.session, credentials.nonce)) {
        return { reply: { kind: 'json', status: 400, body: NONCE_REPLAYED } };
      }
      return {
        call: {
          mode: 'signed',
          session: credentials.session,
          nonce: credentials.nonce,
          signature: credentials.signature,
          windowMs,
        },
      };
    }
    case 'basic':
      return { call: { mode: 'basic', username: credentials.username, password: credentials.password } };
    case 'session':
      return { call: { mode: 'session', session: credentials.session, secret: credentials.secret } };
    case 'anonymous':
      return { call: { mode: 'anonymous' } };
  }
}

/**
 * "Token expired" from the DB: `TokenExpired` is 403 (ERR-403-001) before
 * platform 1.2.13, a bare 401 in 1.2.13 and ERR-401-008 after (00-overview §3).
 * The daemon's own error rows carry no identifier, so a bare 401/403 counts.
 */
function tokenGone(rows: JsonRows): boolean {
  const error = singleError(rows);
  if (error === null || (error.code !== 401 && error.code !== 403)) return false;
  return error.error === undefined || error.error === 'ERR-403-001' || error.error === 'ERR-401-008';
}

async function refreshAndRetry(deps: ApiHandlerDeps, cookie: CookieContext, request: FetchRequest, shaping: Parameters<typeof replyFor>[1]): Promise<Outcome> {
  if (cookie.refresh === undefined) {
    return { reply: errorReply(401, 'Token expired.'), cookies: [] };
  }
  const answer = await deps.daemon.refreshToken(cookie.token, cookie.refresh);
  if (answer === null) {
    return { reply: errorReply(401, 'Token refresh failed.'), cookies: [] };
  }
  let tokens: { access_token?: unknown; refresh_token?: unknown; session?: unknown; error?: { code?: unknown } };
  try {
    tokens = JSON.parse(answer) as typeof tokens;
  } catch {
    return { reply: errorReply(401, 'Token refresh failed.'), cookies: [] };
  }
  if (typeof tokens.error === 'object' && tokens.error !== null) {
    const code = typeof tokens.error.code === 'number' ? tokens.error.code : 400;
    return { reply: { kind: 'json', status: statusFromEnvelopeCode(code), body: answer }, cookies: [] };
  }
  if (typeof tokens.access_token !== 'string' || tokens.access_token === '') {
    return { reply: errorReply(401, 'Token refresh failed.'), cookies: [] };
  }
  const rows = await deps.daemon.fetch({ mode: 'bearer', token: tokens.access_token }, request);
  return { reply: replyFor(rows, shaping), cookies: refreshedCookies(tokens, cookie.pair, cookie.service) };
}

function headerText(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

