// The notification module: the audit row and NOTIFY notify of a workflow
// method, the access-filtered feed, and /notification/* as the app service
// calls them.
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, one, openDatabase, rows, type Json, type TestDb } from './kernel-support.js';
import { action, call, documentClass, listen, newDocument, person, refused, single, type Person } from './notification-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let alice: Person;
let bob: Person;
let type: string;
let events: Awaited<ReturnType<typeof listen>>;
let started: number;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  events = await listen(await db.client('kernel'), ['notify']);
  type = await documentClass(kernel, `ntest${process.pid}`);
  alice = await person(kernel, daemon);
  bob = await person(kernel, daemon);
  started = Date.now() / 1000 - 5;
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('the audit row and NOTIFY notify', () => {
  it('writes one row from created to enabled for an enable and announces it on notify as the row JSON', async () => {
    const doc = await newDocument(kernel, daemon, alice, type);
    await action(daemon, alice, doc, 'enable');
    const [row] = await call(daemon, alice, '/notification/list', { filter: { object: doc, actioncode: 'enable' } });
    expect(row).toMatchObject({ object: doc, actioncode: 'enable', stateoldcode: 'created', statenewcode: 'enabled', userid: alice.id, entitycode: 'document' });
    const announced = (await events.of('notify')).filter((n) => (n as Json).id === row?.id);
    expect(announced).toEqual([
      {
        id: row?.id,
        entity: row?.entity,
        class: row?.class,
        action: row?.action,
        method: row?.method,
        state_old: row?.stateold,
        state_new: row?.statenew,
        object: doc,
        userid: alice.id,
        datetime: expect.any(String),
      },
    ]);
  });

  it('stores the row but sends nothing while the session notification mode is off', async () => {
    const doc = await newDocument(kernel, daemon, alice, type);
    const [last] = await call(daemon, alice, '/notification/list', { filter: { object: doc }, reclimit: 1 });
    const args = [last?.entity, last?.class, last?.action, last?.method, last?.statenew, doc, alice.id];
    await kernel.query('SELECT kernel.SetNotificationMode(false)');
    const quiet = await one<string>(kernel, 'SELECT kernel.CreateNotification($1, $2, $3, $4, $5, $5, $6, $7)', args);
    await kernel.query('SELECT kernel.SetNotificationMode(true)');
    const loud = await one<string>(kernel, 'SELECT kernel.CreateNotification($1, $2, $3, $4, $5, $5, $6, $7)', args);
    const ids = (await events.of('notify')).map((n) => (n as Json).id);
    expect(await one<number>(kernel, 'SELECT count(*)::int FROM db.notification WHERE id = $1', [quiet])).toBe(1);
    expect(ids).not.toContain(quiet);
    expect(ids).toContain(loud);
  });
});

describe('/notification', () => {
  it('returns since point only rows on objects the caller may select', async () => {
    const mine = await newDocument(kernel, daemon, alice, type);
    const theirs = await newDocument(kernel, daemon, bob, type);
    const feed = await call(daemon, alice, '/notification', { point: started, fields: ['object'] });
    const objects = new Set(feed.map((row) => row.object));
    expect(objects.has(mine)).toBe(true);
    expect(objects.has(theirs)).toBe(false);
    expect(await call(daemon, alice, '/notification', { point: Date.now() / 1000 + 3600 })).toEqual([]);
  });

  it('rejects a point that is not a number and an unknown key with 400', async () => {
    expect((await refused(daemon, alice, '/notification', { point: 'yesterday' })).code).toBe(400);
    expect(await refused(daemon, alice, '/notification', { since: 1 })).toMatchObject({ code: 400, error: 'ERR-400-061' });
  });
});

