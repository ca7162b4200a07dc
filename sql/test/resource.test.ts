// The resource module: the locale-aware content tree, through its kernel
// functions (as the exception module and configurations use them) and its
// REST paths (as the app service calls them, via daemon.fetch).
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;
let counter = 0;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const user = await createUser(kernel);
  jwt = await signIn(daemon, user.username, user.password);
  await call('/locale/set', { code: 'en' });
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(path: string, payload: unknown): Promise<Json[]> {
  return fetch(daemon, jwt, `/api/v1${path}`, payload);
}

function unique(name: string): string {
  counter += 1;
  return `${name}-${process.pid}-${counter}`;
}

const en = "kernel.GetLocale('en')";
const ru = "kernel.GetLocale('ru')";

async function create(root: string | null, node: string | null, name = unique('n'), sequence: number | null = null): Promise<string> {
  return one<string>(kernel, `SELECT kernel.CreateResource(null, $1::uuid, $2::uuid, 'text/plain', $3, null, null, $3, $4::integer, ${en})`, [root, node, name, sequence]);
}

async function sequences(parent: string): Promise<Record<string, number>> {
  const list = await rows<Json>(kernel, "SELECT json_build_object('id', id, 'sequence', sequence) FROM db.resource WHERE node = $1", [parent]);
  return Object.fromEntries(list.map((row) => [String(row.id), Number(row.sequence)]));
}

