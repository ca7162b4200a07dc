import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type HttpService, type ShutdownStep } from '@pgfleet/http';
import type { Logger } from '@pgfleet/telemetry';

export interface StreamServiceDeps {
  logger: Logger;
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  /** Steps to stop after HTTP has drained, in start order. */
  onShutdown?: readonly ShutdownStep[];
}

/** The stream service (the UDP stream endpoint and its batched writer); no side effects until `listen()`. */
export function createStreamService(deps: StreamServiceDeps): HttpService {
  return createServer({
    logger: deps.logger,
    readiness: {
      checks: {
        apibot: databaseCheck(deps.apibot),
        bus: busCheck(deps.bus),
      },
    },
    port: deps.port,
    host: deps.host,
    shutdownTimeoutMs: deps.shutdownTimeoutMs,
    onShutdown: deps.onShutdown,
  });
}
