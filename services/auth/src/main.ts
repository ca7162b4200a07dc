// Composition root of the auth service; it reads top to bottom (STYLE.md "Wiring").
import { loadEnvOrExit, loadOAuth2Providers, loadSites, roleUrl } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { authEnv, authEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('auth');
const env = loadEnvOrExit('auth', authEnv, authEnvRules);
const logger = createLogger('auth', { level: env.LOG_LEVEL });

const { createPipelinedPool } = await import('@pgfleet/db');
const { serveUntilSignal } = await import('@pgfleet/http');
const { createAuthService } = await import('./server.js');

// Provider and site files are validated before anything connects: a bad file fails start-up.
let providers;
let sites;
try {
  providers = loadOAuth2Providers(env.OAUTH2_CONFIG_DIR);
  sites = loadSites(env.SITES_CONFIG_DIR);
} catch (err) {
  logger.fatal({ err }, 'cannot load the provider or site files');
  process.exit(78);
}

// Every call of the service is one statement, so its connections can pipeline them (see PipelinedPool).
const daemon = createPipelinedPool(roleUrl(env, 'daemon'), {
  max: env.PG_POOL_MAX,
  depth: env.PG_PIPELINE_DEPTH,
  applicationName: 'pgfleet-auth',
  log: logger.child({ module: 'db' }),
});

const service = createAuthService({
  logger,
  daemon,
  providers,
  sites,
  publicUrl: env.PUBLIC_URL,
  trustedProxies: env.TRUSTED_PROXIES,
  tokenRateLimits: { perIp: env.TOKEN_RATE_LIMIT_PER_IP, perClient: env.TOKEN_RATE_LIMIT_PER_CLIENT },
  secretFillApps: env.SECRET_FILL_APPS,
  bodyLimit: env.BODY_LIMIT,
  ...(env.EXTERNAL_LOGIN_SCOPE ? { externalLoginScope: env.EXTERNAL_LOGIN_SCOPE } : {}),
  port: env.PORT,
  host: env.HOST,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  // In start order; they stop in reverse, once HTTP has drained.
  onShutdown: [
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'daemon pool', run: () => daemon.end() },
  ],
});

await serveUntilSignal(service, logger);