describe('kernel functions', () => {
  it('makes a node without root its own root and hangs a node given only a root under it', async () => {
    const root = await create(null, null);
    const orphan = await create(null, root);
    const child = await create(root, null);
    expect(await one(kernel, "SELECT json_build_object('root', root, 'node', node, 'level', level) FROM db.resource WHERE id = $1", [orphan])).toEqual({ root: orphan, node: root, level: 1 });
    expect(await one(kernel, "SELECT json_build_object('root', root, 'node', node, 'level', level) FROM db.resource WHERE id = $1", [child])).toEqual({ root, node: root, level: 1 });
  });

  it('appends siblings and shifts them when a position is given explicitly (upstream Q1 fixed)', async () => {
    const root = await create(null, null);
    const a = await create(root, root);
    const b = await create(root, root);
    const c = await create(root, root, unique('c'), 1);
    expect(await sequences(root)).toEqual({ [c]: 1, [a]: 2, [b]: 3 });
  });

  it('renumbers siblings when a node moves up or down its list', async () => {
    const root = await create(null, null);
    const [a, b, c] = [await create(root, root), await create(root, root), await create(root, root)];
    await kernel.query(`SELECT kernel.UpdateResource($1::uuid, pSequence => 1, pLocale => ${en})`, [c]);
    expect(await sequences(root)).toEqual({ [c]: 1, [a]: 2, [b]: 3 });
    await kernel.query(`SELECT kernel.UpdateResource($1::uuid, pSequence => 3, pLocale => ${en})`, [c]);
    expect(await sequences(root)).toEqual({ [a]: 1, [b]: 2, [c]: 3 });
  });

  it('moves a node to another parent, recomputing the levels of its subtree, closing the gap it leaves and refusing a cycle', async () => {
    const root = await create(null, null);
    const [a, b, c] = [await create(root, root), await create(root, root), await create(root, root)];
    const grandchild = await create(root, a);
    await kernel.query(`SELECT kernel.UpdateResource($1::uuid, pNode => $2::uuid, pLocale => ${en})`, [b, c]);
    expect(await sequences(root)).toEqual({ [a]: 1, [c]: 2 });
    expect(await one(kernel, 'SELECT level FROM db.resource WHERE id = $1', [b])).toBe(2);
    await kernel.query(`SELECT kernel.UpdateResource($1::uuid, pNode => $2::uuid, pLocale => ${en})`, [a, b]);
    expect(await one(kernel, 'SELECT level FROM db.resource WHERE id = $1', [grandchild])).toBe(4);
    expect(await failure(kernel, `SELECT kernel.UpdateResource($1::uuid, pNode => $2::uuid, pLocale => ${en})`, [root, grandchild])).toMatch(/^ERR-400-045/);
    await kernel.query(`SELECT kernel.UpdateResource($1::uuid, pNode => kernel.null_uuid(), pLocale => ${en})`, [grandchild]);
    expect(await one(kernel, "SELECT json_build_object('node', node, 'level', level) FROM db.resource WHERE id = $1", [grandchild])).toEqual({ node: null, level: 0 });
  });

  it('keeps content of other locales and old values when an update passes NULL', async () => {
    const id = await create(null, null, unique('keep'));
    await kernel.query(`SELECT kernel.SetResourceData($1::uuid, ${ru}, 'ключ', null, null, 'Привет')`, [id]);
    await kernel.query(`SELECT kernel.SetResource($1::uuid, pDescription => 'described', pLocale => ${en})`, [id]);
    expect(await one(kernel, `SELECT kernel.GetResource($1::uuid, ${ru})`, [id])).toBe('Привет');
    expect(await one(kernel, `SELECT description || ':' || (data IS NOT NULL) FROM db.resource_data WHERE resource = $1 AND locale = ${en}`, [id])).toBe('described:true');
    expect(await one(kernel, `SELECT kernel.GetResource($1::uuid, kernel.GetLocale('de'))`, [id])).toBeNull();
  });

  it('creates an unknown explicit id through SetResource, as exception resources need', async () => {
    const id = '6c0f3c1e-8e5b-4c3a-9a52-0000000000aa';
    await kernel.query("SELECT kernel.CreateExceptionResource($1::uuid, 'en', $2, 'Something failed')", [id, unique('ERR-TEST')]);
    expect(await one(kernel, `SELECT kernel.GetResource($1::uuid, ${en})`, [id])).toBe('Something failed');
    expect(await one(kernel, 'SELECT node = kernel.GetExceptionUUID(0, 0) FROM db.resource WHERE id = $1', [id])).toBe(true);
  });

  it('refuses a name taken in the same locale and the deletion of a node with children', async () => {
    const name = unique('taken');
    const root = await create(null, null, name);
    await create(root, root);
    expect(await failure(kernel, `SELECT kernel.CreateResource(null, null, null, 'text/plain', $1, null, null, null, null, ${en})`, [name])).toMatch(/duplicate key/);
    expect(await failure(kernel, 'SELECT kernel.DeleteResource($1::uuid)', [root])).toMatch(/foreign key/);
  });

  it('numbers the tree view as an outline per parent and hides nodes without session-locale content', async () => {
    // Without a session the kernel connection reads the default locale.
    const make = (root: string | null, node: string | null, name: string, locale = 'kernel.current_locale()') =>
      one<string>(kernel, `SELECT kernel.CreateResource(null, $1::uuid, $2::uuid, 'text/plain', $3, null, null, null, null, ${locale})`, [root, node, unique(name)]);
    const root = await make(null, null, 'outline');
    const a = await make(root, root, 'a');
    const b = await make(root, root, 'b');
    const a1 = await make(root, a, 'a1');
    const a2 = await make(root, a, 'a2');
    const hidden = await make(root, b, 'hidden', en);
    await make(root, hidden, 'under-hidden');
    const tree = await rows<Json>(kernel, "SELECT json_build_object('id', id, 'index', index) FROM kernel.ResourceTree WHERE root = $1", [root]);
    const index = Object.fromEntries(tree.map((row) => [String(row.id), String(row.index).replace(/^\d+/, 'R')]));
    expect(index).toEqual({ [root]: 'R', [a]: 'R.1', [b]: 'R.2', [a1]: 'R.1.1', [a2]: 'R.1.2' });
  });
});

