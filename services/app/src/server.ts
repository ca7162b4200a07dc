import type { Pool } from '@pgfleet/db';
import { createServer, databaseCheck, type HttpService, type ShutdownStep } from '@pgfleet/http';
import type { Logger } from '@pgfleet/telemetry';
import { builtinEndpoints } from './builtin.handler.js';

export interface AppServiceDeps {
  logger: Logger;
  /** Pool of the `daemon` role (daemon.* calls). */
  daemon: Pool;
  /** Origins that get CORS headers (`*` allows any). */
  corsOrigins: readonly string[];
  /** Clock of `GET /api/v1/time`. */
  now?: () => number;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  /** Steps to stop after HTTP has drained, in start order. */
  onShutdown?: readonly ShutdownStep[];
}

/** The app service (the REST API (/api/v1/*), PGHTTP (/api/*, /callback/*, /import/*) and /docs); no side effects until `listen()`. */
export function createAppService(deps: AppServiceDeps): HttpService {
  return createServer({
    logger: deps.logger,
    fast: builtinEndpoints({ corsOrigins: deps.corsOrigins, now: deps.now ?? Date.now }),
    readiness: {
      checks: {
        daemon: databaseCheck(deps.daemon),
      },
    },
    port: deps.port,
    host: deps.host,
    shutdownTimeoutMs: deps.shutdownTimeoutMs,
    onShutdown: deps.onShutdown,
  });
}
