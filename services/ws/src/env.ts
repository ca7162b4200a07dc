import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the ws service: the shared fields (ARCHITECTURE §6) and its own. */
export const wsEnv = {
  ...serviceEnv(4103),
};

export type WsEnv = Env<typeof wsEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function wsEnvRules(value: WsEnv): string[] {
  return [...requireRoleUrl(value, 'daemon'), ...requireRoleUrl(value, 'apibot')];
}
