// The kladr module: importing the classifier (CSV and the public DBF
// format) with the loader, building the address tree, the lookups and
// strings, and the REST paths as the app service calls them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DBFFile } from 'dbffile';
import type pg from 'pg';
import { loadKladrFiles, readKladrFile, type KladrRecord } from '../platform/16-kladr/load.js';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type Json, type TestDb } from './kernel-support.js';

const fixtures = fileURLToPath(new URL('./fixtures/kladr/', import.meta.url));
const csvFiles = [join(fixtures, 'KLADR.csv'), join(fixtures, 'STREET.csv')];

const OMSK = '01550000010000000';
const LENINA = '01550000010000123';
const ACHAIR = '01550190000120000';
const TSENTRALNAYA = '01550190000120001';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const user = await createUser(kernel);
  jwt = await signIn(daemon, user.username, user.password);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(path: string, payload: unknown): Promise<Json[]> {
  return fetch(daemon, jwt, `/api/v1${path}`, payload);
}

async function tree(): Promise<Json[]> {
  return rows<Json>(kernel, `
    SELECT json_build_object('code', t.code, 'name', t.name, 'short', t.short, 'index', t.index, 'level', t.level, 'parent', p.code)
      FROM db.address_tree t LEFT JOIN db.address_tree p ON p.id = t.parent ORDER BY t.code`);
}

async function reset(): Promise<void> {
  await kernel.query('SELECT kernel.ClearAddressTree(); DELETE FROM db.street; DELETE FROM db.kladr');
}

function str(code: string, short = 0, level = 0): Promise<string | null> {
  return one<string | null>(kernel, 'SELECT kernel.GetAddressTreeString($1, $2, $3)', [code, short, level]);
}

