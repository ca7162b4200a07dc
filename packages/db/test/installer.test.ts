import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { install, patch, SqlFileError, status, update } from '../src/index.js';
import { collectLog, copyFixture, dropDatabase, fixture, query, removeFixtureCopies, uniqueName, urlFor } from './support.js';

// Installs create databases on a shared two-core machine; jest's 5 s default is too tight.
const slow = 60_000;
const env = { PGFLEET_PROJECT: 'fixture-project', PUBLIC_URL: 'https://fleet.example.test', PGFLEET_ADMIN_PASSWORD: 'seed-admin' };
const created: string[] = [];

function newDatabase(): { name: string; databaseUrl: string } {
  const name = uniqueName('pgfleet_inst');
  created.push(name);
  return { name, databaseUrl: urlFor(name) };
}

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
  removeFixtureCopies();
}, slow);

describe('install', () => {
  const { name, databaseUrl } = newDatabase();
  const root = fixture('basic');
  let firstLog: string[] = [];

  beforeAll(async () => {
    const { lines, log } = collectLog();
    const result = await install({ databaseUrl, root, env, log });
    firstLog = lines;
    expect(result.action).toBe('installed');
  }, slow);

  it('creates the database owned by kernel in UTF8', async () => {
    const rows = await query(urlFor('postgres'), `SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = $1`, [name]);
    expect(rows).toEqual([{ owner: 'kernel', encoding: 'UTF8' }]);
  }, slow);

  it('creates the cluster roles with their attributes', async () => {
    const rows = await query(urlFor('postgres'), `
      SELECT rolname, rolcanlogin,
             pg_has_role(rolname, 'administrator', 'MEMBER') AS in_administrator
        FROM pg_roles WHERE rolname IN ('administrator', 'kernel', 'admin', 'daemon', 'apibot') ORDER BY rolname`);
    // Roles are cluster-wide and may predate this test (they are kept as found), so only what every install guarantees is checked.
    expect(rows).toEqual([
      { rolname: 'admin', rolcanlogin: true, in_administrator: true },
      { rolname: 'administrator', rolcanlogin: false, in_administrator: true },
      { rolname: 'apibot', rolcanlogin: true, in_administrator: false },
      { rolname: 'daemon', rolcanlogin: true, in_administrator: false },
      { rolname: 'kernel', rolcanlogin: true, in_administrator: false },
    ]);
    const admin = await query(urlFor('postgres'), "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'admin'");
    expect(admin).toEqual([{ rolcreaterole: true }]);
  }, slow);

  it('prints one timed progress line per module and phase', () => {
    expect(firstLog).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}platform\/01-kernel +create\+code +\d+ ms$/), expect.stringMatching(/^ {2}configuration\/demo +seed +\d+ ms$/)]));
  }, slow);

  it('lets daemon call the functions of a schema granted to it', async () => {
    const rows = await query(urlFor(name, 'daemon'), `SELECT * FROM daemon.echo('{"a":1}'::jsonb, '10.0.0.1'::inet) AS r`);
    expect(rows[0]?.r).toEqual({ payload: { a: 1 }, host: '10.0.0.1', project: 'fixture-project' });
  }, slow);

  it('refuses daemon a function of a schema it has no grant for', async () => {
    await expect(query(urlFor(name, 'daemon'), 'SELECT demo.note_count()')).rejects.toMatchObject({ code: '42501' });
    await expect(query(urlFor(name, 'daemon'), 'SELECT kernel.GetProject()')).rejects.toMatchObject({ code: '42501' });
  }, slow);

  it('leaves PUBLIC without EXECUTE on every function of the layers', async () => {
    const rows = await query(databaseUrl, `
      SELECT p.oid::regprocedure::text AS fn
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname IN ('db', 'kernel', 'api', 'daemon', 'demo', 'pgfleet_bus')
         AND has_function_privilege('public', p.oid, 'EXECUTE')`);
    expect(rows).toEqual([]);
    const all = await query(databaseUrl, `SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('kernel', 'api', 'daemon', 'demo')`);
    expect(all[0]?.n).toBeGreaterThan(5);
  }, slow);

  it('grants SELECT on views and EXECUTE on functions of granted schemas to apibot', async () => {
    const rows = await query(urlFor(name, 'apibot'), 'SELECT name, label FROM api.item');
    expect(rows).toEqual([{ name: 'seeded', label: 'SEEDED' }]);
    const count = await query(urlFor(name, 'apibot'), 'SELECT demo.note_count()::int AS n');
    expect(count[0]?.n).toBe(1);
  }, slow);

  it('passes the identity settings to the seeds, which run as kernel', async () => {
    const rows = await query<{ name: string; value: string }>(databaseUrl, 'SELECT name, value FROM db.setting ORDER BY name');
    const settings: Record<string, string> = Object.fromEntries(rows.map((row) => [row.name, row.value]));
    expect(settings).toMatchObject({
      admin_password: 'seed-admin',
      project: 'fixture-project',
      public_url: 'https://fleet.example.test',
      seeded_by: 'kernel',
    });
    expect(settings.secret_key).toMatch(/.{16,}/);
  }, slow);

  it('hands the expanded OAuth provider files to kernel.SyncOAuth2Config once', async () => {
    const rows = await query(databaseUrl, 'SELECT config FROM db.oauth_received');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.config).toMatchObject({
      default: { web: { client_id: 'web-fixture', issuers: ['https://fleet.example.test'], redirect_uris: ['https://fleet.example.test/oauth2/callback'] } },
    });
  }, slow);

  it('records every shipped patch as applied', async () => {
    const rows = await query(databaseUrl, 'SELECT name FROM db.patch_log ORDER BY name');
    expect(rows.map((row) => row.name)).toEqual(['config/demo/P00000001', 'platform/P00000001']);
  }, slow);

  it('does nothing on an installed database', async () => {
    await query(databaseUrl, "INSERT INTO db.item (name) VALUES ('kept')");
    const { lines, log } = collectLog();
    const result = await install({ databaseUrl, root, env, log });
    expect(result.action).toBe('already-installed');
    expect(lines.join('\n')).toMatch(/already installed/);
    const rows = await query(databaseUrl, 'SELECT name FROM db.item ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(['seeded', 'kept']);
  }, slow);

  it('takes ownership of an existing empty database made for it', async () => {
    const other = newDatabase();
    await query(urlFor('postgres'), `CREATE DATABASE ${other.name}`);
    await install({ databaseUrl: other.databaseUrl, root, env, log: () => undefined });
    const owner = await query(other.databaseUrl, 'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()');
    expect(owner).toEqual([{ owner: 'kernel' }]);
  }, slow);

  it('re-creates the database with force', async () => {
    await query(databaseUrl, "INSERT INTO db.item (name) VALUES ('gone after force')");
    const result = await install({ databaseUrl, root, env, log: () => undefined, force: true });
    expect(result.action).toBe('installed');
    const rows = await query(databaseUrl, 'SELECT name FROM db.item ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(['seeded']);
  }, slow);
});