describe('REST /resource', () => {
  it('sets a resource and reads it back projected in the session locale', async () => {
    const name = unique('rest');
    const [row] = await call('/resource/set', { name, type: 'text/html', data: '<p>hi</p>', description: 'greeting' });
    expect(row).toMatchObject({ name, type: 'text/html', data: '<p>hi</p>', description: 'greeting', localecode: 'en', level: 0 });
    expect(typeof row?.sequence).toBe('number');
    const got = await call('/resource/get', { id: row?.id, fields: ['name', 'data'] });
    expect(got).toEqual([{ name, data: '<p>hi</p>' }]);
  });

  it('returns nothing for content written only in another locale', async () => {
    const name = unique('ru-only');
    expect(await call('/resource/set', { name, data: 'x', localecode: 'ru' })).toEqual([]);
    const id = await one<string>(kernel, 'SELECT resource FROM db.resource_data WHERE name = $1', [name]);
    expect(await call('/resource/get', { id })).toEqual([]);
  });

  it('counts and lists with the query builder filter', async () => {
    const root = unique('list-root');
    const [parent] = await call('/resource/set', { name: root });
    await call('/resource/set', [
      { root: parent?.id, node: parent?.id, name: unique('child') },
      { root: parent?.id, node: parent?.id, name: unique('child') },
    ]);
    expect(await call('/resource/count', { filter: { node: parent?.id } })).toEqual([{ count: 2 }]);
    const listed = await call('/resource/list', { filter: { node: parent?.id }, fields: ['sequence'], orderby: ['sequence'] });
    expect(listed).toEqual([{ sequence: 1 }, { sequence: 2 }]);
  });

  it('deletes a resource and reports a missing one as ERR-400-073', async () => {
    const [row] = await call('/resource/set', { name: unique('gone') });
    expect(await call('/resource/delete', { id: row?.id })).toEqual([{ success: true }]);
    expect(errorOf((await call('/resource/delete', { id: row?.id }))[0])).toMatchObject({ code: 400, error: 'ERR-400-073' });
    expect(errorOf((await call('/resource/delete', {}))[0])).toMatchObject({ code: 400, error: 'ERR-400-073' });
  });

  it('answers a 400 rather than a 500 for a taken name, a parent with children and an unknown parent', async () => {
    const name = unique('dup');
    const [parent] = await call('/resource/set', { name });
    await call('/resource/set', { root: parent?.id, node: parent?.id, name: unique('kid') });
    expect(errorOf((await call('/resource/set', { name }))[0])).toMatchObject({ code: 400, error: 'ERR-400-026' });
    expect(errorOf((await call('/resource/delete', { id: parent?.id }))[0])).toMatchObject({ code: 400, error: 'ERR-400-045' });
    expect(errorOf((await call('/resource/set', { name: unique('lost'), node: '6c0f3c1e-8e5b-4c3a-9a52-00000000beef' }))[0])).toMatchObject({ code: 400 });
  });

  it.each([
    ['an unknown key', '/resource/set', { name: 'x', colour: 'red' }, /^ERR-400-061/],
    ['an unknown key on count', '/resource/count', { fields: ['id'] }, /^ERR-400-061/],
    ['an injected filter column on count', '/resource/count', { filter: { 'id) OR (1=1': 1 } }, /^ERR-400/],
    ['a missing payload', '/resource/set', null, /^ERR-400-060/],
    ['a malformed uuid (upstream: 500)', '/resource/get', { id: 'not-a-uuid' }, /^ERR-400-063/],
    ['a non-numeric sequence (upstream: 500)', '/resource/set', { name: 'x', sequence: 'first' }, /^ERR-400-063/],
    ['an object where a text is expected', '/resource/set', { name: { a: 1 } }, /^ERR-400/],
    ['an unknown locale code', '/resource/set', { name: 'x', localecode: 'xx' }, /^ERR-400-014/],
    ['a missing id on get', '/resource/get', { fields: ['name'] }, /^ERR-400-06/],
    ['an unknown field', '/resource/get', { id: '6c0f3c1e-8e5b-4c3a-9a52-0000000000aa', fields: ['name; drop table db.resource'] }, /^ERR-400/],
    ['an array payload on list', '/resource/list', [{}], /^ERR-400/],
    ['an unknown path', '/resource/nope', {}, /^ERR-400-091/],
  ])('rejects %s with a 400 envelope', async (_label, path, payload, pattern) => {
    const answer = await call(path, payload);
    const error = errorOf(answer[0]);
    expect(error?.code).toBe(400);
    expect(error?.error).toMatch(pattern);
  });

  it('registers every path in the REST catalogue', async () => {
    const paths = await rows<string>(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'resource' ORDER BY path");
    expect(paths).toEqual(['/resource/count', '/resource/delete', '/resource/get', '/resource/list', '/resource/set']);
  });
});
