import { databaseUrls, env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the fetch service: the shared fields (ARCHITECTURE §6) and its own. */
export const fetchEnv = {
  ...serviceEnv(4105),
  /** Prepended to every broker exchange and queue name, so several environments (or test runs) can share one RabbitMQ. */
  AMQP_PREFIX: env.string(''),
};

export type FetchEnv = Env<typeof fetchEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function fetchEnvRules(value: FetchEnv): string[] {
  return [...requireRoleUrl(value, 'apibot')];
}

/** The role connections this service uses (`PG_<ROLE>_URL`, else derived from `DATABASE_URL`). */
export function fetchDatabaseUrls(value: FetchEnv): { apibot: string } {
  const urls = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  });
  if (urls.apibot === undefined) {
    // fetchEnvRules refuses such an environment before this runs.
    throw new Error('fetch: no database connection configured');
  }
  return { apibot: urls.apibot };
}
