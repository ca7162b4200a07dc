import type { Request, RequestHandler, Response } from 'express';
import { tokenCookies, type TokenSet } from '@pgfleet/auth';
import { agentOf, clientIp, type AuthContext } from './context.js';
import { tokenClient, type ClientCredentials } from './client-auth.js';
import * as daemon from './daemon.repository.js';
import { OAuthError, sendDaemonError, sendOAuthError } from './oauth-error.js';
import { param, readPayload, type Payload } from './payload.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Locals the token route's middleware chain hands along. */
export interface TokenLocals {
  payload: Payload;
  client?: ClientCredentials;
}

export function locals(res: Response): TokenLocals {
  return res.locals as TokenLocals;
}

/** Parses the body and authenticates the client, so the rate limiters can key on the client. */
export function tokenPreamble(ctx: AuthContext): RequestHandler {
  return async (req, res, next) => {
    let payload: Payload;
    try {
      payload = await readPayload(req, ctx.bodyLimit);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 400;
      sendOAuthError(res, status, 'invalid_request', (err as Error).message);
      return;
    }
    locals(res).payload = payload;
    if (param(payload, 'grant_type') !== JWT_BEARER) {
      try {
        locals(res).client = tokenClient(ctx, req, payload);
      } catch (err) {
        if (err instanceof OAuthError) {
          sendOAuthError(res, err.status, err.error, err.description);
          return;
        }
        throw err;
      }
    }
    next();
  };
}

/** `POST /oauth2/token` (auth.md §3): every grant is decided by `daemon.token`. */
export function tokenHandler(ctx: AuthContext): RequestHandler {
  return async (req: Request, res: Response) => {
    const { payload, client } = locals(res);
    let answer: daemon.DaemonAnswer;
    try {
      // jwt-bearer authenticates by its assertion alone: empty client credentials by contract.
      answer = await daemon.token(ctx.daemon, client?.clientId ?? '', client?.secret ?? '', payload, agentOf(req), clientIp(ctx, req));
    } catch (err) {
      ctx.logger.warn({ err }, 'daemon.token failed');
      sendOAuthError(res, 500, 'server_error', (err as Error).message);
      return;
    }
    if (daemon.isDaemonError(answer)) {
      sendDaemonError(res, answer.error);
      return;
    }
    const cookies = tokenCookies(answer as TokenSet, param(payload, 'grant_type') === 'client_credentials');
    if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.status(200).type('application/json').send(JSON.stringify(answer));
  };
}
