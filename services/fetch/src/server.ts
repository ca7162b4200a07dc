import type { Bus } from '@pgfleet/bus';
import type { Pool } from '@pgfleet/db';
import { busCheck, createServer, databaseCheck, type CreateServerOptions, type HttpService } from '@pgfleet/http';

/** HTTP options (port, host, shutdown steps, …) pass through; the service adds its own routes and readiness. */
export interface FetchServiceDeps extends Omit<CreateServerOptions, 'readiness' | 'fast' | 'app'> {
  /** Pool of the `apibot` role (api.* calls under the bot session). */
  apibot: Pool;
  bus: Bus;
}

/** The fetch service (outbound HTTP requests queued in http.request); no side effects until `listen()`. */
export function createFetchService({ apibot, bus, ...http }: FetchServiceDeps): HttpService {
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
