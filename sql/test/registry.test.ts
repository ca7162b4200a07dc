import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, token, web, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let adminJwt: string;
let userJwt: string;

const CONFIG = 'CURRENT_CONFIG';

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const admin = await createUser(kernel, 'administrator');
  adminJwt = await signIn(daemon, admin.username, admin.password);
  const user = await createUser(kernel);
  userJwt = await signIn(daemon, user.username, user.password);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(path: string, payload: unknown, jwt = adminJwt): Promise<Json[]> {
  return fetch(daemon, jwt, `/api/v1${path}`, payload);
}

describe('kernel functions', () => {
  it('seeds the well-known entries of the global tree', async () => {
    expect(await one(kernel, "SELECT kernel.RegGetValueString('CURRENT_CONFIG', E'CONFIG\\\\System', 'LocaleCode')")).toMatch(/^[a-z]{2}$/);
    expect(await one(kernel, "SELECT kernel.RegGetValueType('CURRENT_CONFIG', E'CONFIG\\\\CurrentProject\\\\API\\\\Route', 'Blacklist')")).toBe(3);
  });

  it('returns NULL without error for a missing middle segment', async () => {
    expect(await one(kernel, "SELECT kernel.RegOpenKey('CURRENT_CONFIG', E'CONFIG\\\\Nope\\\\System')")).toBeNull();
    expect(await one(kernel, "SELECT kernel.RegGetValueString('CURRENT_CONFIG', E'CONFIG\\\\Nope\\\\System', 'LocaleCode')")).toBeNull();
  });

  it('ignores empty path segments', async () => {
    const created = await one(kernel, "SELECT kernel.RegCreateKey('CURRENT_CONFIG', E'KTest\\\\Seg')");
    expect(await one(kernel, "SELECT kernel.RegOpenKey('CURRENT_CONFIG', E'\\\\KTest\\\\\\\\Seg\\\\')")).toBe(created);
  });

  it('keeps the old string when an integer is written over it, with vtype 0', async () => {
    await kernel.query("SELECT kernel.RegSetValueString('CURRENT_CONFIG', 'KTest', 'mixed', 'text')");
    await kernel.query("SELECT kernel.RegSetValueInteger('CURRENT_CONFIG', 'KTest', 'mixed', 7)");
    const value = await one<Json>(kernel, "SELECT row_to_json(kernel.RegGetValue(kernel.RegOpenKey('CURRENT_CONFIG', 'KTest'), 'mixed'))");
    expect(value).toMatchObject({ vtype: 0, vinteger: 7, vstring: 'text' });
    expect(await one(kernel, "SELECT kernel.RegGetValueString('CURRENT_CONFIG', 'KTest', 'mixed')")).toBeNull();
  });

  it('renames a value when RegSetValue is keyed by the value id with a new name', async () => {
    const id = await one<string>(kernel, "SELECT kernel.RegSetValueString('CURRENT_CONFIG', 'KTest', 'before', 'v')");
    await kernel.query("SELECT kernel.RegSetValue($1::uuid, 'after', ROW(3, null, null, null, 'w', null)::kernel.Variant)", [id]);
    expect(await one(kernel, 'SELECT vname FROM registry.value WHERE id = $1', [id])).toBe('after');
  });

  it('rejects an unknown root alias with ERR-400-080 and a bad type with ERR-400-081', async () => {
    expect(await failure(kernel, "SELECT kernel.RegCreateKey('HKEY_LOCAL', 'x')")).toMatch(/^ERR-400-080: .*\{CURRENT_CONFIG,CURRENT_USER\}/);
    expect(await failure(kernel, "SELECT kernel.RegSetValueEx(kernel.RegCreateKey('CURRENT_CONFIG', 'KTest'), 'x', 9)")).toMatch(/^ERR-400-081: /);
  });

  it('reports delete failures as false with a status message', async () => {
    expect(await one(kernel, "SELECT kernel.RegDeleteKey('CURRENT_CONFIG', 'KNoSuch')")).toBe(false);
    expect(await one(kernel, 'SELECT kernel.GetErrorMessage()')).toBe('Specified subkey not found.');
    expect(await one(kernel, "SELECT kernel.RegDeleteKeyValue('CURRENT_CONFIG', 'KTest', 'nosuch')")).toBe(false);
    expect(await one(kernel, 'SELECT kernel.GetErrorMessage()')).toBe('Specified value not found.');
  });
});

