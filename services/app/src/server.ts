import { ProviderRegistry, verifyJwt } from '@pgfleet/auth';
import type { OAuth2Providers } from '@pgfleet/config';
import type { QueryRunner } from '@pgfleet/db';
import {
  createServer,
  databaseCheck,
  DEFAULT_BODY_LIMIT,
  parseTrustedProxies,
  type CreateServerOptions,
  type FastHandler,
  type HttpService,
} from '@pgfleet/http';
import { Router } from 'express';
import { apiHandler, NONCE_TTL_MS } from './api.handler.js';
import { builtinEndpoints } from './builtin.handler.js';
import { DaemonRepository } from './daemon.repository.js';
import { NonceCache } from './nonce.cache.js';
import { docsRoutes } from './docs.routes.js';
import { pghttpHandler } from './pghttp.handler.js';
import { staticRoutes } from './static.routes.js';
import { cachedVerifier } from './token.verifier.js';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface AppServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `daemon` role (daemon.* and http.* calls, one statement each): a pipelined pool in production. */
  daemon: QueryRunner;
  /** Origins that get CORS headers (`*` allows any). */
  corsOrigins: readonly string[];
  /** The provider files: the local JWT check needs the clients' secrets. */
  providers?: OAuth2Providers;
  /** `TRUSTED_PROXIES`: CIDRs whose forwarding headers are believed. */
  trustedProxies?: string | readonly string[];
  /** Static site root; no static site when absent. */
  wwwRoot?: string;
  /** Base URL for the OpenAPI document's server and OAuth URLs. */
  publicUrl?: string;
  /** Clock of `GET /api/v1/time`. */
  now?: () => number;
}

const VERSION = '0.1.0';

function firstOf(...handlers: FastHandler[]): FastHandler {
  return (req, res) => handlers.some((handler) => handler(req, res));
}

/** The app service (the REST API (/api/v1/*), PGHTTP (/api/*, /callback/*, /import/*), /docs and the static site); no side effects until `listen()`. */
export function createAppService({
  daemon,
  corsOrigins,
  providers = {},
  trustedProxies,
  wwwRoot,
  publicUrl = 'http://127.0.0.1:4977',
  now = Date.now,
  ...http
}: AppServiceDeps): HttpService {
  const repository = new DaemonRepository(daemon);
  const registry = new ProviderRegistry(providers);
  const bodyLimit = http.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const logger = http.logger;
  const web = registry.defaultWeb();

  const routes = Router();
  routes.use(
    docsRoutes({
      daemon: repository,
      publicUrl,
      version: VERSION,
      clientId: web?.app.client_id,
      scopes: web?.app.scopes.filter((scope) => scope !== 'offline_access') ?? [],
      logger: logger.child({ module: 'docs' }),
    }),
  );
  if (wwwRoot !== undefined) {
    routes.use(staticRoutes({ root: wwwRoot }));
  }

  return createServer({
    ...http,
    // Express only sees what none of these claim: docs, the static site, probes and metrics.
    fast: firstOf(
      builtinEndpoints({ corsOrigins, now }),
      apiHandler({
        daemon: repository,
        verify: cachedVerifier((token) => verifyJwt(token, registry)),
        corsOrigins,
        trustedProxies: parseTrustedProxies(trustedProxies),
        bodyLimit,
        logger: logger.child({ module: 'api' }),
        nonces: new NonceCache(NONCE_TTL_MS),
      }),
      pghttpHandler({ daemon: repository, bodyLimit, logger: logger.child({ module: 'pghttp' }) }),
    ),
    app: routes,
    readiness: {
      checks: {
        daemon: databaseCheck(daemon),
      },
    },
  });
}
