import { randomBytes } from 'node:crypto';
import pg from 'pg';

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

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgfleet-testkit', connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function execFormatted(client: pg.ClientBase, formatSql: string, values: unknown[]): Promise<void> {
  const result = await client.query<unknown[]>({ text: formatSql, values, rowMode: 'array' });
  for (const row of result.rows) {
    for (const statement of row) await client.query(String(statement));
  }
}
