import { databaseUrls, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the auth service: the shared fields (ARCHITECTURE §6) and its own. */
export const authEnv = {
  ...serviceEnv(4101),
};

export type AuthEnv = Env<typeof authEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function authEnvRules(value: AuthEnv): string[] {
  return [...requireRoleUrl(value, 'daemon')];
}

/** The role connections this service uses (`PG_<ROLE>_URL`, else derived from `DATABASE_URL`). */
export function authDatabaseUrls(value: AuthEnv): { daemon: string } {
  const urls = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  });
  if (urls.daemon === undefined) {
    // authEnvRules refuses such an environment before this runs.
    throw new Error('auth: no database connection configured');
  }
  return { daemon: urls.daemon };
}
