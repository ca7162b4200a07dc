import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the file service: the shared fields (ARCHITECTURE §6) and its own. */
export const fileEnv = {
  ...serviceEnv(4104),
};

export type FileEnv = Env<typeof fileEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function fileEnvRules(value: FileEnv): string[] {
  return [...requireRoleUrl(value, 'daemon'), ...requireRoleUrl(value, 'apibot')];
}
