// Composition root of the file service; it reads top to bottom (STYLE.md "Wiring").
import { loadEnvOrExit, roleUrl } from '@pgfleet/config';
import { createLogger, startTelemetry } from '@pgfleet/telemetry';
import { fileEnv, fileEnvRules } from './env.js';

// Telemetry first: its loader hook must be in place before http, express, pg and
// amqplib are loaded, which is why everything below is imported dynamically.
const telemetry = await startTelemetry('file');
const env = loadEnvOrExit('file', fileEnv, fileEnvRules);
const logger = createLogger('file', { level: env.LOG_LEVEL });

const { createPool } = await import('@pgfleet/db');
const { createBusFromEnv } = await import('@pgfleet/bus');
const { serveUntilSignal } = await import('@pgfleet/http');
const { createFileService } = await import('./server.js');

const poolOptions = { max: env.PG_POOL_MAX, applicationName: 'pgfleet-file', log: logger.child({ module: 'db' }) };
const daemon = createPool(roleUrl(env, 'daemon'), poolOptions);
const apibot = createPool(roleUrl(env, 'apibot'), poolOptions);
// Without AMQP_URL the bus runs on PostgreSQL, so a deployment can need nothing else.
const bus = createBusFromEnv(env, { pool: apibot, url: roleUrl(env, 'apibot'), log: logger.child({ module: 'bus' }) });

const service = createFileService({
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

await serveUntilSignal(service, logger);
