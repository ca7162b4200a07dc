import { JwksCache, ProviderRegistry } from '@pgfleet/auth';
import { loadOAuth2Providers, loadSites, type OAuth2Providers, type Site } from '@pgfleet/config';
import type { QueryRunner } from '@pgfleet/db';
import { createServer, databaseCheck, parseTrustedProxies, type CreateServerOptions, type HttpService } from '@pgfleet/http';
import { clientsCheck } from './clients.check.js';
import type { AuthContext } from './context.js';
import type { TokenRateLimits } from './rate-limit.js';
import { fastDispatch } from './router.js';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface AuthServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `daemon` role (daemon.* calls, one statement each): a pipelined pool in production. */
  daemon: QueryRunner;
  /** Provider files, as `loadOAuth2Providers` returns them; default: the committed `config/oauth2`. */
  providers?: OAuth2Providers;
  /** Site files; default: the committed `config/sites`. */
  sites?: Site[];
  /** PUBLIC_URL; a function when it is known only after `listen()` (tests on port 0). */
  publicUrl?: string | (() => string);
  /** TRUSTED_PROXIES. */
  trustedProxies?: string | readonly string[];
  /** TOKEN_RATE_LIMIT_PER_IP / _PER_CLIENT, per minute; 0 disables. */
  tokenRateLimits?: Partial<TokenRateLimits>;
  /** SECRET_FILL_APPS. */
  secretFillApps?: readonly string[];
  /** Fetch the external providers' keys (JWKS) at start; off when no provider has a `cert_uri`. */
  jwks?: boolean;
  /** Outbound HTTP to external providers. */
  fetch?: typeof fetch;
  /** EXTERNAL_LOGIN_SCOPE. */
  externalLoginScope?: string;
}

export const DEFAULT_TOKEN_RATE_LIMITS: TokenRateLimits = { perIp: 600, perClient: 3000 };

/** The auth service (OAuth 2.0 endpoints, the login page and /.well-known/*); no side effects until `listen()`. */
export function createAuthService({
  daemon,
  providers,
  sites,
  publicUrl,
  trustedProxies,
  tokenRateLimits,
  secretFillApps,
  jwks: fetchKeys,
  fetch: fetchImpl,
  externalLoginScope,
  ...http
}: AuthServiceDeps): HttpService {
  const registry = new ProviderRegistry(providers ?? loadOAuth2Providers('config/oauth2'));
  const logger = http.logger.child({ module: 'oauth2' });
  const jwks = new JwksCache(registry, {
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    onError: (provider, reason) => logger.warn({ provider, reason }, 'provider keys unavailable'),
  });
  const url = publicUrl ?? 'http://127.0.0.1:4977';
  const ctx: AuthContext = {
    daemon,
    registry,
    sites: sites ?? loadSites('config/sites'),
    publicUrl: typeof url === 'function' ? url : () => url,
    trusted: parseTrustedProxies(trustedProxies),
    logger,
    secretFillApps: new Set(secretFillApps ?? ['web', 'service']),
    jwks,
    bodyLimit: http.bodyLimit ?? 1024 * 1024,
    fetch: fetchImpl ?? fetch,
    externalLoginScope,
  };
  const useJwks = (fetchKeys ?? true) && jwks.sources().length > 0;
  const service = createServer({
    ...http,
    fast: fastDispatch(ctx, { ...DEFAULT_TOKEN_RATE_LIMITS, ...tokenRateLimits }),
    readiness: {
      checks: {
        daemon: databaseCheck(daemon),
        oauth2Clients: clientsCheck(daemon, registry),
      },
    },
    onShutdown: [...(http.onShutdown ?? []), { name: 'jwks', run: () => Promise.resolve(jwks.stop()) }],
  });
  if (!useJwks) return service;
  return {
    get server() {
      return service.server;
    },
    get app() {
      return service.app;
    },
    async listen() {
      // The first fetch is awaited so external logins work from the first request; a failed fetch is retried in 5 s.
      await jwks.start();
      return service.listen();
    },
    shutdown: () => service.shutdown(),
  };
}
