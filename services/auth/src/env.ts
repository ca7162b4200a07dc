import { env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the auth service: the shared fields (ARCHITECTURE §6) and its own. */
export const authEnv = {
  ...serviceEnv(4101),
  /** Provider files (config.md §3); the installer seeds the database's clients from the same folder. */
  OAUTH2_CONFIG_DIR: env.string('config/oauth2'),
  /** Site files (config.md §4): login, callback and error pages per `Host`. */
  SITES_CONFIG_DIR: env.string('config/sites'),
  /** Token requests per minute from one client address; 0 disables. */
  TOKEN_RATE_LIMIT_PER_IP: env.int(600),
  /** Token requests per minute for one client_id; 0 disables. */
  TOKEN_RATE_LIMIT_PER_CLIENT: env.int(3000),
  /** Application sections whose secret is filled in for browsers from an allowed Origin (auth.md §3.1 step 4). */
  SECRET_FILL_APPS: env.list(['web', 'service']),
  /** Scope of external-provider logins (daemon.login); unset → the request origin, as upstream (needs a db.scope or alias of that name). */
  EXTERNAL_LOGIN_SCOPE: env.optionalString(),
  /** Calls one daemon connection carries at once (pipelined); more wait for a free slot. */
  PG_PIPELINE_DEPTH: env.int(8, 1),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT: env.int(1024 * 1024, 1),
};

export type AuthEnv = Env<typeof authEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function authEnvRules(value: AuthEnv): string[] {
  return requireRoleUrl(value, 'daemon');
}