describe('loader and tree', () => {
  let csvTree: Json[];

  beforeAll(async () => {
    await reset();
    expect(await loadKladrFiles(kernel, csvFiles, { build: true })).toEqual({ kladr: 7, street: 5 });
    csvTree = await tree();
  }, HOOK_TIMEOUT_MS);

  it('builds the country, regions other than 99, and current objects only, each under its nearest non-zero prefix', () => {
    expect(csvTree).toEqual([
      { code: '01000000000000000', name: 'Российская Федерация', short: null, index: null, level: 0, parent: null },
      { code: '01550000000000000', name: 'Омская', short: 'обл', index: null, level: 1, parent: '01000000000000000' },
      { code: OMSK, name: 'Омск', short: 'г', index: '644000', level: 3, parent: '01550000000000000' },
      { code: LENINA, name: 'Ленина', short: 'ул', index: '644099', level: 5, parent: OMSK },
      { code: '01550000010000456', name: 'Мира', short: 'пр-кт', index: null, level: 5, parent: OMSK },
      { code: '01550190000000000', name: 'Омский', short: 'р-н', index: null, level: 2, parent: '01550000000000000' },
      { code: ACHAIR, name: 'Ачаир', short: 'с', index: '644516', level: 4, parent: '01550190000000000' },
      { code: TSENTRALNAYA, name: 'Центральная', short: 'ул', index: '644516', level: 5, parent: ACHAIR },
      { code: '01770000000000000', name: 'Москва', short: 'г', index: null, level: 1, parent: '01000000000000000' },
      { code: '01770000000002875', name: 'Тверская', short: 'ул', index: '125009', level: 5, parent: '01770000000000000' },
    ]);
  });

  it('rebuilds idempotently, reusing the existing root and nodes (upstream attached them to NULL)', async () => {
    await kernel.query('SELECT kernel.LoadFromKladr(null)');
    await kernel.query("SELECT kernel.LoadFromKladr(ARRAY['55'])");
    expect(await tree()).toEqual(csvTree);
  });

  it('builds only the regions asked for', async () => {
    await kernel.query('SELECT kernel.ClearAddressTree()');
    await kernel.query("SELECT kernel.LoadFromKladr(ARRAY['77'])");
    expect((await tree()).map((node) => node.code)).toEqual(['01000000000000000', '01770000000000000', '01770000000002875']);
    await kernel.query('SELECT kernel.LoadFromKladr(null)');
    expect(await tree()).toEqual(csvTree);
  });

  it('imports the public DBF format (cp866) to the same tree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kladr-'));
    try {
      const records: KladrRecord[] = [];
      for (const file of csvFiles) for await (const record of readKladrFile(file)) records.push(record);
      const field = (name: string, size: number) => ({ name, type: 'C' as const, size });
      const common = [field('NAME', 40), field('SOCR', 10)];
      const tail = [field('INDEX', 6), field('GNINMB', 4), field('UNO', 4), field('OCATD', 11)];
      const kladr = await DBFFile.create(join(dir, 'KLADR.DBF'), [...common, field('CODE', 13), ...tail, field('STATUS', 1)], { encoding: 'cp866' });
      const street = await DBFFile.create(join(dir, 'STREET.DBF'), [...common, field('CODE', 17), ...tail], { encoding: 'cp866' });
      const upper = (record: KladrRecord) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toUpperCase(), value ?? '']));
      await kladr.appendRecords(records.filter((record) => record.code.length === 13).map(upper));
      await street.appendRecords(records.filter((record) => record.code.length === 17).map(({ status: _status, ...record }) => upper(record)));

      await reset();
      expect(await loadKladrFiles(kernel, [join(dir, 'KLADR.DBF'), join(dir, 'STREET.DBF')], { build: true, batchSize: 2 })).toEqual({ kladr: 7, street: 5 });
      expect(await tree()).toEqual(csvTree);
      expect(await one(kernel, "SELECT name FROM db.kladr WHERE code = '5501900001200'")).toBe('Ачаир');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is neither KLADR nor STREET, naming the record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kladr-'));
    try {
      const doma = await DBFFile.create(join(dir, 'DOMA.DBF'), [{ name: 'NAME', type: 'C', size: 40 }, { name: 'CODE', type: 'C', size: 19 }], { encoding: 'cp866' });
      await doma.appendRecords([{ NAME: '1', CODE: '5500000100000120001' }]);
      await expect(loadKladrFiles(kernel, [join(dir, 'DOMA.DBF')])).rejects.toThrow('DOMA.DBF: record 1: code "5500000100000120001" is neither');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses malformed records in the import functions', async () => {
    expect(await failure(kernel, 'SELECT kernel.ImportKladr($1::jsonb)', [JSON.stringify([{ code: '55', name: 'x' }])])).toBe('Invalid KLADR record: code 55');
    expect(await failure(kernel, 'SELECT kernel.ImportStreet($1::jsonb)', [JSON.stringify([{ code: '55000001000012300', name: '' }])])).toBe('Invalid STREET record: code 55000001000012300');
    expect(await failure(kernel, 'SELECT kernel.ImportKladr($1::jsonb)', [JSON.stringify([{ code: '5500000000000', name: 'x'.repeat(41) }])])).toMatch(/too long/);
  });
});

describe('lookups', () => {
  beforeAll(async () => {
    await reset();
    await loadKladrFiles(kernel, csvFiles, { build: true });
  }, HOOK_TIMEOUT_MS);

  it('prints an address in the three abbreviation modes', async () => {
    expect(await str(OMSK, 1, 0)).toBe('Российская Федерация, обл. Омская, г. Омск');
    expect(await str(OMSK, 2, 1)).toBe('Омская обл., Омск г.');
    expect(await str(OMSK, 0, 0)).toBe('Российская Федерация, Омская, Омск');
  });

  it('leads with the street postal code only when the whole path is printed', async () => {
    expect(await str(LENINA, 1, 0)).toBe('644099, Российская Федерация, обл. Омская, г. Омск, ул. Ленина');
    expect(await str(LENINA, 1, 1)).toBe('обл. Омская, г. Омск, ул. Ленина');
    expect(await str('01550000010000456')).toBe('Российская Федерация, Омская, Омск, Мира');
  });

  it('answers NULL for an unknown code', async () => {
    expect(await str('01999999999999999')).toBeNull();
    expect(await one(kernel, "SELECT kernel.GetAddressTreeId('01999999999999999')")).toBeNull();
  });

  it('returns names at the subscripts of their levels, with gaps', async () => {
    const row = await one<Json>(kernel, `
      SELECT json_build_object('lower', array_lower(a, 1), 'upper', array_upper(a, 1), 'items', json_build_array(a[0], a[1], a[2], a[3], a[4], a[5]))
        FROM kernel.GetAddressTree($1) AS a`, [LENINA]);
    expect(row).toEqual({ lower: 0, upper: 5, items: ['Российская Федерация', 'Омская', null, 'Омск', null, 'Ленина'] });
  });
});

