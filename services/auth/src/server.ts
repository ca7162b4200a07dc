import type { Pool } from '@pgfleet/db';
import { createServer, databaseCheck, type HttpService, type ShutdownStep } from '@pgfleet/http';
import type { Logger } from '@pgfleet/telemetry';

export interface AuthServiceDeps {
  logger: Logger;
  /** Pool of the `daemon` role (daemon.* calls). */
  daemon: Pool;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  /** Steps to stop after HTTP has drained, in start order. */
  onShutdown?: readonly ShutdownStep[];
}

/** The auth service (OAuth 2.0 endpoints, the login page and /.well-known/*); no side effects until `listen()`. */
export function createAuthService(deps: AuthServiceDeps): HttpService {
  return createServer({
    logger: deps.logger,
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
