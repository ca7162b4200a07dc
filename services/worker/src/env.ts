import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the worker service: the shared fields (ARCHITECTURE §6) and its own. */
export const workerEnv = {
  ...serviceEnv(4108),
};

export type WorkerEnv = Env<typeof workerEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function workerEnvRules(value: WorkerEnv): string[] {
  return requireRoleUrl(value, 'apibot');
}
