import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type CreateServerOptions, type HttpService } from '@pgfleet/http';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface FileServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `daemon` role (daemon.* calls). */
  daemon: Pool;
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
}

/** The file service (file download/upload (/file/*) and the DB ↔ storage mirror); no side effects until `listen()`. */
export function createFileService({ daemon, apibot, bus, ...http }: FileServiceDeps): HttpService {
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
