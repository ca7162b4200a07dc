import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type CreateServerOptions, type HttpService } from '@pgfleet/http';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface WsServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `daemon` role (daemon.* calls). */
  daemon: Pool;
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
}

/** The ws service (WebSocket sessions (/session/*) and REST push (/ws/*)); no side effects until `listen()`. */
export function createWsService({ daemon, apibot, bus, ...http }: WsServiceDeps): HttpService {
  return createServer({
    ...http,
    readiness: {
      checks: {
        daemon: databaseCheck(daemon),
        apibot: databaseCheck(apibot),
        bus: busCheck(bus),
      },
    },
  });
}
