// Composition root of the stream service; it reads top to bottom (STYLE.md "Wiring").
import { loadEnvOrExit, roleUrl } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { streamEnv, streamEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('stream');
const env = loadEnvOrExit('stream', streamEnv, streamEnvRules);
const logger = createLogger('stream', { level: env.LOG_LEVEL });

const { createPool } = await import('@pgfleet/db');
const { createBusFromEnv } = await import('@pgfleet/bus');
const { serveUntilSignal } = await import('@pgfleet/http');
const { createStreamService } = await import('./server.js');

const apibot = createPool(roleUrl(env, 'apibot'), {
  max: env.PG_POOL_MAX,
  applicationName: 'pgfleet-stream',
  log: logger.child({ module: 'db' }),
});
// Without AMQP_URL the bus runs on PostgreSQL, so a deployment can need nothing else.
const bus = createBusFromEnv(env, { pool: apibot, url: roleUrl(env, 'apibot'), log: logger.child({ module: 'bus' }) });

const service = createStreamService({
  logger,
  apibot,
  bus,
  port: env.PORT,
  host: env.HOST,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  // In start order; they stop in reverse, once HTTP has drained.
  onShutdown: [
    { name: 'telemetry', run: () => telemetry.shutdown() },
    { name: 'apibot pool', run: () => apibot.end() },
    { name: 'bus', run: () => bus.close() },
  ],
});

await serveUntilSignal(service, logger);