describe('REST /kladr', () => {
  let omskId: number;

  beforeAll(async () => {
    await reset();
    await loadKladrFiles(kernel, csvFiles, { build: true });
    omskId = await one<number>(kernel, 'SELECT kernel.GetAddressTreeId($1)', [OMSK]);
  }, HOOK_TIMEOUT_MS);

  it('gets nodes by id, projected, for an object or an array', async () => {
    expect(await call('/kladr/get', { id: omskId, fields: ['name', 'level'] })).toEqual([{ name: 'Омск', level: 3 }]);
    expect((await call('/kladr/get', [{ id: omskId }, { id: -1 }])).map((row) => row.code)).toEqual([OMSK]);
  });

  it('counts and lists with the query builder', async () => {
    expect(await call('/kladr/count', { filter: { level: 5 } })).toEqual([{ count: 4 }]);
    expect(await call('/kladr/count', null)).toEqual([{ count: 10 }]);
    const listed = await call('/kladr/list', { filter: { parent: omskId }, fields: ['name'], orderby: ['name'] });
    expect(listed).toEqual([{ name: 'Ленина' }, { name: 'Мира' }]);
  });

  it('returns the ancestor chain node first, by id or by code, and nothing without either', async () => {
    const byCode = await call('/kladr/history', { code: LENINA });
    expect(byCode.map((row) => row.name)).toEqual(['Ленина', 'Омск', 'Омская', 'Российская Федерация']);
    expect((await call('/kladr/history', { id: omskId })).map((row) => row.level)).toEqual([3, 1, 0]);
    expect(await call('/kladr/history', {})).toEqual([]);
  });

  it('prints addresses per element, null for an unknown code', async () => {
    expect(await call('/kladr/string', [{ code: OMSK, short: 2, level: 1 }, { code: '01999999999999999' }])).toEqual([
      { address: 'Омская обл., Омск г.' },
      { address: null },
    ]);
  });

  it.each([
    ['a string id (upstream: 500)', '/kladr/get', { id: 'abc' }, /^ERR-400-063/],
    ['a missing id', '/kladr/get', { fields: ['name'] }, /^ERR-400-06/],
    ['a missing payload', '/kladr/get', null, /^ERR-400-060/],
    ['an unknown key', '/kladr/list', { colour: 'red' }, /^ERR-400-061/],
    ['an injected field', '/kladr/list', { fields: ['name from db.kladr --'] }, /^ERR-400/],
    ['an injected filter column', '/kladr/count', { filter: { 'level; drop table db.kladr': 1 } }, /^ERR-400/],
    ['an array on history', '/kladr/history', [{ id: 1 }], /^ERR-400/],
    ['a numeric code on history', '/kladr/history', { code: 1 }, /^ERR-400/],
    ['a non-numeric short (upstream: 500)', '/kladr/string', { code: OMSK, short: 'x' }, /^ERR-400-063/],
    ['a missing code', '/kladr/string', { short: 1 }, /^ERR-400-06/],
    ['an unknown path', '/kladr/nope', {}, /^ERR-400-091/],
  ])('rejects %s with a 400 envelope', async (_label, path, payload, pattern) => {
    const error = errorOf((await call(path, payload))[0]);
    expect(error?.code).toBe(400);
    expect(error?.error).toMatch(pattern);
    expect(await one(kernel, "SELECT count(*)::int FROM db.kladr")).toBe(7);
  });

  it('registers every path in the REST catalogue', async () => {
    expect(await rows(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'kladr' ORDER BY path")).toEqual(['/kladr/count', '/kladr/get', '/kladr/history', '/kladr/list', '/kladr/string']);
  });
});
