// The comment module: threads on objects through /comment/* as the app
// service calls them, with the author/administrator rule and the object
// access check of /comment/get.
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, one, openDatabase, rows, type Json, type TestDb } from './kernel-support.js';
import { call, documentClass, newDocument, person, refused, single, type Person } from './notification-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let alice: Person;
let bob: Person;
let boss: Person;
let type: string;
let doc: string;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  type = await documentClass(kernel, `ctest${process.pid}`);
  alice = await person(kernel, daemon);
  bob = await person(kernel, daemon);
  boss = await person(kernel, daemon, 'administrator');
  doc = await newDocument(kernel, daemon, alice, type);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('writing comments', () => {
  it('creates a comment owned by the caller with updated equal to created', async () => {
    const comment = await single(daemon, alice, '/comment/set', { object: doc, text: 'first', priority: 3, data: { k: 1 } });
    expect(comment).toMatchObject({ object: doc, owner: alice.id, username: alice.username, text: 'first', priority: 3, data: { k: 1 }, entitycode: 'document' });
    expect(comment.updated).toBe(comment.created);
  });

  it('resets priority to 0 on an update that gives only text (upstream quirk) and moves updated', async () => {
    const comment = await single(daemon, alice, '/comment/set', { object: doc, text: 'before', priority: 7 });
    const edited = await single(daemon, alice, '/comment/set', { id: comment.id, text: 'after' });
    expect(edited).toMatchObject({ text: 'after', priority: 0 });
    expect(edited.updated).not.toBe(comment.updated);
  });

  it('refuses an update or delete by another plain user with ERR-400-001 and allows an administrator', async () => {
    const comment = await single(daemon, alice, '/comment/set', { object: doc, text: 'mine' });
    expect(await refused(daemon, bob, '/comment/set', { id: comment.id, text: 'yours' })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await refused(daemon, bob, '/comment/delete', { id: comment.id })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await single(daemon, boss, '/comment/set', { id: comment.id, text: 'moderated', priority: 1 })).toMatchObject({ text: 'moderated', owner: alice.id });
    expect(await single(daemon, boss, '/comment/delete', { id: comment.id })).toEqual({ id: comment.id, deleted: true });
  });

  it('answers NotFound for an unknown id and refuses to delete a comment with replies, both as 400', async () => {
    expect(await refused(daemon, alice, '/comment/set', { id: '00000000-0000-4000-8000-00000000abcd', text: 'x' })).toMatchObject({ code: 400, error: 'ERR-400-073' });
    const parent = await single(daemon, alice, '/comment/set', { object: doc, text: 'parent' });
    await single(daemon, alice, '/comment/set', { object: doc, parent: parent.id, text: 'reply' });
    expect((await refused(daemon, alice, '/comment/delete', { id: parent.id })).code).toBe(400);
    expect(await one<number>(kernel, 'SELECT count(*)::int FROM db.comment WHERE id = $1', [parent.id])).toBe(1);
  });
});

describe('reading comments', () => {
  it('numbers a thread by priority: 5 → 1, 1 → 2, a reply to the second → 2.1', async () => {
    const thread = await newDocument(kernel, daemon, alice, type);
    const low = await single(daemon, alice, '/comment/set', { object: thread, text: 'low', priority: 1 });
    await single(daemon, alice, '/comment/set', { object: thread, text: 'high', priority: 5 });
    await single(daemon, alice, '/comment/set', { object: thread, parent: low.id, text: 'reply' });
    const list = await call(daemon, alice, '/comment/list', { filter: { object: thread }, orderby: ['sortlist'], fields: ['text', 'index'] });
    expect(list).toEqual([
      { text: 'high', index: '1' },
      { text: 'low', index: '2' },
      { text: 'reply', index: '2.1' },
    ]);
    expect(await single(daemon, alice, '/comment/count', { filter: { object: thread } })).toEqual({ count: 3 });
  });

  it('checks /comment/get access against the comment object (upstream checks the comment id and hides it from everyone)', async () => {
    const comment = await single(daemon, alice, '/comment/set', { object: doc, text: 'private thread' });
    expect(await single(daemon, alice, '/comment/get', { id: comment.id, fields: ['id', 'text'] })).toEqual({ id: comment.id, text: 'private thread' });
    expect(await call(daemon, bob, '/comment/get', { id: comment.id })).toEqual([]);
  });

  it('hides comments whose author has no profile in the current scope', async () => {
    const ghost = await person(kernel, daemon);
    const id = await one<string>(kernel, "SELECT kernel.CreateComment(null, $1, $2, 0, 'ghost text')", [doc, ghost.id]);
    expect(await call(daemon, alice, '/comment/list', { filter: { id }, fields: ['id'] })).toEqual([{ id }]);
    await kernel.query('DELETE FROM db.profile WHERE userid = $1', [ghost.id]);
    expect(await call(daemon, alice, '/comment/list', { filter: { id } })).toEqual([]);
  });
});

describe('bad input answers 4xx', () => {
  it('rejects an empty payload, unknown keys, missing object or text, bad uuid, bad priority and an unknown object', async () => {
    expect(await refused(daemon, alice, '/comment/set', null)).toMatchObject({ code: 400, error: 'ERR-400-060' });
    expect(await refused(daemon, alice, '/comment/set', { object: doc, text: 'x', mood: 'happy' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect(await refused(daemon, alice, '/comment/set', { text: 'x' })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(await refused(daemon, alice, '/comment/set', { object: doc })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect((await refused(daemon, alice, '/comment/set', { object: 'doc', text: 'x' })).code).toBe(400);
    expect((await refused(daemon, alice, '/comment/set', { object: doc, text: 'x', priority: 'top' })).code).toBe(400);
    expect((await refused(daemon, alice, '/comment/set', { object: '00000000-0000-4000-8000-000000000099', text: 'x' })).code).toBe(400);
    expect((await refused(daemon, alice, '/comment/set', { object: doc, text: 'x', data: 'not json object' })).code).toBe(400);
  });

  it('rejects get and delete without id, an unknown orderby column and an unknown path', async () => {
    expect(await refused(daemon, alice, '/comment/get', {})).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(await refused(daemon, alice, '/comment/delete', {})).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect((await refused(daemon, alice, '/comment/list', { orderby: ['text; DROP TABLE db.comment'] })).code).toBe(400);
    expect(await refused(daemon, alice, '/comment/nothing', {})).toMatchObject({ code: 400, error: 'ERR-400-091' });
    expect((await refused(daemon, alice, '/comment/count', { filter: { nosuch: 1 } })).code).toBe(400);
  });

  it('lists every /comment path in the REST catalogue', async () => {
    const catalogue = await rows<Json>(daemon, "SELECT c FROM daemon.rest_catalog() AS c WHERE c->>'module' = 'comment'");
    expect(catalogue.map((entry) => entry.path).sort()).toEqual(['/comment/count', '/comment/delete', '/comment/get', '/comment/list', '/comment/set']);
  });
});
