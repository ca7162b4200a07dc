import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type CreateServerOptions, type HttpService } from '@pgfleet/http';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface StreamServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
}

/** The stream service (the UDP stream endpoint and its batched writer); no side effects until `listen()`. */
export function createStreamService({ apibot, bus, ...http }: StreamServiceDeps): HttpService {
  return createServer({
    ...http,
    readiness: {
      checks: {
        apibot: databaseCheck(apibot),
        bus: busCheck(bus),
      },
    },
  });
}
