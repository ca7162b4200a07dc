import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { API_CORS_POLICY, corsDecision, sendError, setRoute, type CorsPolicy, type FastHandler } from '@pgfleet/http';
import { pinoHttp } from 'pino-http';
import { authorizeHandler } from './authorize.handler.js';
import type { AuthContext } from './context.js';
import { callbackHandler, codeHandler } from './external.handler.js';
import { identifierHandler } from './identifier.handler.js';
import { introspectHandler, revokeHandler } from './introspection.handler.js';
import { loginPageHandler, loginSubmitHandler } from './login.handler.js';
import { jwksHandler, metadataHandler } from './metadata.handler.js';
import { sendOAuthError } from './oauth-error.js';
import { tokenLimiters, type TokenRateLimits } from './rate-limit.js';
import { tokenEndpoint } from './token.handler.js';

const ALLOW = 'GET, POST, OPTIONS';

/** auth.md §1: the token endpoint's CORS answer names exactly these. */
const OAUTH_CORS: CorsPolicy = {
  methods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: API_CORS_POLICY.allowHeaders.slice(0, 3),
};

const ACTIONS = new Set(['authorize', 'auth', 'token', 'code', 'callback', 'identifier', 'login', 'jwks', 'introspect', 'revoke']);

/** Paths this service answers; everything else stays with the shared server (probes, metrics, 404). */
export function ownsPath(url: string): boolean {
  return url === '/oauth2' || url.startsWith('/oauth2/') || url.startsWith('/oauth2?') || url.startsWith('/.well-known/');
}

/** A bounded metrics label: unknown actions share one. */
export function routeLabel(url: string): string {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/.well-known/')) return path.startsWith('/.well-known/openid-configuration') ? path.slice(0, 33) : '/.well-known/oauth-authorization-server';
  const action = path.split('/')[2] ?? '';
  return ACTIONS.has(action) ? `/oauth2/${action}` : '/oauth2/*';
}

/**
 * The service's own express app. It sees the raw request (the shared server's
 * JSON parser would answer a malformed body with its envelope, while auth.md
 * wants such a body read as `{}` and the OAuth error style).
 */
export function authApp(ctx: AuthContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    pinoHttp({
      logger: ctx.logger,
      customLogLevel: (_req, res, err) => (err !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
      // Query strings here carry codes, states and (query-string token requests) client secrets: log the path only.
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0] }),
        // Response headers hold Set-Cookie with fresh tokens.
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use((req, res, next) => {
    commonHeaders(ctx, req, res);
    next();
  });

  const rest = '{/*rest}';
  app.get([`/oauth2/authorize${rest}`, `/oauth2/auth${rest}`], authorizeHandler(ctx));
  app.get(`/oauth2/login${rest}`, loginPageHandler(ctx));
  app.post(`/oauth2/login${rest}`, loginSubmitHandler(ctx));
  app.get(`/oauth2/code{/:provider}${rest}`, codeHandler(ctx));
  app.get(`/oauth2/callback${rest}`, callbackHandler(ctx));
  app.get(`/oauth2/identifier${rest}`, identifierHandler(ctx));
  app.post(`/oauth2/identifier${rest}`, identifierHandler(ctx));

  const oauthPath = /^\/oauth2(\/.*)?$/;
  app.options(oauthPath, (_req, res) => {
    res.setHeader('Allow', ALLOW);
    res.status(204).end();
  });
  app.get(oauthPath, (_req, res) => {
    res.status(404).type('text/plain').send('');
  });
  app.post(oauthPath, (_req, res) => {
    sendOAuthError(res, 404, 'invalid_request', 'Not found.');
  });
  const notAllowed: RequestHandler = (_req, res) => {
    res.setHeader('Allow', ALLOW);
    res.status(405).type('text/plain').send('405 Method Not Allowed');
  };
  app.all(oauthPath, notAllowed);
  app.use((_req, res) => {
    sendError(res, 404, 'Not Found');
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    ctx.logger.error({ err, url: req.url }, 'auth request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendOAuthError(res, 500, 'server_error', 'Internal server error.');
  };
  app.use(onError);
  return app;
}

/** Headers of every answer of ours: `nosniff`, and CORS on `/oauth2` (auth.md §1). */
function commonHeaders(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if ((req.url ?? '').startsWith('/oauth2')) {
    const cors = corsDecision(req.headers.origin, ctx.registry.origins, OAUTH_CORS);
    if (cors !== null) for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  }
}

type HotRoute = readonly [label: string, handler: (req: IncomingMessage, res: ServerResponse) => void];

/** `/oauth2/<action>` and anything below it, as express's `/oauth2/<action>{/*rest}` matched. */
function isAction(path: string, action: string): boolean {
  return path.startsWith(action) && (path.length === action.length || path.charCodeAt(action.length) === 47 /* / */);
}

/**
 * The shared server's fast path. The endpoints machines call in bulk (token,
 * introspection, revocation, keys, discovery) are answered here without
 * express; the browser flows (authorize, login, external providers,
 * identifier) and the method and 404 rules go on to the service's express app.
 */
export function fastDispatch(ctx: AuthContext, limits: TokenRateLimits): FastHandler {
  const app = authApp(ctx);
  const metadata = metadataHandler(ctx);
  const token: HotRoute = ['/oauth2/token', tokenEndpoint(ctx, tokenLimiters(limits))];
  const introspect: HotRoute = ['/oauth2/introspect', introspectHandler(ctx)];
  const revoke: HotRoute = ['/oauth2/revoke', revokeHandler(ctx)];
  const jwks: HotRoute = ['/oauth2/jwks', jwksHandler];
  const openid: HotRoute = ['/.well-known/openid-configuration', metadata];
  const rfc8414: HotRoute = ['/.well-known/oauth-authorization-server', metadata];

  const hot = (method: string | undefined, path: string): HotRoute | undefined => {
    if (method === 'POST') {
      if (isAction(path, token[0])) return token;
      if (isAction(path, introspect[0])) return introspect;
      if (isAction(path, revoke[0])) return revoke;
    } else if (method === 'GET' || method === 'HEAD') {
      if (isAction(path, jwks[0])) return jwks;
      if (path === openid[0] || path === `${openid[0]}/`) return openid;
      if (isAction(path, rfc8414[0])) return rfc8414;
    }
    return undefined;
  };

  return (req, res) => {
    const url = req.url ?? '';
    if (!ownsPath(url)) return false;
    const mark = url.indexOf('?');
    const route = hot(req.method, mark === -1 ? url : url.slice(0, mark));
    if (route === undefined) {
      setRoute(res, routeLabel(url));
      app(req as express.Request, res as express.Response);
      return true;
    }
    setRoute(res, route[0]);
    commonHeaders(ctx, req, res);
    route[1](req, res);
    return true;
  };
}
