import { env, loadEnvOrExit, type Env } from '@pgfleet/config';
import { fleet, portVariable, serviceNames, type ServiceName } from './services.js';

const servicePorts = Object.fromEntries(fleet.map((service) => [portVariable(service.name), env.port(service.port)])) as Record<
  `${Uppercase<ServiceName>}_PORT`,
  ReturnType<typeof env.port>
>;

/**
 * The launcher's environment. Everything else in the environment goes to the
 * services untouched, except `PORT`: each service gets its own, so a `PORT`
 * meant for something else never makes eight services fight over one port.
 */
export const launcherShape = {
  /** Admin-capable PostgreSQL; unset → embedded PostgreSQL under PGFLEET_DATA_DIR/pg. */
  DATABASE_URL: env.url(),
  /** RabbitMQ; unset → PostgreSQL-only bus. Only reported here: the services read it. */
  AMQP_URL: env.url(),
  /** The dev gateway's port on 127.0.0.1. */
  GATEWAY_PORT: env.port(4977),
  /** External base URL handed to the services; defaults to the gateway's own URL. */
  PUBLIC_URL: env.url(),
  /** Local state (embedded PostgreSQL cluster in `pg/`); relative to the workspace root. */
  PGFLEET_DATA_DIR: env.string('.data'),
  /** Port of the embedded PostgreSQL; 0 → a free port each run. */
  EMBEDDED_PG_PORT: env.port(0),
  /** Comma-separated subset of services to run (default: all eight). */
  PGFLEET_SERVICES: env.list([...serviceNames]),
  /** Per child: time between SIGTERM and SIGKILL on shutdown, milliseconds. */
  SHUTDOWN_TIMEOUT_MS: env.int(10_000),
  /** Per-service port overrides, so a test or a second fleet can avoid the defaults. */
  ...servicePorts,
};

export type LauncherEnv = Env<typeof launcherShape>;

export function loadLauncherEnv(): LauncherEnv {
  return loadEnvOrExit('pnpm start', launcherShape, (value) =>
    value.PGFLEET_SERVICES.filter((name) => !(serviceNames as readonly string[]).includes(name)).map(
      (name) => `PGFLEET_SERVICES: unknown service "${name}" (known: ${serviceNames.join(', ')})`,
    ),
  );
}

export function servicePort(value: LauncherEnv, name: ServiceName): number {
  return value[portVariable(name)];
}
