// The entity system through the REST paths, as the app service drives it:
// a document's life with its histories, object access control, and the
// access-filtered list machinery.
import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, signIn, str, type Json, type TestDb } from './api-support.js';

const ADMIN_GROUP = '00000000-0000-4000-a000-000000000001';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

interface Person {
  id: string;
  username: string;
  jwt: string;
}

let alice: Person;
let bob: Person;
let carol: Person;
let boss: Person;
let testers: string;

async function person(extraGroup?: string): Promise<Person> {
  const user = await createUser(kernel);
  if (extraGroup !== undefined) {
    await kernel.query('SELECT kernel.AddMemberToGroup($1, $2)', [user.id, extraGroup]);
  }
  const jwt = str((await signIn(daemon, user.username, user.password)).access_token);
  return { id: user.id, username: user.username, jwt };
}

function call(who: Person, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function failure(who: Person, path: string, payload: unknown): Promise<{ code: number; error?: string | null; message: string }> {
  const rows = await call(who, path, payload);
  const error = errorOf(rows[0]);
  if (error === undefined) throw new Error(`${path} succeeded: ${JSON.stringify(rows)}`);
  return error;
}

async function idOf(label: string): Promise<string> {
  const result = await kernel.query<{ id: string }>(
    'SELECT object AS id FROM db.object_text WHERE label = $1 LIMIT 1',
    [label],
  );
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error(`no object labelled ${label}`);
  return id;
}

/** A document created by `who` through /document/set and its create action. */
async function newDocument(who: Person, label: string, description = 'a note'): Promise<string> {
  const created = await call(who, '/document/set', { type: 'note.etest', label, description });
  expect(errorOf(created[0])).toBeUndefined();
  const id = await idOf(label);
  const [executed] = await call(who, '/object/action/execute', { id, code: 'create' });
  expect(errorOf(executed)).toBeUndefined();
  return id;
}

async function action(who: Person, id: string, code: string): Promise<Json> {
  const [row] = await call(who, '/object/action/execute', { id, code });
  if (row === undefined) throw new Error('no answer');
  return row;
}

beforeAll(async () => {
  db = await openDatabase('entity');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');

  // A concrete document class whose handlers are all inherited.
  await kernel.query(`
    DO $$
    DECLARE
      uClass uuid;
      vAction text;
    BEGIN
      uClass := kernel.AddClass(kernel.GetClass('document'), kernel.GetEntity('document'), 'etest', 'Entity test', false);
      FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
      LOOP
        PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
      END LOOP;
      PERFORM kernel.AddDefaultMethods(uClass);
      PERFORM kernel.AddType(uClass, 'note.etest', 'Note');
    END $$`);

  const group = await kernel.query<{ id: string }>(`SELECT kernel.CreateGroup($1, 'Entity testers') AS id`, [`etesters${process.pid}`]);
  testers = str(group.rows[0]?.id);

  alice = await person();
  bob = await person();
  carol = await person(testers);
  boss = await person(ADMIN_GROUP);
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('a document through the REST paths', () => {
  it('lives from create to drop and leaves state and method history on the way', async () => {
    const label = `life-${process.pid}`;
    // A new document has no state until its create method runs: invisible.
    expect(await call(alice, '/document/set', { type: 'note.etest', label, description: 'first' })).toEqual([]);
    const id = await idOf(label);
    expect(await call(alice, '/document/get', { id })).toEqual([]);

    const created = await action(alice, id, 'create');
    expect(created).toMatchObject({ execute_object_action: { newstate: { code: 'created' } } });

    const [got] = await call(alice, '/document/get', { id, fields: ['id', 'label', 'description', 'statecode', 'owner'] });
    expect(got).toEqual({ id, label, description: 'first', statecode: 'created', owner: alice.id });

    const [edited] = await call(alice, '/document/set', { id, label: `${label}-edited`, description: 'second' });
    expect(edited).toMatchObject({ id, label: `${label}-edited`, description: 'second', statecode: 'created' });

    for (const [code, state] of [
      ['enable', 'enabled'],
      ['disable', 'disabled'],
      ['delete', 'deleted'],
      ['restore', 'created'],
      ['delete', 'deleted'],
    ] as const) {
      expect(await action(alice, id, code)).toMatchObject({ execute_object_action: { newstate: { code: state } } });
      const [row] = await call(alice, '/document/get', { id, fields: ['statecode'] });
      expect(row).toEqual({ statecode: state });
    }

    const states = await call(alice, '/object/state/history/list', { filter: { object: id }, orderby: ['validfromdate'] });
    expect(states.map((row) => row.statecode)).toEqual(['created', 'enabled', 'disabled', 'deleted', 'created', 'deleted']);
    // Every interval but the last is closed where the next one starts.
    for (let i = 0; i + 1 < states.length; i += 1) {
      expect(states[i]?.validtodate).toBe(states[i + 1]?.validfromdate);
    }
    expect(String(states.at(-1)?.validtodate)).toMatch(/^4433-12-31/);

    const [historyRow] = await call(alice, '/object/state/history/get', { id: states[0]?.id });
    expect(historyRow).toMatchObject({ object: id, statecode: 'created' });
    expect(await call(alice, '/object/state/history/count', { filter: { object: id } })).toEqual([{ count: 6 }]);

    const methods = await call(alice, '/object/method/history/list', { filter: { object: id }, orderby: ['datetime'] });
    expect(methods.map((row) => row.actioncode)).toEqual(['create', 'enable', 'disable', 'delete', 'restore', 'delete']);
    expect(methods[1]).toMatchObject({ userid: alice.id, stateoldcode: 'created', statenewcode: 'enabled' });

    expect(await action(alice, id, 'drop')).toEqual({ execute_object_action: null });
    expect(await call(alice, '/document/get', { id })).toEqual([]);
    const left = await kernel.query('SELECT (SELECT count(*) FROM db.object WHERE id = $1) + (SELECT count(*) FROM db.object_state WHERE object = $1) + (SELECT count(*) FROM db.notification WHERE object = $1) AS n', [id]);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it('rejects an action the current state does not offer with a 400', async () => {
    const id = await newDocument(alice, `restore-${process.pid}`);
    const error = await failure(alice, '/object/action/execute', { id, code: 'restore' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-032' });
  });

  it('moves a document to another area only inside its scope', async () => {
    const id = await newDocument(alice, `area-${process.pid}`);
    const error = await failure(alice, '/document/change/area', { id, area: '00000000-0000-4000-8000-000000000000' });
    expect(error.code).toBe(400);
  });
});

describe('object access control', () => {
  let doc: string;

  beforeAll(async () => {
    doc = await newDocument(alice, `private-${process.pid}`);
  });

  it('gives the owner full rights and other users none', async () => {
    expect(await call(alice, '/object/access/decode', { id: doc })).toEqual([{ s: true, u: true, d: true }]);
    expect(await call(bob, '/object/access/decode', { id: doc })).toEqual([{ s: false, u: false, d: false }]);
  });

  it('hides the document from a user without rights in get and every list and count', async () => {
    expect(await call(bob, '/document/get', { id: doc })).toEqual([]);
    expect(await call(bob, '/object/get', { id: doc })).toEqual([]);
    const ids = (rows: Json[]): unknown[] => rows.map((row) => row.id);
    expect(ids(await call(bob, '/document/list', { reclimit: 0 }))).not.toContain(doc);
    expect(ids(await call(bob, '/object/list', { reclimit: 0 }))).not.toContain(doc);
    expect(await call(bob, '/document/count', { filter: { id: doc } })).toEqual([{ count: 0 }]);
    expect(await call(bob, '/object/count', { filter: { id: doc } })).toEqual([{ count: 0 }]);
    expect(await call(bob, '/object/state/history/count', { filter: { object: doc } })).toEqual([{ count: 0 }]);
    expect(await call(bob, '/object/method/history/list', { filter: { object: doc } })).toEqual([]);
  });

  it('shows the owner the same document in get, list and count', async () => {
    expect(await call(alice, '/object/get', { id: doc, fields: ['id'] })).toEqual([{ id: doc }]);
    expect((await call(alice, '/object/list', { filter: { id: doc }, fields: ['id'] }))).toEqual([{ id: doc }]);
    expect(await call(alice, '/document/count', { filter: { id: doc } })).toEqual([{ count: 1 }]);
  });

  it('denies update, delete and methods to a user without rights', async () => {
    expect(await failure(bob, '/document/set', { id: doc, label: 'stolen' })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await failure(bob, '/object/action/execute', { id: doc, code: 'enable' })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await failure(bob, '/object/delete/force', { id: doc })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await failure(bob, '/object/data/set', { id: doc, data: { code: 'k', data: 'v' } })).toMatchObject({ code: 400 });
    const [row] = await call(alice, '/document/get', { id: doc, fields: ['label', 'statecode'] });
    expect(row).toEqual({ label: `private-${process.pid}`, statecode: 'created' });
  });

  it('lets only administrators change object access', async () => {
    const error = await failure(alice, '/object/access/set', { id: doc, mask: 4, userid: bob.id });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('grants read through a group and takes it back with a personal deny', async () => {
    expect(await call(boss, '/object/access/set', { id: doc, mask: 4, userid: testers })).toEqual([{ id: doc, mask: 4, userid: testers }]);
    expect(await call(carol, '/document/get', { id: doc, fields: ['id'] })).toEqual([{ id: doc }]);
    expect(await call(carol, '/document/count', { filter: { id: doc } })).toEqual([{ count: 1 }]);
    expect(await call(carol, '/object/access/decode', { id: doc })).toEqual([{ s: true, u: false, d: false }]);
    // Read does not give update.
    expect(await failure(carol, '/document/set', { id: doc, label: 'by carol' })).toMatchObject({ error: 'ERR-400-001' });

    // A deny held by the user wins over the group's allow (mask 100000 = deny select).
    await call(boss, '/object/access/set', { id: doc, mask: 32, userid: carol.id });
    expect(await call(carol, '/document/get', { id: doc })).toEqual([]);
    expect(await call(carol, '/document/count', { filter: { id: doc } })).toEqual([{ count: 0 }]);
    expect(await call(carol, '/object/access/decode', { id: doc })).toEqual([{ s: false, u: false, d: false }]);

    // Mask 0 removes the row again.
    await call(boss, '/object/access/set', { id: doc, mask: 0, userid: carol.id });
    expect(await call(carol, '/document/get', { id: doc, fields: ['id'] })).toEqual([{ id: doc }]);
    const members = await call(alice, '/object/access', { id: doc });
    expect(members.map((row) => row.userid)).toEqual(expect.arrayContaining([alice.id, testers, ADMIN_GROUP]));
    expect(members.find((row) => row.userid === testers)).toMatchObject({ deny: 0, allow: 4, mask: 4 });
  });

  it('grants update with mask 6 and delete with mask 7', async () => {
    await call(boss, '/object/access/set', { id: doc, mask: 6, userid: bob.id });
    const [edited] = await call(bob, '/document/set', { id: doc, label: `private-${process.pid}-bob` });
    expect(edited).toMatchObject({ id: doc, label: `private-${process.pid}-bob`, oper: bob.id });
    await call(boss, '/object/access/set', { id: doc, mask: 0, userid: bob.id });
    expect(await call(bob, '/document/get', { id: doc })).toEqual([]);
  });

  it('filters an administrator\'s lists by the same rules, a personal deny included', async () => {
    expect(await call(boss, '/document/list', { filter: { id: doc }, fields: ['id'] })).toEqual([{ id: doc }]);
    expect(await call(boss, '/object/count', { filter: { id: doc } })).toEqual([{ count: 1 }]);
    await call(boss, '/object/access/set', { id: doc, mask: 32, userid: boss.id });
    expect(await call(boss, '/document/list', { filter: { id: doc } })).toEqual([]);
    expect(await call(boss, '/object/list', { filter: { id: doc } })).toEqual([]);
    expect(await call(boss, '/document/count', { filter: { id: doc } })).toEqual([{ count: 0 }]);
    expect(await call(boss, '/document/get', { id: doc })).toEqual([]);
    await call(boss, '/object/access/set', { id: doc, mask: 0, userid: boss.id });
    expect(await call(boss, '/document/count', { filter: { id: doc } })).toEqual([{ count: 1 }]);
  });

  it('rejects an out-of-range mask with a 400', async () => {
    const error = await failure(boss, '/object/access/set', { id: doc, mask: 640, userid: bob.id });
    expect(error.code).toBe(400);
  });
});

describe('list parameters', () => {
  const prefix = `lp${process.pid}`;
  const labels = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((name) => `${prefix}-${name}`);
  let ids: string[] = [];

  beforeAll(async () => {
    ids = [];
    for (const label of labels) {
      ids.push(await newDocument(alice, label, label.endsWith('echo') ? 'special' : 'plain'));
    }
  });

  function mine(search: Json[] = []): Json {
    return { search: [{ field: 'label', compare: 'LKE', value: `${prefix}-%` }, ...search], fields: ['label'], orderby: ['label'] };
  }

  async function labelsOf(search: Json[]): Promise<string[]> {
    const rows = await call(alice, '/document/list', mine(search));
    const error = errorOf(rows[0]);
    if (error !== undefined) throw new Error(JSON.stringify(error));
    return rows.map((row) => String(row.label).slice(prefix.length + 1));
  }

  it('applies every comparison operator of search', async () => {
    const at = (name: string): string => `${prefix}-${name}`;
    expect(await labelsOf([{ field: 'label', compare: 'EQL', value: at('bravo') }])).toEqual(['bravo']);
    expect(await labelsOf([{ field: 'label', compare: 'NEQ', value: at('bravo') }])).toEqual(['alpha', 'charlie', 'delta', 'echo']);
    expect(await labelsOf([{ field: 'label', compare: 'LSS', value: at('charlie') }])).toEqual(['alpha', 'bravo']);
    expect(await labelsOf([{ field: 'label', compare: 'LEQ', value: at('charlie') }])).toEqual(['alpha', 'bravo', 'charlie']);
    expect(await labelsOf([{ field: 'label', compare: 'GTR', value: at('charlie') }])).toEqual(['delta', 'echo']);
    expect(await labelsOf([{ field: 'label', compare: 'GEQ', value: at('charlie') }])).toEqual(['charlie', 'delta', 'echo']);
    expect(await labelsOf([{ field: 'label', compare: 'IKE', value: `%${prefix.toUpperCase()}-A%` }])).toEqual(['alpha']);
    expect(await labelsOf([{ field: 'label', compare: 'SIM', value: `${prefix}-(alpha|echo)` }])).toEqual(['alpha', 'echo']);
    expect(await labelsOf([{ field: 'label', compare: 'PSX', value: 'a$' }])).toEqual(['alpha', 'delta']);
    expect(await labelsOf([{ field: 'label', compare: 'PSI', value: 'ECHO$' }])).toEqual(['echo']);
    expect(await labelsOf([{ field: 'label', compare: 'PSN', value: 'a$' }])).toEqual(['bravo', 'charlie', 'echo']);
    expect(await labelsOf([{ field: 'label', compare: 'PIN', value: 'A$' }])).toEqual(['bravo', 'charlie', 'echo']);
    expect(await labelsOf([{ field: 'description', compare: 'ISN' }])).toEqual([]);
    expect(await labelsOf([{ field: 'description', compare: 'INN' }])).toHaveLength(5);
    expect(await labelsOf([{ field: 'label', valarr: [at('alpha'), at('delta')] }])).toEqual(['alpha', 'delta']);
    expect(await labelsOf([{ field: 'label', compare: 'NOT IN', valarr: [at('alpha'), at('delta')] }])).toEqual(['bravo', 'charlie', 'echo']);
    expect(await labelsOf([{ field: 'statecode', compare: 'EQL', value: 'created' }])).toHaveLength(5);
    expect(await labelsOf([{ field: 'typecode', value: 'note.etest' }])).toHaveLength(5);
  });

  it('combines conditions with OR inside brackets without escaping the other conditions', async () => {
    const at = (name: string): string => `${prefix}-${name}`;
    expect(
      await labelsOf([
        { field: 'label', value: at('alpha'), lstr: '(' },
        { condition: 'OR', field: 'label', value: at('echo'), rstr: ')' },
      ]),
    ).toEqual(['alpha', 'echo']);
  });

  it('applies the bitwise operators as "(field op value) = value"', async () => {
    const run = async (search: Json[]): Promise<number> => {
      const sql = await kernel.query<{ sql: string }>(`SELECT api.sql('api', 'object_access', $1::jsonb, $2::jsonb, 0) AS sql`, [
        JSON.stringify(search),
        JSON.stringify({ object: ids[0] }),
      ]);
      const result = await kernel.query(str(sql.rows[0]?.sql));
      return result.rowCount ?? 0;
    };
    // Rows of the object: administrator 7, apibot 6, owner 7.
    expect(await run([])).toBe(3);
    expect(await run([{ field: 'mask', compare: 'AND', value: '1' }])).toBe(2);
    expect(await run([{ field: 'mask', compare: 'OR', value: '6' }])).toBe(1);
    expect(await run([{ field: 'mask', compare: 'XOR', value: '1' }])).toBe(0);
  });

  it('applies JSON containment (GIN) to a jsonb column', async () => {
    const [set] = await call(alice, '/object/geolocation', { id: ids[1], coordinates: [{ latitude: 55.75, longitude: 37.62, data: { tag: prefix } }] });
    expect(set).toMatchObject({ object: ids[1], code: 'default', latitude: 55.75, longitude: 37.62 });
    const rows = await call(alice, '/object/geolocation/list', { search: [{ field: 'data', compare: 'GIN', value: JSON.stringify({ tag: prefix }) }], fields: ['object'] });
    expect(rows).toEqual([{ object: ids[1] }]);
    expect(await call(bob, '/object/geolocation/list', { search: [{ field: 'data', compare: 'GIN', value: JSON.stringify({ tag: prefix }) }] })).toEqual([]);
  });

  it('filters by exact value and by a list of values', async () => {
    const rows = await call(alice, '/document/list', { filter: { label: labels[2] }, fields: ['id'] });
    expect(rows).toEqual([{ id: ids[2] }]);
    const many = await call(alice, '/document/list', { filter: { id: [ids[0], ids[4]] }, fields: ['id'], orderby: ['label'] });
    expect(many).toEqual([{ id: ids[0] }, { id: ids[4] }]);
    expect(await call(alice, '/document/count', { filter: { description: 'special' }, search: mine().search })).toEqual([{ count: 1 }]);
  });

  it('answers a fields list of aggregate calls with one aggregated row', async () => {
    const rows = await call(alice, '/document/list', { search: mine().search, fields: ['count(id) as n', 'max(label)'] });
    expect(rows).toEqual([{ n: 5, max: labels[4] }]);
    const mixed = await failure(alice, '/document/list', { search: mine().search, fields: ['count(id)'], orderby: ['label'] });
    expect(mixed.code).toBe(400);
  });

  it('orders ascending and descending and pages with reclimit and recoffset', async () => {
    const base = mine();
    const asc = await call(alice, '/document/list', { ...base, orderby: ['label asc'] });
    expect(asc.map((row) => row.label)).toEqual(labels);
    const desc = await call(alice, '/document/list', { ...base, orderby: ['label DESC'] });
    expect(desc.map((row) => row.label)).toEqual([...labels].reverse());
    const page = await call(alice, '/document/list', { ...base, reclimit: 2, recoffset: 2 });
    expect(page.map((row) => row.label)).toEqual(labels.slice(2, 4));
    const fn = await call(alice, '/document/list', { ...base, orderby: ['upper(label) desc'], reclimit: 1 });
    expect(fn.map((row) => row.label)).toEqual([labels[4]]);
  });
});

describe('bad input answers a 4xx envelope', () => {
  let doc: string;

  beforeAll(async () => {
    doc = await newDocument(alice, `bad-${process.pid}`);
  });

  it.each([
    ['fields', { fields: ['id; DROP TABLE db.object'] }],
    ['fields with a sub-select', { fields: ['(SELECT secret FROM db.user LIMIT 1)'] }],
    ['orderby', { orderby: ['label; SELECT 1'] }],
    ['orderby with a function over a sub-select', { orderby: ['lower((SELECT 1))'] }],
    ['filter key', { filter: { "label = label OR 1=1 --": 'x' } }],
    ['search field', { search: [{ field: 'label) OR (1=1', value: 'x' }] }],
    ['search compare', { search: [{ field: 'label', compare: '= label OR 1=1 --', value: 'x' }] }],
    ['search condition', { search: [{ field: 'label', value: 'x' }, { condition: 'OR 1=1 OR', field: 'label', value: 'y' }] }],
    ['unbalanced brackets', { search: [{ field: 'label', value: 'x', rstr: ')' }] }],
    ['search key', { search: [{ field: 'label', value: 'x', sql: '1' }] }],
    ['reclimit type', { reclimit: 'ten' }],
    ['containment on a text column', { search: [{ field: 'label', compare: 'GIN', value: 'x' }] }],
    ['value of the wrong type', { search: [{ field: 'created', compare: 'GTR', value: 'tomorrowish' }] }],
    ['unknown key', { select: '*' }],
  ])('rejects an injection or malformed %s in /document/list', async (_name, payload) => {
    const error = await failure(alice, '/document/list', payload);
    expect(error.code).toBeGreaterThanOrEqual(400);
    expect(error.code).toBeLessThan(500);
    // Nothing was dropped or leaked.
    const [row] = await call(alice, '/document/get', { id: doc, fields: ['id'] });
    expect(row).toEqual({ id: doc });
  });

  it('rejects unknown fields even when no row matches', async () => {
    const error = await failure(bob, '/document/list', { filter: { id: doc }, fields: ['secret'] });
    expect(error).toMatchObject({ code: 400 });
  });

  it('binds a filter or search value that looks like SQL as a plain value', async () => {
    expect(await call(alice, '/document/list', { filter: { label: "x' OR '1'='1" } })).toEqual([]);
    expect(await call(alice, '/document/list', { search: [{ field: 'label', value: "x' OR '1'='1" }] })).toEqual([]);
    expect(await call(alice, '/document/count', { filter: { label: "'; DELETE FROM db.object; --" } })).toEqual([{ count: 0 }]);
  });

  it('answers a malformed id with a 400 instead of a cast error (upstream: 500)', async () => {
    expect(await failure(alice, '/document/get', { id: 'not-a-uuid' })).toMatchObject({ code: 400 });
    expect(await failure(alice, '/object/action/execute', { id: 42, code: 'enable' })).toMatchObject({ code: 400 });
    expect(await failure(alice, '/object/geolocation/get', { id: doc, datefrom: 'yesterday-ish' })).toMatchObject({ code: 400 });
  });

  it('answers a missing required key, a scalar body and an unknown route with a 400', async () => {
    expect(await failure(alice, '/document/get', {})).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(await failure(alice, '/document/get', [1, 2])).toMatchObject({ code: 400 });
    expect(await failure(alice, '/document/nothing', {})).toMatchObject({ code: 400, error: 'ERR-400-091' });
    expect(await failure(alice, '/object/set', { type: 'nothing.here' })).toMatchObject({ code: 400 });
  });
});
