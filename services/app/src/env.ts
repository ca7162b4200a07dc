import { databaseUrls, env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the app service: the shared fields (ARCHITECTURE §6) and its own. */
export const appEnv = {
  ...serviceEnv(4102),
  /** Provider files (spec/services/config.md §3); their applications' javascript_origins are the CORS allow list. */
  OAUTH2_CONFIG_DIR: env.string('config/oauth2'),
};

export type AppEnv = Env<typeof appEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function appEnvRules(value: AppEnv): string[] {
  return [...requireRoleUrl(value, 'daemon')];
}

/** The role connections this service uses (`PG_<ROLE>_URL`, else derived from `DATABASE_URL`). */
export function appDatabaseUrls(value: AppEnv): { daemon: string } {
  const urls = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  });
  if (urls.daemon === undefined) {
    // appEnvRules refuses such an environment before this runs.
    throw new Error('app: no database connection configured');
  }
  return { daemon: urls.daemon };
}