describe('update', () => {
  it('keeps table data, re-creates views and the functions that return their rows, re-runs syncs and grants', async () => {
    const { name, databaseUrl } = newDatabase();
    const root = copyFixture('basic');
    await install({ databaseUrl, root, env, log: () => undefined });
    await query(databaseUrl, "INSERT INTO db.item (name) VALUES ('user data')");
    const viewFile = join(root, 'sql/platform/02-api/view.sql');
    writeFileSync(viewFile, readFileSync(viewFile, 'utf8').replace('upper(name) AS label', 'upper(name) AS label, length(name) AS size'));

    const { lines, log } = collectLog();
    await update({ databaseUrl, root, env, log });

    expect(lines).toContain('  dropped 1 view');
    const items = await query(urlFor(name, 'apibot'), 'SELECT name, size FROM api.item ORDER BY id');
    expect(items).toEqual([
      { name: 'seeded', size: 6 },
      { name: 'user data', size: 9 },
    ]);
    const viaDaemon = await query(urlFor(name, 'daemon'), 'SELECT * FROM daemon.item(2) AS r');
    expect(viaDaemon[0]?.r).toEqual({ id: 2, name: 'user data', label: 'USER DATA', size: 9 });
    const routes = await query(databaseUrl, 'SELECT path, syncs FROM db.route ORDER BY path');
    expect(routes).toEqual([
      { path: '/echo', syncs: 2 },
      { path: '/item', syncs: 2 },
    ]);
    const seeds = await query(databaseUrl, "SELECT count(*)::int AS n FROM db.item WHERE name = 'seeded'");
    expect(seeds[0]?.n).toBe(1);
    const publicExecute = await query(databaseUrl, "SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'api' AND has_function_privilege('public', p.oid, 'EXECUTE')");
    expect(publicExecute[0]?.n).toBe(0);
  }, slow);

  it('rolls everything back when a code file fails', async () => {
    const { databaseUrl } = newDatabase();
    const root = copyFixture('basic');
    await install({ databaseUrl, root, env, log: () => undefined });
    writeFileSync(join(root, 'sql/configuration/demo/routine.sql'), 'CREATE OR REPLACE FUNCTION demo.x() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\nSELECT no_such_function();\n');
    await expect(update({ databaseUrl, root, env, log: () => undefined })).rejects.toThrow(/^sql\/configuration\/demo\/routine\.sql:2: function no_such_function\(\) does not exist/);
    const views = await query(databaseUrl, "SELECT count(*)::int AS n FROM pg_views WHERE schemaname = 'api'");
    expect(views[0]?.n).toBe(1);
  }, slow);

  it('installs a module that is new in the tree: create before its code, seed after, once', async () => {
    const { name, databaseUrl } = newDatabase();
    const root = copyFixture('basic');
    await install({ databaseUrl, root, env, log: () => undefined });
    const dir = join(root, 'sql/platform/03-notes');
    mkdirSync(dir);
    writeFileSync(join(dir, 'module.json'), JSON.stringify({ name: 'notes', create: ['table.sql'], code: ['view.sql'], seed: ['init.sql'], grants: { apibot: ['api'] } }));
    writeFileSync(join(dir, 'table.sql'), 'CREATE TABLE db.note (id serial PRIMARY KEY, text text NOT NULL);\n');
    writeFileSync(join(dir, 'view.sql'), 'CREATE VIEW api.note AS SELECT id, text FROM db.note;\n');
    writeFileSync(join(dir, 'init.sql'), "INSERT INTO db.note (text) VALUES ('first');\n");

    const { lines, log } = collectLog();
    await update({ databaseUrl, root, env, log });
    await update({ databaseUrl, root, env, log: () => undefined });

    expect(lines).toContain('  new modules: platform/03-notes');
    const notes = await query(urlFor(name, 'apibot'), 'SELECT text FROM api.note');
    expect(notes).toEqual([{ text: 'first' }]);
  }, slow);

  it('refuses a database that was never installed', async () => {
    const { databaseUrl } = newDatabase();
    await expect(update({ databaseUrl, root: fixture('basic'), env, log: () => undefined })).rejects.toThrow();
  }, slow);
});

