// Composition root of the app service; it reads top to bottom (STYLE.md "Wiring").
import { fromRoot, loadEnvOrExit, loadOAuth2Providers } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { appDatabaseUrls, appEnv, appEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('app');
const env = loadEnvOrExit('app', appEnv, appEnvRules);
const logger = createLogger('app', { level: env.LOG_LEVEL });

const { createPool } = await import('@pgfleet/db');
const { exitOnSignals } = await import('@pgfleet/http');
const { createAppService } = await import('./server.js');

const urls = appDatabaseUrls(env);
const daemon = createPool(urls.daemon, {
  max: env.PG_POOL_MAX,
  applicationName: 'pgfleet-app',
  log: logger.child({ module: 'db' }),
});
const corsOrigins = readCorsOrigins(env.OAUTH2_CONFIG_DIR);

const service = createAppService({
  logger,
  daemon,
  corsOrigins,
  port: env.PORT,
  host: env.HOST,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  // In start order; they stop in reverse, once HTTP has drained.
  onShutdown: [
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'daemon pool', run: () => daemon.end() },
  ],
});

try {
  await service.listen();
} catch (err) {
  logger.fatal({ err, port: env.PORT }, 'cannot listen');
  await service.shutdown();
  process.exit(1);
}
exitOnSignals(() => service.shutdown(), logger);

// CORS allows exactly the javascript_origins of the provider files' applications (app.md §2).
function readCorsOrigins(dir: string): string[] {
  try {
    const providers = loadOAuth2Providers(fromRoot(dir));
    return Object.values(providers).flatMap((applications) =>
      Object.values(applications).flatMap((application) => application.javascript_origins ?? []),
    );
  } catch (err) {
    logger.fatal({ err, dir }, 'cannot read the OAuth provider files');
    process.exit(78);
  }
}
