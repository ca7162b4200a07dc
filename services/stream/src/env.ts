import { databaseUrls, env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the stream service: the shared fields (ARCHITECTURE §6) and its own. */
export const streamEnv = {
  ...serviceEnv(4107),
  /** Prepended to every broker exchange and queue name, so several environments (or test runs) can share one RabbitMQ. */
  AMQP_PREFIX: env.string(''),
};

export type StreamEnv = Env<typeof streamEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function streamEnvRules(value: StreamEnv): string[] {
  return [...requireRoleUrl(value, 'apibot')];
}

/** The role connections this service uses (`PG_<ROLE>_URL`, else derived from `DATABASE_URL`). */
export function streamDatabaseUrls(value: StreamEnv): { apibot: string } {
  const urls = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  });
  if (urls.apibot === undefined) {
    // streamEnvRules refuses such an environment before this runs.
    throw new Error('stream: no database connection configured');
  }
  return { apibot: urls.apibot };
}
