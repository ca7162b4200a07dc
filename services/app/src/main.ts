// Composition root of the app service; it reads top to bottom (STYLE.md "Wiring").
import cluster from 'node:cluster';
import { fromRoot, loadEnvOrExit, loadOAuth2Providers, roleUrl, type OAuth2Providers } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { appEnv, appEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('app');
const env = loadEnvOrExit('app', appEnv, appEnvRules);
const logger = createLogger('app', { level: env.LOG_LEVEL });

if (env.APP_WORKERS > 1 && cluster.isPrimary) {
  // Optional cluster mode: the workers share the port; the primary only keeps them alive.
  const { runPrimary } = await import('./cluster.js');
  await runPrimary(env.APP_WORKERS, logger, () => telemetry.shutdown());
} else {
  const { createPipelinedPool } = await import('@pgfleet/db');
  const { serveUntilSignal } = await import('@pgfleet/http');
  const { createAppService } = await import('./server.js');

  const providers = readProviders(env.OAUTH2_CONFIG_DIR);
  // Every call of the app is one statement, so its connections can pipeline them (see PipelinedPool).
  const daemon = createPipelinedPool(roleUrl(env, 'daemon'), {
    max: env.PG_POOL_MAX,
    depth: env.PG_PIPELINE_DEPTH,
    applicationName: 'pgfleet-app',
    log: logger.child({ module: 'db' }),
  });

  const service = createAppService({
    logger,
    daemon,
    providers,
    // CORS allows exactly the javascript_origins of the provider files' applications (app.md §2).
    corsOrigins: Object.values(providers).flatMap((apps) => Object.values(apps).flatMap((app) => app.javascript_origins)),
    trustedProxies: env.TRUSTED_PROXIES,
    wwwRoot: fromRoot(env.WWW_ROOT),
    publicUrl: env.PUBLIC_URL,
    bodyLimit: env.APP_BODY_LIMIT,
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
}

function readProviders(dir: string): OAuth2Providers {
  try {
    return loadOAuth2Providers(fromRoot(dir));
  } catch (err) {
    logger.fatal({ err, dir }, 'cannot read the OAuth provider files');
    process.exit(78);
  }
}