describe('/notification/get, /count, /list', () => {
  it('gets a notification by id with projected fields and rejects a malformed id with 400', async () => {
    const doc = await newDocument(kernel, daemon, alice, type);
    const [row] = await call(daemon, alice, '/notification/list', { filter: { object: doc } });
    expect(await single(daemon, alice, '/notification/get', { id: row?.id, fields: ['object', 'actioncode'] })).toEqual({ object: doc, actioncode: 'create' });
    expect((await refused(daemon, alice, '/notification/get', { id: 'zzz' })).code).toBe(400);
    expect(await refused(daemon, alice, '/notification/get', {})).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('counts notifications matching a filter and rejects a filter on an unknown column', async () => {
    const doc = await newDocument(kernel, daemon, alice, type);
    await action(daemon, alice, doc, 'enable');
    expect(await single(daemon, alice, '/notification/count', { filter: { object: doc } })).toEqual({ count: 2 });
    expect((await refused(daemon, alice, '/notification/count', { filter: { nosuch: 1 } })).code).toBe(400);
  });

  it('groups with groupby: per-entity counts of fields ["entitycode","count(id)"]', async () => {
    await newDocument(kernel, daemon, alice, type);
    const groups = await call(daemon, alice, '/notification/list', { fields: ['entitycode', 'count(id)'], groupby: ['entitycode'] });
    const documentGroup = groups.find((g) => g.entitycode === 'document');
    const total = await one<number>(kernel, "SELECT count(*)::int FROM db.notification n JOIN db.entity e ON e.id = n.entity WHERE e.code = 'document'");
    expect(documentGroup).toEqual({ entitycode: 'document', count: total });
  });

  it('rejects unknown groupby columns, injected field text and a plain field outside the grouping with 4xx (upstream splices them into SQL)', async () => {
    expect(await refused(daemon, alice, '/notification/list', { fields: ['count(id)'], groupby: ['nosuch'] })).toMatchObject({ code: 400, error: 'ERR-400-065' });
    expect(await refused(daemon, alice, '/notification/list', { fields: ['count(id)'], groupby: ['entitycode; DROP TABLE db.notification'] })).toMatchObject({
      code: 400,
      error: 'ERR-400-065',
    });
    expect(await refused(daemon, alice, '/notification/list', { fields: ['pg_sleep(1)'], groupby: ['entitycode'] })).toMatchObject({ code: 400 });
    expect((await refused(daemon, alice, '/notification/list', { fields: ['object', 'count(id)'], groupby: ['entitycode'] })).code).toBe(400);
    expect(await refused(daemon, alice, '/notification/list', { groupby: ['entitycode'] })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(await one<number>(kernel, 'SELECT count(*)::int FROM db.notification')).toBeGreaterThan(0);
  });
});

describe('REST catalogue', () => {
  it('lists every /notification path', async () => {
    const catalogue = await rows<Json>(daemon, "SELECT c FROM daemon.rest_catalog() AS c WHERE c->>'module' = 'notification'");
    expect(catalogue.map((entry) => entry.path).sort()).toEqual(['/notification', '/notification/changed/objects', '/notification/count', '/notification/get', '/notification/list']);
  });
});

describe('/notification/changed/objects', () => {
  it('returns the current document row of each changed object in [fromdate, todate)', async () => {
    const doc = await newDocument(kernel, daemon, alice, type);
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const rows = await call(daemon, alice, '/notification/changed/objects', { objects: [doc], fromdate: from, todate: to });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: doc, statecode: 'created' });
    expect(await call(daemon, alice, '/notification/changed/objects', { objects: [doc], fromdate: to })).toEqual([]);
  });

  it('rejects objects that are not an array of uuids and a malformed date with 400', async () => {
    expect((await refused(daemon, alice, '/notification/changed/objects', { objects: 'abc' })).code).toBe(400);
    expect((await refused(daemon, alice, '/notification/changed/objects', { objects: ['abc'] })).code).toBe(400);
    expect((await refused(daemon, alice, '/notification/changed/objects', { fromdate: 'soon' })).code).toBe(400);
  });
});
