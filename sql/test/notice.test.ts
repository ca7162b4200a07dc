// The notice module: per-user notices through /notice/* (as the app service
// calls them), the kernel CreateNotice producers use, and NOTIFY notice.
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, one, openDatabase, rows, type Json, type TestDb } from './kernel-support.js';
import { call, documentClass, listen, newDocument, person, refused, single, type Person } from './notification-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let alice: Person;
let bob: Person;
let events: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  events = await listen(await db.client('kernel'), ['notice']);
  alice = await person(kernel, daemon);
  bob = await person(kernel, daemon);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('CreateNotice and NOTIFY notice', () => {
  it('defaults recipient to the current user, category to notice and status to 0, and announces {id, userid, object, category}', async () => {
    await kernel.query("SELECT set_config('current.user', $1, false)", [alice.id]);
    const id = await one<string>(kernel, "SELECT kernel.CreateNotice(null, null, 'x')");
    await kernel.query("SELECT set_config('current.user', '', false)");
    expect(await one(kernel, "SELECT json_build_object('userid', userid, 'category', category, 'status', status) FROM db.notice WHERE id = $1", [id])).toEqual({
      userid: alice.id,
      category: 'notice',
      status: 0,
    });
    expect((await events.of('notice')).filter((n) => (n as Json).id === id)).toEqual([{ id, userid: alice.id, object: null, category: 'notice' }]);
  });

  it('announces the related object of a notice created through /notice/set, and nothing on update', async () => {
    const type = await documentClass(kernel, `nctest${process.pid}`);
    const doc = await newDocument(kernel, daemon, alice, type);
    const notice = await single(daemon, alice, '/notice/set', { object: doc, text: 'about a doc', category: 'warning' });
    expect(notice).toMatchObject({ object: doc, entitycode: 'document', classcode: `nctest${process.pid}`, statuscode: 'created', category: 'warning' });
    await single(daemon, alice, '/notice/set', { id: notice.id, text: 'changed' });
    expect((await events.of('notice')).filter((n) => (n as Json).id === notice.id)).toEqual([{ id: notice.id, userid: alice.id, object: doc, category: 'warning' }]);
  });
});

describe('/notice/*', () => {
  it('lets A create a notice for B without seeing it, and B finds it in its list', async () => {
    expect(await call(daemon, alice, '/notice/set', { userid: bob.id, text: 'for bob' })).toEqual([]);
    const list = await call(daemon, bob, '/notice/list', { fields: ['text', 'userid'] });
    expect(list).toContainEqual({ text: 'for bob', userid: bob.id });
    expect((await call(daemon, alice, '/notice/list', {})).every((row) => row.userid === alice.id)).toBe(true);
  });

  it('leaves B’s notice unchanged when A edits it, and answers deleted: false for a foreign id', async () => {
    const id = await one<string>(kernel, "SELECT kernel.CreateNotice($1, null, 'bob only')", [bob.id]);
    expect(await call(daemon, alice, '/notice/set', { id, text: 'hijacked' })).toEqual([]);
    expect(await one(kernel, 'SELECT text FROM db.notice WHERE id = $1', [id])).toBe('bob only');
    expect(await single(daemon, alice, '/notice/delete', { id })).toEqual({ id, deleted: false });
    expect(await call(daemon, alice, '/notice/get', { id })).toEqual([]);
    expect(await single(daemon, bob, '/notice/get', { id, fields: ['text'] })).toEqual({ text: 'bob only' });
    expect(await single(daemon, bob, '/notice/delete', { id })).toEqual({ id, deleted: true });
  });

  it('marks all unread notices read with {}, reports false the second time and never downgrades accepted or refused', async () => {
    const carol = await person(kernel, daemon);
    const unread = await single(daemon, carol, '/notice/set', { text: 'one' });
    const delivered = await single(daemon, carol, '/notice/set', { text: 'two', status: 1 });
    const accepted = await single(daemon, carol, '/notice/set', { text: 'three', status: 3 });
    expect(await single(daemon, carol, '/notice/mark', {})).toEqual({ id: null, marked: true });
    expect(await single(daemon, carol, '/notice/mark', { id: null })).toEqual({ id: null, marked: false });
    const statuses = await call(daemon, carol, '/notice/list', { fields: ['id', 'status'] });
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [String(unread.id)]: 2, [String(delivered.id)]: 2, [String(accepted.id)]: 3 });
    expect(await single(daemon, carol, '/notice/count', {})).toEqual({ count: 3 });
  });

  it('marks one notice by id', async () => {
    const notice = await single(daemon, alice, '/notice/set', { text: 'mark me' });
    expect(await single(daemon, alice, '/notice/mark', { id: notice.id })).toEqual({ id: notice.id, marked: true });
    expect(await single(daemon, alice, '/notice/get', { id: notice.id, fields: ['statuscode'] })).toEqual({ statuscode: 'read' });
  });

  it('clears data with {} on edit', async () => {
    const notice = await single(daemon, alice, '/notice/set', { text: 'with data', data: { a: 1 } });
    expect(notice.data).toEqual({ a: 1 });
    expect((await single(daemon, alice, '/notice/set', { id: notice.id, data: {} })).data).toBeNull();
  });
});

describe('bad input answers 4xx', () => {
  it('rejects an empty payload, unknown keys, a missing text, a bad status, a bad uuid and an unknown object', async () => {
    expect(await refused(daemon, alice, '/notice/set', null)).toMatchObject({ code: 400, error: 'ERR-400-060' });
    expect(await refused(daemon, alice, '/notice/set', { text: 'x', colour: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect(await refused(daemon, alice, '/notice/set', { category: 'x' })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect((await refused(daemon, alice, '/notice/set', { text: 'x', status: 9 })).code).toBe(400);
    expect((await refused(daemon, alice, '/notice/set', { text: 'x', status: 'high' })).code).toBe(400);
    expect((await refused(daemon, alice, '/notice/set', { text: 'x', userid: 'nobody' })).code).toBe(400);
    expect((await refused(daemon, alice, '/notice/set', { text: 'x', object: '00000000-0000-4000-8000-000000000099' })).code).toBe(400);
    expect((await refused(daemon, alice, '/notice/set', { text: { nested: true } })).code).toBe(400);
  });

  it('rejects delete and get without id, an array on /notice/list and an unknown path', async () => {
    expect(await refused(daemon, alice, '/notice/delete', {})).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(await refused(daemon, alice, '/notice/get', { fields: ['id'] })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect((await refused(daemon, alice, '/notice/list', [{}])).code).toBe(400);
    expect(await refused(daemon, alice, '/notice/nothing', {})).toMatchObject({ code: 400, error: 'ERR-400-091' });
    expect((await refused(daemon, alice, '/notice/mark', { id: 'x' })).code).toBe(400);
    expect((await refused(daemon, alice, '/notice/count', { filter: { nosuch: 1 } })).code).toBe(400);
  });

  it('lists every /notice path in the REST catalogue', async () => {
    const catalogue = await rows<Json>(daemon, "SELECT c FROM daemon.rest_catalog() AS c WHERE c->>'module' = 'notice'");
    expect(catalogue.map((entry) => entry.path).sort()).toEqual(['/notice/count', '/notice/delete', '/notice/get', '/notice/list', '/notice/mark', '/notice/set']);
  });
});
