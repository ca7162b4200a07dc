/** The fleet `pnpm start` runs, with the default ports of ARCHITECTURE §6. */
export const fleet = [
  { name: 'auth', port: 4101 },
  { name: 'app', port: 4102 },
  { name: 'ws', port: 4103 },
  { name: 'file', port: 4104 },
  { name: 'fetch', port: 4105 },
  { name: 'message', port: 4106 },
  { name: 'stream', port: 4107 },
  { name: 'worker', port: 4108 },
] as const;

export type ServiceName = (typeof fleet)[number]['name'];

export const serviceNames: readonly ServiceName[] = fleet.map((service) => service.name);

/** The launcher's own override for a service's port, e.g. `APP_PORT`. */
export const portVariable = <N extends ServiceName>(name: N) => `${name.toUpperCase() as Uppercase<N>}_PORT` as const;