describe('patch and status', () => {
  it('lists a new patch as pending, applies it once, records it and updates', async () => {
    const { databaseUrl } = newDatabase();
    const root = copyFixture('basic');
    await install({ databaseUrl, root, env, log: () => undefined });
    writeFileSync(join(root, 'sql/platform/patch/P00000002.sql'), "ALTER TABLE db.item ADD COLUMN weight integer;\nINSERT INTO db.item (name, weight) VALUES ('from patch', 7);\n");

    const before = await status({ databaseUrl, root, env, log: () => undefined });
    expect(before.installed).toBe(true);
    expect(before.pending).toEqual(['platform/P00000002']);
    expect(before.applied.map((item) => item.name).sort()).toEqual(['config/demo/P00000001', 'platform/P00000001']);

    const { lines, log } = collectLog();
    expect(await patch({ databaseUrl, root, env, log })).toEqual(['platform/P00000002']);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}platform\/P00000002 +applied +\d+ ms$/), '  dropped 1 view']));
    expect(await patch({ databaseUrl, root, env, log: () => undefined })).toEqual([]);

    const rows = await query(databaseUrl, "SELECT weight FROM db.item WHERE name = 'from patch'");
    expect(rows).toEqual([{ weight: 7 }]);
    const after = await status({ databaseUrl, root, env, log: () => undefined });
    expect(after.pending).toEqual([]);
    expect(after.applied.map((item) => item.name)).toContain('platform/P00000002');
  }, slow);

  it('applies configuration patches after platform patches and stops at a failing one', async () => {
    const { databaseUrl } = newDatabase();
    const root = copyFixture('basic');
    await install({ databaseUrl, root, env, log: () => undefined });
    writeFileSync(join(root, 'sql/platform/patch/P00000002.sql'), 'CREATE TABLE db.from_platform_patch (id int);\n');
    writeFileSync(join(root, 'sql/configuration/demo/patch/P00000002.sql'), 'CREATE TABLE demo.ok (id int);\n\nALTER TABLE demo.missing ADD COLUMN x int;\n');
    await expect(patch({ databaseUrl, root, env, log: () => undefined })).rejects.toThrow(/^sql\/configuration\/demo\/patch\/P00000002\.sql:3: relation "demo\.missing" does not exist/);
    const log = await query(databaseUrl, 'SELECT name FROM db.patch_log ORDER BY name');
    expect(log.map((row) => row.name)).toEqual(['config/demo/P00000001', 'platform/P00000001', 'platform/P00000002']);
    const half = await query(databaseUrl, "SELECT to_regclass('demo.ok') IS NULL AS rolled_back");
    expect(half[0]?.rolled_back).toBe(true);
  }, slow);

  it('reports a missing database as not installed with every patch pending', async () => {
    const { databaseUrl } = newDatabase();
    const result = await status({ databaseUrl, root: fixture('basic'), env, log: () => undefined });
    expect(result).toEqual({ installed: false, applied: [], pending: ['platform/P00000001', 'config/demo/P00000001'] });
  }, slow);
});

