// Composition root of the ws service; it reads top to bottom (STYLE.md "Wiring").
import { loadEnvOrExit } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { wsDatabaseUrls, wsEnv, wsEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('ws');
const env = loadEnvOrExit('ws', wsEnv, wsEnvRules);
const logger = createLogger('ws', { level: env.LOG_LEVEL });

const { createPool } = await import('@pgfleet/db');
const { createAmqpBus, createPgBus } = await import('@pgfleet/bus');
const { exitOnSignals } = await import('@pgfleet/http');
const { createWsService } = await import('./server.js');

const urls = wsDatabaseUrls(env);
const daemon = createPool(urls.daemon, {
  max: env.PG_POOL_MAX,
  applicationName: 'pgfleet-ws',
  log: logger.child({ module: 'db' }),
});
const apibot = createPool(urls.apibot, {
  max: env.PG_POOL_MAX,
  applicationName: 'pgfleet-ws',
  log: logger.child({ module: 'db' }),
});
// Without AMQP_URL the bus runs on PostgreSQL, so a deployment can need nothing else.
const bus =
  env.AMQP_URL !== undefined
    ? createAmqpBus({ url: env.AMQP_URL, prefix: env.AMQP_PREFIX, log: logger.child({ module: 'bus' }) })
    : createPgBus({ pool: apibot, url: urls.apibot, log: logger.child({ module: 'bus' }) });

const service = createWsService({
  logger,
  daemon,
  apibot,
  bus,
  port: env.PORT,
  host: env.HOST,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  // In start order; they stop in reverse, once HTTP has drained.
  onShutdown: [
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'daemon pool', run: () => daemon.end() },
    { name: 'apibot pool', run: () => apibot.end() },
    { name: 'bus', run: () => bus.close() },
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
