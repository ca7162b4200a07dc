import pg from 'pg';

// Jest loads this file through its CommonJS path, where the preset's `.js` →
// `.ts` mapping does not apply, so it repeats the two statements it needs
// rather than importing testkit.sql.ts.
const runDatabasesSql = "SELECT datname AS name FROM pg_database WHERE datname LIKE 't\\_%\\_' || $1 || '\\_%'";
const dropDatabaseSql = "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text) AS statement";

/** Drops the databases of this run that test files did not drop themselves. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.PGFLEET_TEST_RUN;
  if (!run) return;
  const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'pgfleet-testkit-teardown', connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(runDatabasesSql, [run]);
    for (const { name } of rows) {
      const { rows: statements } = await client.query<{ statement: string }>(dropDatabaseSql, [name]);
      for (const { statement } of statements) await client.query(statement);
    }
  } catch (err) {
    // A run without a reachable server (pure unit tests) has nothing to clean up.
    console.warn(`pgfleet testkit: leftover test databases not dropped: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
