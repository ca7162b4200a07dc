import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenCookies, type TokenSet } from '@pgfleet/auth';
import { tokenClient, type ClientCredentials } from './client-auth.js';
import { agentOf, clientIp, type AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { OAuthError, sendCallFailure, sendDaemonError, sendOAuthError } from './oauth-error.js';
import { param, readPayload, type Payload } from './payload.js';
import type { TokenLimiters } from './rate-limit.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

// As express's `type('application/json')` + `send(string)` wrote it before this route left express.
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * `POST /oauth2/token` (auth.md §3): every grant is decided by `daemon.token`.
 * It runs on the shared server's fast path, outside express: express's
 * routing, pino-http's request logger and response helpers were more than
 * half of the service's own CPU per grant (bench/auth-token/service-cpu.sh),
 * as much as a refresh grant costs the database.
 */
export function tokenEndpoint(ctx: AuthContext, limiters: TokenLimiters): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    token(ctx, limiters, req, res).catch((err: unknown) => {
      ctx.logger.error({ err, url: req.url?.split('?')[0] }, 'token request failed');
      if (res.headersSent) res.destroy();
      else sendOAuthError(res, 500, 'server_error', 'Internal server error.');
    });
  };
}

async function token(ctx: AuthContext, limiters: TokenLimiters, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Counted before the body is read, so bodies that fail client checks still count against their sender.
  if (limiters.perIp !== undefined && !(await limiters.perIp.admit(clientIp(ctx, req) ?? 'unknown', res))) return;
  let payload: Payload;
  try {
    payload = await readPayload(req, ctx.bodyLimit);
  } catch (err) {
    sendOAuthError(res, (err as { status?: number }).status ?? 400, 'invalid_request', (err as Error).message);
    return;
  }
  const grant = param(payload, 'grant_type');
  let client: ClientCredentials | undefined;
  // jwt-bearer authenticates by its assertion alone: empty client credentials by contract.
  if (grant !== JWT_BEARER) {
    try {
      client = tokenClient(ctx, req, payload);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      sendOAuthError(res, err.status, err.error, err.description);
      return;
    }
  }
  if (limiters.perClient !== undefined && !(await limiters.perClient.admit(client?.clientId ?? '(jwt-bearer)', res))) return;

  let answer: daemon.DaemonAnswer;
  try {
    answer = await daemon.token(ctx.daemon, client?.clientId ?? '', client?.secret ?? '', payload, agentOf(req), clientIp(ctx, req));
  } catch (err) {
    ctx.logger.warn({ err }, 'daemon.token failed');
    sendCallFailure(res, err, { status: 500, error: 'server_error', description: (err as Error).message });
    return;
  }
  if (daemon.isDaemonError(answer)) {
    sendDaemonError(res, answer.error);
    return;
  }
  const body = Buffer.from(JSON.stringify(answer));
  const cookies = tokenCookies(answer as TokenSet, grant === 'client_credentials');
  const headers = ['Content-Type', CONTENT_TYPE, 'Content-Length', String(body.length), 'Cache-Control', 'no-store', 'Pragma', 'no-cache'];
  // One entry with all cookies: writeHead merges a repeated name into what setHeader stored, keeping the last.
  res.writeHead(200, cookies.length > 0 ? [...headers, 'Set-Cookie', cookies] : headers);
  res.end(body);
}
