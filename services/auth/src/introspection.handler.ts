import type { IncomingMessage, ServerResponse } from 'node:http';
import { strictClient, type ClientCredentials } from './client-auth.js';
import type { AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { OAuthError, sendCallFailure, sendDaemonError, sendOAuthError } from './oauth-error.js';
import { param, readPayload, type Payload } from './payload.js';

type Operation = typeof daemon.introspect;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Introspection (RFC 7662) and revocation (RFC 7009): confidential clients
 * only, no secret fill. Resource servers call introspection per request, so
 * both run on the fast path like the token endpoint.
 */
function tokenOperation(ctx: AuthContext, operation: Operation, answer: (res: ServerResponse, result: daemon.DaemonAnswer) => void): Handler {
  const run = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let payload: Payload;
    let client: ClientCredentials;
    try {
      payload = await readPayload(req, ctx.bodyLimit);
      client = strictClient(req, payload);
    } catch (err) {
      if (err instanceof OAuthError) {
        sendOAuthError(res, err.status, err.error, err.description);
        return;
      }
      sendOAuthError(res, (err as { status?: number }).status ?? 400, 'invalid_request', (err as Error).message);
      return;
    }
    if (client.clientId === '') {
      sendOAuthError(res, 401, 'invalid_client', 'Client authentication is required.');
      return;
    }
    const hint = param(payload, 'token_type_hint');
    let result: daemon.DaemonAnswer;
    try {
      result = await operation(ctx.daemon, client.clientId, client.secret, param(payload, 'token'), hint === '' ? null : hint);
    } catch (err) {
      ctx.logger.warn({ err }, 'token introspection/revocation failed');
      sendCallFailure(res, err, { status: 503, error: 'temporarily_unavailable', description: 'The token store is unavailable.' });
      return;
    }
    if (daemon.isDaemonError(result)) {
      sendDaemonError(res, result.error);
      return;
    }
    answer(res, result);
  };
  return (req, res) => {
    run(req, res).catch((err: unknown) => {
      ctx.logger.error({ err, url: req.url?.split('?')[0] }, 'token introspection/revocation failed');
      if (res.headersSent) res.destroy();
      else sendOAuthError(res, 500, 'server_error', 'Internal server error.');
    });
  };
}

export function introspectHandler(ctx: AuthContext): Handler {
  return tokenOperation(ctx, daemon.introspect, (res, result) => {
    const body = Buffer.from(JSON.stringify(result));
    res.writeHead(200, ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(body.length), 'Cache-Control', 'no-store']);
    res.end(body);
  });
}

export function revokeHandler(ctx: AuthContext): Handler {
  // RFC 7009 §2.2: 200 with an empty body, whether or not the token was known.
  return tokenOperation(ctx, daemon.revoke, (res) => {
    res.writeHead(200, ['Cache-Control', 'no-store', 'Content-Length', '0']);
    res.end();
  });
}
