/** The committed development server key (ARCHITECTURE §6); real deployments set PGFLEET_SECRET_KEY. */
export const developmentSecretKey = 'pgfleet-development-secret-key-do-not-use-in-production';

/** The identity settings of docs/internals.md §2, read by seeds with current_setting(name, true). */
export function identitySettings(env: NodeJS.ProcessEnv): [project: string, secretKey: string, adminPassword: string, publicUrl: string] {
  return [
    env.PGFLEET_PROJECT || 'pgfleet',
    env.PGFLEET_SECRET_KEY || developmentSecretKey,
    env.PGFLEET_ADMIN_PASSWORD || 'admin',
    env.PUBLIC_URL || 'http://127.0.0.1:4977',
  ];
}
