import { env, requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the app service: the shared fields (ARCHITECTURE §6) and its own. */
export const appEnv = {
  ...serviceEnv(4102),
  /** Provider files (spec/services/config.md §3): JWT secrets, and their applications' javascript_origins are the CORS allow list. */
  OAUTH2_CONFIG_DIR: env.string('config/oauth2'),
  /** Largest request body in bytes for /api/*, /callback/*, /import/* (413 beyond). */
  APP_BODY_LIMIT: env.int(10 * 1024 * 1024, 1),
  /** Document root of the static site (web.md §2), relative to the workspace root. */
  WWW_ROOT: env.string('www'),
  /** Calls one daemon connection carries at once (pipelined); more wait for a free slot. */
  PG_PIPELINE_DEPTH: env.int(8, 1),
  /** Node cluster workers, or `auto` (one per usable CPU, cgroup quota included); 1 runs a single process (Kubernetes scales pods instead). */
  APP_WORKERS: env.workers(1),
};

export type AppEnv = Env<typeof appEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function appEnvRules(value: AppEnv): string[] {
  return requireRoleUrl(value, 'daemon');
}
