import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type HttpService, type ShutdownStep } from '@pgfleet/http';
import type { Logger } from '@pgfleet/telemetry';

export interface FileServiceDeps {
  logger: Logger;
  /** Pool of the `daemon` role (daemon.* calls). */
  daemon: Pool;
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  /** Steps to stop after HTTP has drained, in start order. */
  onShutdown?: readonly ShutdownStep[];
}

/** The file service (file download/upload (/file/*) and the DB ↔ storage mirror); no side effects until `listen()`. */
export function createFileService(deps: FileServiceDeps): HttpService {
  return createServer({
    logger: deps.logger,
    readiness: {
      checks: {
        daemon: databaseCheck(deps.daemon),
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
