import type { RequestHandler } from 'express';
import { strictClient, type ClientCredentials } from './client-auth.js';
import type { AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { OAuthError, sendDaemonError, sendOAuthError } from './oauth-error.js';
import { param, readPayload, type Payload } from './payload.js';

type Operation = typeof daemon.introspect;

/** Introspection (RFC 7662) and revocation (RFC 7009): confidential clients only, no secret fill. */
function tokenOperation(ctx: AuthContext, operation: Operation, answer: (res: Parameters<RequestHandler>[1], result: daemon.DaemonAnswer) => void): RequestHandler {
  return async (req, res) => {
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
      sendOAuthError(res, 503, 'temporarily_unavailable', 'The token store is unavailable.');
      return;
    }
    if (daemon.isDaemonError(result)) {
      sendDaemonError(res, result.error);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    answer(res, result);
  };
}

export function introspectHandler(ctx: AuthContext): RequestHandler {
  return tokenOperation(ctx, daemon.introspect, (res, result) => {
    res.status(200).json(result);
  });
}

export function revokeHandler(ctx: AuthContext): RequestHandler {
  // RFC 7009 §2.2: 200 with an empty body, whether or not the token was known.
  return tokenOperation(ctx, daemon.revoke, (res) => {
    res.status(200).end();
  });
}
