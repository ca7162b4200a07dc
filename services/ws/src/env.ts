import { databaseUrls, env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the ws service: the shared fields (ARCHITECTURE §6) and its own. */
export const wsEnv = {
  ...serviceEnv(4103),
  /** Prepended to every broker exchange and queue name, so several environments (or test runs) can share one RabbitMQ. */
  AMQP_PREFIX: env.string(''),
};

export type WsEnv = Env<typeof wsEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function wsEnvRules(value: WsEnv): string[] {
  return [...requireRoleUrl(value, 'daemon'), ...requireRoleUrl(value, 'apibot')];
}

/** The role connections this service uses (`PG_<ROLE>_URL`, else derived from `DATABASE_URL`). */
export function wsDatabaseUrls(value: WsEnv): { daemon: string; apibot: string } {
  const urls = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  });
  if (urls.daemon === undefined || urls.apibot === undefined) {
    // wsEnvRules refuses such an environment before this runs.
    throw new Error('ws: no database connection configured');
  }
  return { daemon: urls.daemon, apibot: urls.apibot };
}
