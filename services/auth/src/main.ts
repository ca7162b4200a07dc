// Composition root of the auth service; it reads top to bottom (STYLE.md "Wiring").
import { loadEnvOrExit } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { authDatabaseUrls, authEnv, authEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('auth');
const env = loadEnvOrExit('auth', authEnv, authEnvRules);
const logger = createLogger('auth', { level: env.LOG_LEVEL });

const { createPool } = await import('@pgfleet/db');
const { exitOnSignals } = await import('@pgfleet/http');
const { createAuthService } = await import('./server.js');

const urls = authDatabaseUrls(env);
const daemon = createPool(urls.daemon, {
  max: env.PG_POOL_MAX,
  applicationName: 'pgfleet-auth',
  log: logger.child({ module: 'db' }),
});

const service = createAuthService({
  logger,
  daemon,
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