describe('a failing install', () => {
  it('names the file and line, leaves nothing half-installed and fails the same way again', async () => {
    const { databaseUrl } = newDatabase();
    const run = () => install({ databaseUrl, root: fixture('broken'), env: {}, log: () => undefined });
    const error = await run().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SqlFileError);
    expect((error as SqlFileError).message).toMatch(/^sql\/platform\/01-bad\/broken\.sql:10: type "integr" does not exist/);
    const schemas = await query(databaseUrl, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'bad'");
    expect(schemas[0]?.n).toBe(0);
    await expect(run()).rejects.toThrow(/broken\.sql:10:/);
  }, slow);
});

describe('role passwords', () => {
  it('keeps an existing role password unless asked to reset it', async () => {
    const { databaseUrl } = newDatabase();
    const hash = async () => (await query(urlFor('postgres'), "SELECT rolpassword FROM pg_authid WHERE rolname = 'apibot'"))[0]?.rolpassword as string | null;
    await install({ databaseUrl, root: fixture('basic'), env, log: () => undefined });
    const before = await hash();
    await install({ databaseUrl, root: fixture('basic'), env, log: () => undefined, force: true });
    expect(await hash()).toBe(before);
    await install({ databaseUrl, root: fixture('basic'), env, log: () => undefined, force: true, resetRolePasswords: true });
    const after = await hash();
    expect(after).not.toBeNull();
    // A fresh SCRAM salt makes a re-set password hash differently even when the password is the same.
    expect(after).not.toBe(before);
  }, slow);
});
