import type { RequestHandler } from 'express';
import { parseCookies, verifyJwt } from '@pgfleet/auth';
import { headerOf, type AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { sendOAuthError, statusOfCode } from './oauth-error.js';
import { param, readPayload } from './payload.js';

type Caller = { token: string } | { status: number; error: string; description: string };

async function caller(ctx: AuthContext, req: Parameters<RequestHandler>[0]): Promise<Caller> {
  const authorization = headerOf(req, 'authorization');
  if (authorization !== undefined) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1] === undefined) return { status: 401, error: 'unauthorized', description: 'Bearer token required.' };
    const result = await verifyJwt(match[1], ctx.registry);
    if (result.status === 'expired') return { status: 403, error: 'forbidden', description: 'Token expired.' };
    if (result.status === 'invalid') return { status: 400, error: 'invalid_request', description: result.reason };
    return { token: match[1] };
  }
  if (headerOf(req, 'session') !== undefined && headerOf(req, 'secret') !== undefined) {
    // Upstream forwards the session code where daemon.identifier expects a JWT, which always fails; say so plainly.
    return { status: 401, error: 'unauthorized', description: 'Session authentication is not accepted here; use a Bearer token.' };
  }
  const cookies = parseCookies(headerOf(req, 'cookie'));
  const token = headerOf(req, 'x-auth-context') === 'service' ? cookies['__Secure-SAT'] : cookies['__Secure-AT'];
  if (token === undefined || token === '') return { status: 401, error: 'unauthorized', description: 'Authorization required.' };
  const result = await verifyJwt(token, ctx.registry);
  if (result.status === 'expired') return { status: 403, error: 'forbidden', description: 'Token expired.' };
  if (result.status === 'invalid') return { status: 401, error: 'unauthorized', description: result.reason };
  return { token };
}

/** `GET|POST /oauth2/identifier` (auth.md §6): which identifiers a value matches, for the sign-in page. */
export function identifierHandler(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    let value: string;
    try {
      value = param(await readPayload(req, ctx.bodyLimit), 'value');
    } catch (err) {
      sendOAuthError(res, (err as { status?: number }).status ?? 400, 'invalid_request', (err as Error).message);
      return;
    }
    if (value === '') {
      sendOAuthError(res, 400, 'invalid_request', 'Invalid request.');
      return;
    }
    const who = await caller(ctx, req);
    if (!('token' in who)) {
      sendOAuthError(res, who.status, who.error, who.description);
      return;
    }
    let answer: daemon.DaemonAnswer;
    try {
      answer = await daemon.identifier(ctx.daemon, who.token, value);
    } catch (err) {
      ctx.logger.warn({ err }, 'daemon.identifier failed');
      res.status(500).json({ error: { code: 500, message: (err as Error).message } });
      return;
    }
    if (daemon.isDaemonError(answer)) {
      const status = statusOfCode(answer.error.code);
      const error = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 500 ? 'server_error' : 'invalid_request';
      sendOAuthError(res, status, error, typeof answer.error.message === 'string' ? answer.error.message : 'Invalid request.');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(answer);
  };
}