describe('REST /registry/*', () => {
  it('writes typed values and reads them back as variants and typed values', async () => {
    const [written] = await call('/registry/write/integer', { key: CONFIG, subkey: 'KRest\\A', name: 'n', value: 5 });
    expect(written).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await call('/registry/write', { key: CONFIG, subkey: 'KRest\\A', name: 's', type: 3, data: 'hello' });
    await call('/registry/write/boolean', { key: CONFIG, subkey: 'KRest\\A', name: 'b', value: 'yes' });
    await call('/registry/write/datetime', { key: CONFIG, subkey: 'KRest\\A', name: 'd', value: '2024-02-03T04:05:06' });
    await call('/registry/write/numeric', { key: CONFIG, subkey: 'KRest\\A', name: 'x', value: '1.25' });

    expect(await call('/registry/read', { key: CONFIG, subkey: 'KRest\\A', name: 'n' })).toEqual([
      { vtype: 0, vinteger: 5, vnumeric: null, vdatetime: null, vstring: null, vboolean: null },
    ]);
    expect(await call('/registry/read/string', [{ key: CONFIG, subkey: 'KRest\\A', name: 's' }, { key: CONFIG, subkey: 'KRest\\A', name: 'missing' }])).toEqual([
      { value: 'hello' },
      { value: null },
    ]);
    expect(await call('/registry/read/boolean', { key: CONFIG, subkey: 'KRest\\A', name: 'b' })).toEqual([{ value: true }]);
    expect(await call('/registry/read/datetime', { key: CONFIG, subkey: 'KRest\\A', name: 'd' })).toEqual([{ value: '2024-02-03T04:05:06' }]);
    expect(await call('/registry/read/numeric', { key: CONFIG, subkey: 'KRest\\A', name: 'x' })).toEqual([{ value: 1.25 }]);
  });

  it('returns all-null variant fields for a missing value', async () => {
    expect(await call('/registry/read', { key: CONFIG, subkey: 'KRest\\Nope', name: 'n' })).toEqual([
      { vtype: null, vinteger: null, vnumeric: null, vdatetime: null, vstring: null, vboolean: null },
    ]);
  });

  it('enumerates child keys with full paths and the values of a key', async () => {
    await call('/registry/write/string', { key: CONFIG, subkey: 'KEnum\\One', name: 'v', value: '1' });
    await call('/registry/write/string', { key: CONFIG, subkey: 'KEnum\\Two', name: 'v', value: '2' });
    const keys = await call('/registry/enum/key', { key: CONFIG, subkey: 'KEnum' });
    expect(keys.map((row) => row.subkey)).toEqual(['KEnum\\One', 'KEnum\\Two']);
    const values = await call('/registry/enum/value', { key: CONFIG, subkey: 'KEnum\\One', extended: true });
    expect(values).toEqual([expect.objectContaining({ subkey: 'KEnum\\One', valuename: 'v', vtype: 3, vstring: '1' })]);
    const [path] = await call('/registry/get/key', { id: keys[0]?.id });
    expect(path).toEqual({ key: 'KEnum\\One' });
  });

  it('lists registry rows of the global tree for an administrator', async () => {
    const listed = await call('/registry/list', {});
    expect(listed.some((row) => row.keyname === 'CURRENT_CONFIG' && row.valuename === 'LocaleCode')).toBe(true);
  });

  it('refuses to delete a key with children with a 400 (upstream: a foreign-key 500) and deletes the tree', async () => {
    expect(errorOf((await call('/registry/delete/key', { key: CONFIG, subkey: 'KEnum' }))[0])).toMatchObject({ code: 400, error: 'ERR-400-045' });
    expect(await call('/registry/delete/tree', { key: CONFIG, subkey: 'KEnum' })).toEqual([{ key: CONFIG, subkey: 'KEnum', success: '' }]);
    expect(await call('/registry/enum/key', { key: CONFIG, subkey: 'KEnum' })).toEqual([]);
  });

  it('deletes a value by path and answers a missing key with ERR-400-030 (upstream: a plain-text 500)', async () => {
    expect(await call('/registry/delete/value', { key: CONFIG, subkey: 'KRest\\A', name: 'n' })).toEqual([
      { id: null, key: CONFIG, subkey: 'KRest\\A', name: 'n', success: '' },
    ]);
    expect(errorOf((await call('/registry/delete/key', { key: CONFIG, subkey: 'KNoSuch' }))[0])).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('answers invalid payloads with 400 envelopes', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/registry/write/integer', { key: CONFIG, subkey: 'KBad', name: 'n', value: 'abc' }, 'ERR-400-063'],
      ['/registry/write/integer', { key: CONFIG, subkey: 'KBad', name: 'n', value: 99999999999 }, 'ERR-400-063'],
      ['/registry/write/datetime', { key: CONFIG, subkey: 'KBad', name: 'd', value: '2020-13-45' }, 'ERR-400-063'],
      ['/registry/write/datetime', { key: CONFIG, subkey: 'KBad', name: 'd', value: 'not a date' }, 'ERR-400-063'],
      ['/registry/write', { key: CONFIG, subkey: 'KBad', name: 'n', type: 9, data: 1 }, 'ERR-400-081'],
      ['/registry/write/integer', { key: 'HKLM', subkey: 'KBad', name: 'n', value: 1 }, 'ERR-400-080'],
      ['/registry/write/integer', { key: CONFIG, subkey: 'KBad', name: 'n', value: 1, extra: true }, 'ERR-400-061'],
      ['/registry/list', { id: "'; DROP TABLE registry.key; --" }, 'ERR-400-063'],
      ['/registry/get/key', {}, 'ERR-400-062'],
      ['/registry/read', 'a string', 'ERR-400-063'],
      ['/registry/write/integer', [1, 2], 'ERR-400-063'],
      ['/registry/write/bogus', {}, 'ERR-400-091'],
      ['/registry/nosuch', {}, 'ERR-400-091'],
    ];
    for (const [path, payload, error] of cases) {
      const answer = await call(path, payload);
      expect({ path, error: errorOf(answer[0]) }).toMatchObject({ path, error: { code: 400, error } });
    }
    expect(await one(kernel, 'SELECT count(*)::int > 0 FROM registry.key')).toBe(true);
  });

  it('refuses a non-administrator user over the daemon role (ERR-400-001)', async () => {
    const [row] = await call('/registry/list', {}, userJwt);
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('allows the same user over an apibot connection', async () => {
    const apibot = await db.client('apibot');
    const user = await createUser(kernel);
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password });
    await apibot.query('SELECT api.authorize($1)', [answer.session]);
    const written = await rows<Json>(apibot, "SELECT * FROM rest.registry('/registry/write/string', $1::jsonb)", [
      JSON.stringify({ key: 'CURRENT_USER', subkey: 'Prefs', name: 'theme', value: 'dark' }),
    ]);
    expect(written).toHaveLength(1);
    expect(await one(kernel, "SELECT kernel.RegGetValueString('CURRENT_USER', 'Prefs', 'theme', $1::uuid)", [user.id])).toBe('dark');
  });

  it('registers all its paths in the REST catalogue', async () => {
    expect(await one(kernel, "SELECT count(*)::int FROM db.rest_catalog WHERE module = 'registry'")).toBe(21);
  });
});
