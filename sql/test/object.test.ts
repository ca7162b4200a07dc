// What hangs off an object (data, links, coordinates, groups), references,
// full-text search and the REST catalogue of the entity module.
import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, signIn, str, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

interface Person {
  id: string;
  jwt: string;
}

let alice: Person;
let bob: Person;
const tag = `t${process.pid}`;

async function person(): Promise<Person> {
  const user = await createUser(kernel);
  return { id: user.id, jwt: str((await signIn(daemon, user.username, user.password)).access_token) };
}

function call(who: Person, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function failure(who: Person, path: string, payload: unknown): Promise<{ code: number; error?: string | null }> {
  const rows = await call(who, path, payload);
  const error = errorOf(rows[0]);
  if (error === undefined) throw new Error(`${path} succeeded: ${JSON.stringify(rows)}`);
  return error;
}

async function newDocument(who: Person, label: string): Promise<string> {
  await call(who, '/document/set', { type: 'note.otest', label, description: 'body' });
  const result = await kernel.query<{ id: string }>('SELECT object AS id FROM db.object_text WHERE label = $1 LIMIT 1', [label]);
  const id = str(result.rows[0]?.id);
  const [row] = await call(who, '/object/action/execute', { id, code: 'create' });
  expect(errorOf(row)).toBeUndefined();
  return id;
}

beforeAll(async () => {
  db = await openDatabase('object');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');

  await kernel.query(`
    DO $$
    DECLARE
      uClass uuid;
      vAction text;
    BEGIN
      uClass := kernel.AddClass(kernel.GetClass('document'), kernel.GetEntity('document'), 'otest', 'Object test', false);
      FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
      LOOP
        PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
      END LOOP;
      PERFORM kernel.AddDefaultMethods(uClass);
      PERFORM kernel.AddType(uClass, 'note.otest', 'Note');

      uClass := kernel.AddClass(kernel.GetClass('reference'), kernel.GetEntity('reference'), 'oref', 'Object test reference', false);
      FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
      LOOP
        PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
      END LOOP;
      PERFORM kernel.AddDefaultMethods(uClass);
      PERFORM kernel.AddType(uClass, 'item.oref', 'Item');
    END $$`);

  alice = await person();
  bob = await person();
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('object metadata paths', () => {
  let doc: string;

  beforeAll(async () => {
    doc = await newDocument(alice, `meta-${tag}`);
  });

  it('answers the class, type and state of a readable object', async () => {
    expect(await call(alice, '/object/class', { id: doc, fields: ['code'] })).toEqual([{ code: 'otest' }]);
    expect(await call(alice, '/object/type', { id: doc, fields: ['code'] })).toEqual([{ code: 'note.otest' }]);
    expect(await call(alice, '/object/state', { id: doc, fields: ['code'] })).toEqual([{ code: 'created' }]);
    expect(await call(alice, '/document/type', [{ id: doc, fields: ['code'] }])).toEqual([{ code: 'note.otest' }]);
  });

  it('refuses metadata of an object the caller cannot read', async () => {
    expect(await failure(bob, '/object/type', { id: doc })).toMatchObject({ code: 400 });
  });

  it('lists the methods of the current state and executes one by id', async () => {
    const methods = await call(alice, '/object/method', { id: doc });
    expect(methods.map((row) => row.actioncode).sort()).toEqual(['delete', 'disable', 'enable']);
    const enable = methods.find((row) => row.actioncode === 'enable');
    const [result] = await call(alice, '/object/method/execute', { id: doc, method: enable?.id });
    expect(result).toMatchObject({ newstate: { code: 'enabled' } });
    const batch = await call(alice, '/document/method', [{ id: doc }]);
    expect(batch).toEqual([{ id: doc, methods: expect.any(Array) }]);
  });

  it('executes a method by its code only within the object class', async () => {
    expect(await failure(alice, '/object/method/execute', { id: doc, method: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 400 });
  });

  it('sets the object label in every locale and reads it back', async () => {
    const [row] = await call(alice, '/object/set', { id: doc, label: `meta-${tag}-renamed` });
    expect(row).toMatchObject({ id: doc, label: `meta-${tag}-renamed` });
    const texts = await kernel.query('SELECT count(DISTINCT label) AS n FROM db.object_text WHERE object = $1', [doc]);
    expect(Number(texts.rows[0]?.n)).toBeGreaterThanOrEqual(1);
  });

  it('forces the deleted state without running the workflow', async () => {
    const other = await newDocument(alice, `force-${tag}`);
    expect(await call(alice, '/object/delete/force', { id: other })).toEqual([{ success: '' }]);
    expect(await call(alice, '/object/state', { id: other, fields: ['code'] })).toEqual([{ code: 'deleted' }]);
    const history = await call(alice, '/object/method/history/count', { filter: { object: other } });
    expect(history).toEqual([{ count: 1 }]);
  });
});

describe('data, links and coordinates', () => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await newDocument(alice, `data-a-${tag}`);
    b = await newDocument(alice, `data-b-${tag}`);
  });

  it('stores typed key/value data and validates the type', async () => {
    const rows = await call(alice, '/object/data', { id: a, data: [{ type: 'JSON', code: 'cfg', data: { x: 1 } }, { code: 'note', data: 'hello' }] });
    expect(rows).toEqual([
      { object: a, type: 'json', code: 'cfg', data: '{"x": 1}' },
      { object: a, type: 'text', code: 'note', data: 'hello' },
    ]);
    expect(await call(alice, '/object/data/get', { id: a, code: 'note', fields: ['data'] })).toEqual([{ data: 'hello' }]);
    const [all] = await call(alice, '/object/data', { id: a });
    expect(all).toHaveLength(2);
    expect(await failure(alice, '/object/data/set', { id: a, data: { type: 'yaml', code: 'x', data: 'y' } })).toMatchObject({ code: 400 });
    expect(await call(bob, '/object/data/list', { filter: { object: a } })).toEqual([]);
    expect(await call(alice, '/object/data/list', { filter: { object: a }, fields: ['code'], orderby: ['code'] })).toEqual([{ code: 'cfg' }, { code: 'note' }]);
  });

  it('links two readable objects, lists the link and closes it with unlink', async () => {
    const [link] = await call(alice, '/object/link', { object: a, linked: b, key: 'peer' });
    expect(link).toMatchObject({ objectid: a, linkedid: b, key: 'peer' });
    expect(await call(alice, '/object/link/get', { id: link?.id, fields: ['key'] })).toEqual([{ key: 'peer' }]);
    expect(await call(alice, '/object/link/count', { filter: { objectid: a } })).toEqual([{ count: 1 }]);
    expect(await call(bob, '/object/link/count', { filter: { objectid: a } })).toEqual([{ count: 0 }]);
    expect(await failure(bob, '/object/link', { object: a, linked: b, key: 'theft' })).toMatchObject({ code: 400 });
    const [unlinked] = await call(alice, '/object/unlink', { object: a, linked: b });
    expect(unlinked).toMatchObject({ object: a, linked: b, key: 'peer', unlink: true });
    expect(await call(alice, '/object/link/count', { filter: { objectid: a } })).toEqual([{ count: 0 }]);
  });

  it('keeps coordinates as history and answers the current ones', async () => {
    const [first] = await call(alice, '/object/geolocation', { id: a, coordinates: { code: 'default', latitude: 1, longitude: 2 } });
    expect(first).toMatchObject({ object: a, latitude: 1, longitude: 2, code: 'default' });
    await call(alice, '/object/geolocation/set', { id: a, coordinates: [{ latitude: 3, longitude: 4, datefrom: new Date(Date.now() + 1000).toISOString() }] });
    const [now] = await call(alice, '/object/geolocation/get', { id: a, fields: ['latitude'] });
    expect(now).toEqual({ latitude: 1 });
    const later = await call(alice, '/object/geolocation/get', { id: a, datefrom_ut: Math.floor(Date.now() / 1000) + 5, fields: ['latitude'] });
    expect(later).toEqual([{ latitude: 3 }]);
    expect(await call(alice, '/object/geolocation/count', { filter: { object: a } })).toEqual([{ count: 2 }]);
    expect(await failure(alice, '/object/geolocation', { id: a, coordinates: { latitude: 'north', longitude: 1 } })).toMatchObject({ code: 400 });
  });

  it('announces a current coordinate on the geo channel', async () => {
    const listener = await db.client('kernel');
    await listener.query('LISTEN geo');
    const heard = new Promise<string>((resolve) => listener.on('notification', (message) => resolve(message.payload ?? '')));
    await call(alice, '/object/geolocation', { id: b, coordinates: { code: 'gps', latitude: 5, longitude: 6 } });
    expect(JSON.parse(await heard)).toMatchObject({ object: b, code: 'gps' });
  });
});

describe('files attached to objects', () => {
  it('attaches, reads, lists and removes files with the object\'s rights', async () => {
    const doc = await newDocument(alice, `files-${tag}`);
    const hello = Buffer.from('hello').toString('base64');
    const set = await call(alice, '/object/file', { id: doc, files: [{ name: 'a.txt', data: hello, type: 'text/plain' }] });
    expect(set).toEqual([expect.objectContaining({ object: doc, name: 'a.txt', path: `/otest/${doc}/`, size: 5, type: 'text/plain' })]);
    expect(String(set[0]?.hash)).toMatch(/^[0-9a-f]{64}$/);
    const [got] = await call(alice, '/object/file/get', { id: doc, name: 'a.txt', fields: ['name', 'data'] });
    expect(got).toEqual({ name: 'a.txt', data: hello });
    const [listed] = await call(alice, '/object/file', { id: doc });
    expect(listed).toEqual([expect.objectContaining({ name: 'a.txt' })]);
    expect(await call(alice, '/object/file/count', { filter: { object: doc } })).toEqual([{ count: 1 }]);
    expect(await call(bob, '/object/file/list', { filter: { object: doc } })).toEqual([]);
    expect(await failure(bob, '/object/file/get', { id: doc, name: 'a.txt' })).toMatchObject({ code: 400 });
    expect(await failure(bob, '/object/file/set', { id: doc, files: [{ name: 'b.txt', data: hello }] })).toMatchObject({ code: 400 });
    expect(await failure(alice, '/object/file/set', { id: doc, files: [{ name: 'c.txt', data: '***not base64***' }] })).toMatchObject({ code: 400 });
    expect(await call(alice, '/object/file/delete', { id: doc, name: 'a.txt' })).toEqual([{ success: true }]);
    const left = await kernel.query(`SELECT count(*) AS n FROM db.file WHERE name = 'a.txt' AND path = $1`, [`/otest/${doc}/`]);
    expect(Number(left.rows[0]?.n)).toBe(0);
    await call(alice, '/object/file/set', { id: doc, files: [{ name: 'd.txt', data: hello }] });
    expect(await call(alice, '/object/file/clear', { id: doc })).toEqual([{ id: doc }]);
    expect(await call(alice, '/object/file/count', { filter: { object: doc } })).toEqual([{ count: 0 }]);
  });
});

describe('object groups', () => {
  it('collects readable objects in a personal group that vanishes when emptied', async () => {
    const doc = await newDocument(alice, `group-${tag}`);
    const [group] = await call(alice, '/object/group/set', { code: `g${tag}`, name: 'Favourites' });
    expect(group).toMatchObject({ code: `g${tag}`, name: 'Favourites', owner: alice.id });
    expect(await call(alice, '/object/group/member/add', { code: `g${tag}`, object: doc })).toEqual([{ code: `g${tag}`, object: doc }]);
    const members = await call(alice, '/object/group/member', { code: `g${tag}` });
    expect(members.map((row) => row.id)).toEqual([doc]);
    expect(await call(bob, '/object/group/list', {})).toEqual([]);
    expect(await failure(bob, '/object/group/member/add', { id: group?.id, object: doc })).toMatchObject({ code: 400 });
    await call(alice, '/object/group/member/delete', { id: group?.id, object: doc });
    expect(await call(alice, '/object/group/count', {})).toEqual([{ count: 0 }]);
  });
});

describe('references', () => {
  let item: string;

  beforeAll(async () => {
    const result = await kernel.query<{ id: string }>(
      `SELECT kernel.CreateReference(null, kernel.GetType('item.oref'), $1, 'Widget', 'A widget') AS id`,
      [`widget-${tag}`],
    );
    item = str(result.rows[0]?.id);
    await kernel.query('SELECT kernel.DoCreate($1)', [item]);
  });

  it('enables a new reference on create and lets every user read it', async () => {
    const [row] = await call(bob, '/reference/get', { id: item, fields: ['code', 'name', 'statecode', 'typecode'] });
    expect(row).toEqual({ code: `widget-${tag}`, name: 'Widget', statecode: 'enabled', typecode: 'item.oref' });
    const listed = await call(bob, '/reference/list', { filter: { code: `widget-${tag}` }, fields: ['id'] });
    expect(listed).toEqual([{ id: item }]);
    expect(await call(bob, '/reference/count', { filter: { code: `widget-${tag}` } })).toEqual([{ count: 1 }]);
    expect(await call(bob, '/reference/type', { id: item, fields: ['code'] })).toEqual([{ code: 'item.oref' }]);
  });

  it('refuses to let an ordinary user rename a reference it does not own', async () => {
    expect(await failure(bob, '/reference/set', { id: item, name: 'Gadget' })).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('refuses reference creation from a guest area session', async () => {
    expect(await failure(bob, '/reference/set', { type: 'item.oref', code: `g-${tag}`, name: 'Guest' })).toMatchObject({ code: 400, error: 'ERR-400-072' });
  });

  it('answers an unknown reference route with RouteNotFound', async () => {
    expect(await failure(bob, '/reference/enable', { id: item })).toMatchObject({ error: 'ERR-400-091' });
  });
});

describe('full-text search', () => {
  it('finds the caller\'s readable objects by words of their label and text', async () => {
    const doc = await newDocument(alice, `Zebra crossing ${tag}`);
    const found = await call(alice, '/search', { text: 'zebra' });
    expect(found.map((row) => row.id)).toContain(doc);
    expect((await call(bob, '/search', { text: 'zebra' })).map((row) => row.id)).not.toContain(doc);
    const byEntity = await call(alice, '/search', { text: 'zebra', entities: ['reference'] });
    expect(byEntity.map((row) => row.id)).not.toContain(doc);
  });
});

describe('REST catalogue', () => {
  it('registers the 53 object paths, the reference and the document paths', async () => {
    const result = await kernel.query<{ prefix: string; n: string }>(`
      SELECT split_part(path, '/', 2) AS prefix, count(*) AS n
        FROM db.rest_catalog WHERE module = 'entity' GROUP BY 1 ORDER BY 1`);
    expect(result.rows.map((row) => [row.prefix, Number(row.n)])).toEqual([
      ['document', 7],
      ['object', 53],
      ['reference', 6],
    ]);
  });
});
