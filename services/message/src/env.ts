import { requireRoleUrl, serviceEnv, type Env } from '@pgfleet/config';

/** Environment of the message service: the shared fields (ARCHITECTURE §6) and its own. */
export const messageEnv = {
  ...serviceEnv(4106),
};

export type MessageEnv = Env<typeof messageEnv>;

/** Cross-field rules: alone, a service never starts PostgreSQL, so it must be told where it is. */
export function messageEnvRules(value: MessageEnv): string[] {
  return requireRoleUrl(value, 'apibot');
}
