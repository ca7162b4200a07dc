import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the fetch service: the shared fields (ARCHITECTURE §6) and its own. */
export const fetchEnv = {
  ...serviceEnv(4105),
};

export type FetchEnv = Env<typeof fetchEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function fetchEnvRules(value: FetchEnv): string[] {
  return requireRoleUrl(value, 'apibot');
}
