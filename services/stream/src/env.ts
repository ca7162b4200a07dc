import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the stream service: the shared fields (ARCHITECTURE §6) and its own. */
export const streamEnv = {
  ...serviceEnv(4107),
};

export type StreamEnv = Env<typeof streamEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function streamEnvRules(value: StreamEnv): string[] {
  return requireRoleUrl(value, 'apibot');
}
