import pg from 'pg';
import { rolePassword, withCredentials } from '@pgfleet/config';

/** The database named by a URL's path. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  return name;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

/** The installer works as `kernel` so that role owns every object it creates. */
export function kernelUrl(url: string, env: NodeJS.ProcessEnv): string {
  return withCredentials(url, 'kernel', rolePassword('kernel', env));
}

export async function connect(url: string, applicationName = 'pgfleet-installer'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 10_000 });
  // A server-side termination during a run surfaces through the failing query;
  // this listener only keeps the emitted 'error' from crashing the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs a statement that PostgreSQL's format() produced from bound values. */
export async function execFormatted(client: pg.ClientBase, formatSql: string, values: unknown[]): Promise<void> {
  const result = await client.query<unknown[]>({ text: formatSql, values, rowMode: 'array' });
  for (const row of result.rows) {
    for (const statement of row) await client.query(String(statement));
  }
}

export async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
