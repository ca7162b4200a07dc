// Object access control at the kernel level (spec 90 §5–§7): AOU seeding from
// the class template, owner changes, the AOM fallback, deny aggregation and the
// OMA method cache.
import type pg from 'pg';
import { createUser, fetch, openDatabase, signIn, str, type Json, type TestDb } from './api-support.js';

const ADMIN_GROUP = '00000000-0000-4000-a000-000000000001';
const USER_GROUP = '00000000-0000-4000-a000-000000000002';
const APIBOT = '00000000-0000-4000-a002-000000000001';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

interface Person {
  id: string;
  jwt: string;
}

let alice: Person;
let bob: Person;

async function person(): Promise<Person> {
  const user = await createUser(kernel);
  return { id: user.id, jwt: str((await signIn(daemon, user.username, user.password)).access_token) };
}

function call(who: Person, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function value<T>(sql: string, params: unknown[] = []): Promise<T> {
  const result = await kernel.query<{ v: T }>(sql, params);
  return result.rows[0]?.v as T;
}

async function newDocument(who: Person, label: string): Promise<string> {
  await call(who, '/document/set', { type: 'note.atest', label });
  const id = str(await value<string>('SELECT object AS v FROM db.object_text WHERE label = $1 LIMIT 1', [label]));
  await call(who, '/object/action/execute', { id, code: 'create' });
  return id;
}

beforeAll(async () => {
  db = await openDatabase('access');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  await kernel.query(`
    DO $$
    DECLARE
      uClass uuid;
      vAction text;
    BEGIN
      uClass := kernel.AddClass(kernel.GetClass('document'), kernel.GetEntity('document'), 'atest', 'Access test', false);
      FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
      LOOP
        PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
      END LOOP;
      PERFORM kernel.AddDefaultMethods(uClass);
      PERFORM kernel.AddType(uClass, 'note.atest', 'Note');
    END $$`);
  alice = await person();
  bob = await person();
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('AOU rows of a new object', () => {
  it('copy the s·u·d part of the class template and give the owner everything', async () => {
    const doc = await newDocument(alice, `seed-${process.pid}`);
    const rows = await kernel.query<{ userid: string; deny: string; allow: string; mask: string }>(
      'SELECT userid, deny::text, allow::text, mask::text FROM db.aou WHERE object = $1 ORDER BY userid',
      [doc],
    );
    const byUser = Object.fromEntries(rows.rows.map((row) => [row.userid, `${row.deny}/${row.allow}/${row.mask}`]));
    // The user group's template row on documents (a·c only) grants no object bit: no row.
    expect(byUser).toEqual({ [ADMIN_GROUP]: '000/111/111', [APIBOT]: '000/110/110', [alice.id]: '000/111/111' });
    expect(byUser[USER_GROUP]).toBeUndefined();
    expect(await value<string>('SELECT mask::text AS v FROM db.aom WHERE object = $1', [doc])).toBe('111100000');
  });
});

describe('effective rights', () => {
  let doc: string;

  beforeAll(async () => {
    doc = await newDocument(alice, `rights-${process.pid}`);
  });

  it('fall back to the AOM mask only for principals without any AOU row', async () => {
    // A group without rows gets the group triplet (select), a user the "other" one (nothing).
    expect(await value<boolean>(`SELECT kernel.CheckObjectAccess($1, B'100', $2) AS v`, [doc, USER_GROUP])).toBe(true);
    expect(await value<boolean>(`SELECT kernel.CheckObjectAccess($1, B'010', $2) AS v`, [doc, USER_GROUP])).toBe(false);
    expect(await value<boolean>(`SELECT kernel.CheckObjectAccess($1, B'100', $2) AS v`, [doc, bob.id])).toBe(false);
    expect(await value<string | null>(`SELECT kernel.GetObjectAccessMask($1, $2)::text AS v`, [doc, bob.id])).toBeNull();
  });

  it('let a deny held by a group remove a bit another principal allows', async () => {
    await kernel.query(`SELECT kernel.chmodo($1, B'000110', $2)`, [doc, bob.id]);
    expect(await value<string>(`SELECT kernel.GetObjectAccessMask($1, $2)::text AS v`, [doc, bob.id])).toBe('110');
    await kernel.query(`SELECT kernel.chmodo($1, B'010000', $2)`, [doc, USER_GROUP]);
    expect(await value<string>(`SELECT kernel.GetObjectAccessMask($1, $2)::text AS v`, [doc, bob.id])).toBe('100');
    expect(await call(bob, '/object/access/decode', { id: doc })).toEqual([{ s: true, u: false, d: false }]);
    const ids = await value<string[]>(`SELECT array_agg(object) AS v FROM kernel.AccessObjectUser(kernel.GetEntity('document'), $1)`, [bob.id]);
    expect(ids).toContain(doc);
    await kernel.query(`SELECT kernel.chmodo($1, null, $2)`, [doc, USER_GROUP]);
    await kernel.query(`SELECT kernel.chmodo($1, B'000000', $2)`, [doc, bob.id]);
    expect(await value<string | null>(`SELECT kernel.GetObjectAccessMask($1, $2)::text AS v`, [doc, bob.id])).toBeNull();
  });

  it('move full rights with the ownership', async () => {
    await kernel.query('SELECT kernel.SetObjectOwner($1, $2)', [doc, bob.id]);
    expect(await value<string | null>(`SELECT mask::text AS v FROM db.aou WHERE object = $1 AND userid = $2`, [doc, alice.id])).toBeUndefined();
    expect(await value<string>(`SELECT mask::text AS v FROM db.aou WHERE object = $1 AND userid = $2`, [doc, bob.id])).toBe('111');
    expect(await call(bob, '/document/get', { id: doc, fields: ['owner'] })).toEqual([{ owner: bob.id }]);
    expect(await call(alice, '/document/get', { id: doc })).toEqual([]);
  });
});

describe('the two forms of each list view', () => {
  it('return the same rows for every kind of caller', async () => {
    const doc = await newDocument(alice, `forms-${process.pid}`);
    await kernel.query(`SELECT kernel.chmodo($1, B'000100', $2)`, [doc, bob.id]);
    for (const user of [alice.id, bob.id, '00000000-0000-4000-a001-000000000001', APIBOT]) {
      await kernel.query(`SELECT set_config('current.user', $1, false)`, [user]);
      for (const view of ['object', 'document', 'reference']) {
        const listed = await value<string>(
          `SELECT (SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM api.${view}) || '|' ||
                  (SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM api.${view}_scan) AS v`,
        );
        const [ids, scanned] = listed.split('|');
        expect(scanned).toBe(ids);
      }
      // The scan over ObjectLateral (the default-order object list of callers
      // on the scan): the same rows, column for column.
      const lateral = await value<string>(
        `SELECT (SELECT coalesce(string_agg(to_json(t)::text, ',' ORDER BY t.id), '') FROM api.object_scan t) || '|' ||
                (SELECT coalesce(string_agg(to_json(t)::text, ',' ORDER BY t.id), '') FROM api.object_scan_lateral t) AS v`,
      );
      const [scanRows, lateralRows] = lateral.split('|');
      expect(lateralRows).toBe(scanRows);
    }
    await kernel.query(`SELECT set_config('current.user', '', false)`);
  });

  it('have the same columns, in the same order, as the object view', async () => {
    const columns = (view: string) =>
      value<string>(
        `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS v
           FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [view],
      );
    const object = await columns('api.object');
    expect(object.split(', ')).toHaveLength(33);
    expect(await columns('api.object_scan')).toBe(object);
    expect(await columns('api.object_scan_lateral')).toBe(object);
    expect(await columns('kernel.objectlateral')).toBe(await columns('kernel.object'));
  });
});

describe('the readable set (AccessSelectable)', () => {
  it('leaves out an object one of the caller’s principals denies, and lists a doubly allowed one once', async () => {
    const denied = await newDocument(alice, `denied-${process.pid}`);
    const shared = await newDocument(alice, `shared-${process.pid}`);
    // shared: allowed to bob and to his group (two allow rows); denied: allowed
    // to the group, select denied to bob himself.
    await kernel.query(`SELECT kernel.chmodo($1, B'000100', $2)`, [shared, bob.id]);
    await kernel.query(`SELECT kernel.chmodo($1, B'000100', $2)`, [shared, USER_GROUP]);
    await kernel.query(`SELECT kernel.chmodo($1, B'000100', $2)`, [denied, USER_GROUP]);
    await kernel.query(`SELECT kernel.chmodo($1, B'100000', $2)`, [denied, bob.id]);

    const readable = await value<string[]>(`SELECT kernel.AccessSelectable(null, $1)::text[] AS v`, [bob.id]);
    expect(readable).toContain(shared);
    expect(readable).not.toContain(denied);
    const documents = await value<string[]>(`SELECT kernel.AccessSelectable(kernel.ClassEntities('document'), $1)::text[] AS v`, [bob.id]);
    expect(documents).toContain(shared);
    expect(documents).not.toContain(denied);
    // Another entity's filter leaves the documents out.
    const references = await value<string[]>(`SELECT kernel.AccessSelectable(kernel.ClassEntities('reference'), $1)::text[] AS v`, [bob.id]);
    expect(references).not.toContain(shared);
    // The same as the aggregate of spec 90 §9.2.
    const aggregate = await value<string[]>(
      `SELECT array_agg(object ORDER BY object)::text[] AS v FROM kernel.aou($1) WHERE mask & B'100' = B'100'`,
      [bob.id],
    );
    expect([...new Set(readable)].sort()).toEqual(aggregate);

    const listed = await call(bob, '/object/list', { filter: { id: [shared, denied] } });
    expect(listed.map((row) => row.id)).toEqual([shared]);
    expect(await call(bob, '/document/get', { id: denied })).toEqual([]);
    // The group's allow alone reads it once bob's deny is gone.
    await kernel.query(`SELECT kernel.chmodo($1, null, $2)`, [denied, bob.id]);
    expect(await value<string[]>(`SELECT kernel.AccessSelectable(null, $1)::text[] AS v`, [bob.id])).toContain(denied);
  });
});

describe('the OMA method cache', () => {
  it('is filled from AMU when a user first meets a method and then answers from the cache', async () => {
    const doc = await newDocument(alice, `oma-${process.pid}`);
    const before = await value<string>('SELECT count(*) AS v FROM db.oma WHERE object = $1 AND userid = $2', [doc, alice.id]);
    await call(alice, '/object/action/execute', { id: doc, code: 'enable' });
    const after = await value<string>('SELECT count(*) AS v FROM db.oma WHERE object = $1 AND userid = $2', [doc, alice.id]);
    expect(Number(after)).toBeGreaterThan(Number(before));
    const method = await value<string>(
      `SELECT n.method AS v FROM db.notification n WHERE n.object = $1 AND n.action = kernel.GetAction('enable')`,
      [doc],
    );
    expect(await value<string>('SELECT kernel.GetObjectMethodAccessMask($1, $2, $3)::text AS v', [doc, method, alice.id])).toBe('111');
    // A user with no AMU row at all gets nothing cached and no right.
    const stranger = await value<string>(`SELECT kernel.CreateGroup($1, 'Nobody') AS v`, [`nobody${process.pid}`]);
    expect(await value<boolean>(`SELECT kernel.CheckObjectMethodAccess($1, $2, B'100', $3) AS v`, [doc, method, stranger])).toBe(false);
    expect(await value<string>('SELECT count(*) AS v FROM db.oma WHERE userid = $1', [stranger])).toBe('0');
  });
});
