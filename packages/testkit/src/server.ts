import { randomBytes } from 'node:crypto';
import { installer } from '@pgfleet/db';

const defaultServerUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin-capable server the tests use: DATABASE_URL's server and user, else the machine's PostgreSQL. */
export function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || defaultServerUrl;
}

export function databaseUrl(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * Every database a run creates carries the run id in its name, so the global
 * teardown can find what test files left behind without touching other runs'.
 */
export function runId(env: NodeJS.ProcessEnv = process.env): string {
  env.PGFLEET_TEST_RUN ||= randomBytes(4).toString('hex');
  return env.PGFLEET_TEST_RUN;
}

export function testDatabaseName(prefix = 'db'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 24) || 'db';
  return `t_${clean}_${runId()}_${randomBytes(4).toString('hex')}`;
}

// One connection helper and one runner of format()-built statements, shared with the installer.
export const { withClient, execFormatted } = installer;
