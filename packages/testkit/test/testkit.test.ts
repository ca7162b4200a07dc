import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createEmptyDatabase, createTestDatabase, templateHash, templateName, type TestDatabase } from '../src/index.js';

// The installer's fixture tree stands in for the real one, so these tests do
// not depend on the state of sql/platform.
const root = fileURLToPath(new URL('../../db/test/fixtures/basic/', import.meta.url));
const env = { ...process.env, PGFLEET_PROJECT: 'testkit' };
const slow = 60_000;
const databases: TestDatabase[] = [];

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function exists(name: string): Promise<boolean> {
  const rows = await query(databases[0]?.url ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

afterAll(async () => {
  for (const database of databases) await database.drop();
}, slow);

describe('createTestDatabase', () => {
  it('gives each test an isolated clone of the installed template', async () => {
    const first = await createTestDatabase({ prefix: 'isolation', root, env });
    const second = await createTestDatabase({ prefix: 'isolation', root, env });
    databases.push(first, second);
    expect(first.name).not.toBe(second.name);

    await query(first.url, "INSERT INTO db.item (name) VALUES ('only in the first clone')");
    const inFirst = await query<{ name: string }>(first.url, 'SELECT name FROM db.item ORDER BY id');
    const inSecond = await query<{ name: string }>(second.url, 'SELECT name FROM db.item ORDER BY id');
    expect(inFirst.map((row) => row.name)).toEqual(['seeded', 'only in the first clone']);
    expect(inSecond.map((row) => row.name)).toEqual(['seeded']);
  }, slow);

  it('hands out role URLs that carry the installed grants', async () => {
    const database = await createTestDatabase({ prefix: 'roles', root, env });
    databases.push(database);
    const rows = await query<{ r: { project: string } }>(database.urls.daemon, "SELECT * FROM daemon.echo('{}'::jsonb, null) AS r");
    expect(rows[0]?.r.project).toBe('testkit');
    await expect(query(database.urls.daemon, 'SELECT demo.note_count()')).rejects.toMatchObject({ code: '42501' });
    const who = await query<{ user: string }>(database.urls.apibot, 'SELECT current_user AS user');
    expect(who[0]?.user).toBe('apibot');
  }, slow);

  it('keeps the template sealed and reuses it while the tree is unchanged', async () => {
    const name = templateName(root, env);
    const before = await query<{ oid: number; datistemplate: boolean; datallowconn: boolean }>('postgres://postgres@127.0.0.1:5432/postgres', 'SELECT oid, datistemplate, datallowconn FROM pg_database WHERE datname = $1', [name]);
    expect(before.map(({ datistemplate, datallowconn }) => ({ datistemplate, datallowconn }))).toEqual([{ datistemplate: true, datallowconn: false }]);
    databases.push(await createTestDatabase({ prefix: 'reuse', root, env }));
    const after = await query<{ oid: number }>('postgres://postgres@127.0.0.1:5432/postgres', 'SELECT oid FROM pg_database WHERE datname = $1', [name]);
    expect(after[0]?.oid).toBe(before[0]?.oid);
  }, slow);

  it('drops its database', async () => {
    const database = await createTestDatabase({ prefix: 'drop', root, env });
    expect(await exists(database.name)).toBe(true);
    await database.drop();
    expect(await exists(database.name)).toBe(false);
  }, slow);
});

describe('templateHash', () => {
  it('changes when a file of the tree or a relevant setting changes, and not with the checkout path', () => {
    const copy = mkdtempSync(join(tmpdir(), 'pgfleet-testkit-'));
    try {
      cpSync(root, copy, { recursive: true });
      const base = templateHash(root, env);
      expect(templateHash(copy, env)).toBe(base);
      expect(templateHash(copy, { ...env, PGFLEET_PROJECT: 'other' })).not.toBe(base);
      writeFileSync(join(copy, 'sql/platform/02-api/routes.sql'), "INSERT INTO db.route (path) VALUES ('/changed');\n");
      expect(templateHash(copy, env)).not.toBe(base);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('createEmptyDatabase', () => {
  it('creates a bare database without the platform', async () => {
    const database = await createEmptyDatabase({ prefix: 'empty' });
    databases.push(database);
    const rows = await query<{ n: number }>(database.url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('db', 'kernel', 'api', 'daemon')");
    expect(rows[0]?.n).toBe(0);
    expect(database.name).toContain(`_${process.env.PGFLEET_TEST_RUN}_`);
  }, slow);
});
