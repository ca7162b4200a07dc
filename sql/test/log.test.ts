import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let listener: pg.Client;
let jwt: string;
let username: string;
const notifications: Json[] = [];

function nextNotification(predicate: (payload: Json) => boolean, timeoutMs = 5000): Promise<Json> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const found = notifications.find(predicate);
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('no matching NOTIFY log'));
      setTimeout(poll, 20);
    };
    poll();
  });
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  listener = await db.client('apibot');
  listener.on('notification', (message) => {
    if (message.channel === 'log' && message.payload !== undefined) notifications.push(JSON.parse(message.payload) as Json);
  });
  await listener.query('LISTEN log');
  const user = await createUser(kernel);
  username = user.username;
  jwt = await signIn(daemon, user.username, user.password);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('db.log and NOTIFY log', () => {
  it('announces a committed entry with exactly id, type, code, username, scope, event and category', async () => {
    const id = await one<string>(kernel, "SELECT kernel.AddEventLog(pType => 'W', pCode => 6001, pScope => 'admin', pEvent => 'phone_mismatch', pText => 'k-notify-1')");
    const payload = await nextNotification((p) => String(p.id) === String(id));
    expect(payload).toEqual({ id: Number(id), type: 'W', code: 6001, username: 'kernel', scope: 'admin', event: 'phone_mismatch', category: null });
  });

  it('uses JSON null for a missing scope', async () => {
    const id = await one<string>(kernel, "SELECT kernel.AddEventLog('M', 1, 'legacy', 'k-notify-2')");
    const payload = await nextNotification((p) => String(p.id) === String(id));
    expect(payload.scope).toBeNull();
  });

  it('never announces a rolled-back entry', async () => {
    await kernel.query('BEGIN');
    const id = await one<string>(kernel, "SELECT kernel.AddEventLog(pType => 'M', pCode => 2, pScope => 'test', pEvent => 'rolled', pText => 'k-rollback')");
    await kernel.query('ROLLBACK');
    const marker = await one<string>(kernel, "SELECT kernel.AddEventLog(pType => 'M', pCode => 3, pScope => 'test', pEvent => 'marker', pText => 'k-after-rollback')");
    await nextNotification((p) => String(p.id) === String(marker));
    expect(notifications.some((p) => String(p.id) === String(id))).toBe(false);
  });

  it('defaults username to the PostgreSQL session user before any session exists', async () => {
    const id = await one<string>(kernel, "SELECT kernel.AddEventLog(pType => 'M', pCode => 4, pScope => 'test', pEvent => 'who', pText => 'k-who')");
    expect(await one(kernel, 'SELECT username FROM db.log WHERE id = $1', [id])).toBe('kernel');
  });

  it('stamps datetime with the wall clock even when the caller gives one', async () => {
    const id = await one<string>(
      kernel,
      "INSERT INTO db.log (type, datetime, username, code, event, text) VALUES ('M', '2000-01-01', 'x', 5, 'e', 't') RETURNING id",
    );
    expect(await one(kernel, "SELECT datetime > now() - interval '1 minute' FROM db.log WHERE id = $1", [id])).toBe(true);
  });
});

describe('writers', () => {
  it('WriteToEventLog stores nothing in log-off mode while AddEventLog still stores', async () => {
    await kernel.query('SELECT kernel.SetLogMode(false)');
    await kernel.query("SELECT kernel.WriteToEventLog('M', 7, 'test', 'off', 'k-suppressed')");
    await kernel.query("SELECT kernel.AddEventLog(pType => 'M', pCode => 7, pScope => 'test', pEvent => 'off', pText => 'k-direct')");
    await kernel.query('SELECT kernel.SetLogMode(true)');
    expect(await rows(kernel, "SELECT text FROM db.log WHERE text LIKE 'k-suppressed' OR text LIKE 'k-direct'")).toEqual(['k-direct']);
  });

  it('resolves five text arguments of WriteToEventLog to the scoped overload', async () => {
    await kernel.query("SELECT kernel.WriteToEventLog('E', 400, 'exception', 'error', 'k-scoped'::text)");
    expect((await kernel.query("SELECT scope, event FROM db.log WHERE text = 'k-scoped'")).rows[0]).toEqual({ scope: 'exception', event: 'error' });
  });

  it('never stores type N', async () => {
    await kernel.query("SELECT kernel.WriteToEventLog('N', 1, 'test', 'notice', 'k-notice')");
    expect(await one(kernel, "SELECT count(*)::int FROM db.log WHERE text = 'k-notice'")).toBe(0);
  });

  it('WriteDiagnostics writes the parsed message as E/error and the context as D/context with the error group', async () => {
    const result = (await kernel.query("SELECT * FROM kernel.WriteDiagnostics('ERR-400-061: k-diag', 'k-stack')")).rows[0];
    expect(result).toEqual({ errorcode: 400, errormessage: 'k-diag' });
    const logged = await kernel.query("SELECT type, code, scope, event FROM db.log WHERE text IN ('k-diag', 'k-stack') ORDER BY id");
    expect(logged.rows).toEqual([
      { type: 'E', code: 400, scope: 'exception', event: 'error' },
      { type: 'D', code: 400, scope: 'exception', event: 'context' },
    ]);
  });

  it('api.write_to_log stores a manual entry (upstream: ambiguous overload error)', async () => {
    const row = await one<Json>(kernel, "SELECT row_to_json(l) FROM api.write_to_log('W', 42, null, 'k-manual') AS l");
    expect(row).toMatchObject({ type: 'W', typename: 'Warning', code: 42, scope: 'api', event: 'manual', text: 'k-manual' });
  });
});

describe('REST /event/*', () => {
  it('writes an own entry with defaults M and 9999 and reads it back by id', async () => {
    const [written] = await fetch(daemon, jwt, '/api/v1/event/log/set', { text: 'k-rest-entry' });
    expect(written).toMatchObject({ type: 'M', code: 9999, scope: 'api', event: 'manual', username, text: 'k-rest-entry' });
    const [read] = await fetch(daemon, jwt, '/api/v1/event/log/get', { id: written?.id, fields: ['id', 'text'] });
    expect(read).toEqual({ id: written?.id, text: 'k-rest-entry' });
  });

  it('filters /event/log by scope (upstream drops the scope argument and fails)', async () => {
    await fetch(daemon, jwt, '/api/v1/event/log/set', { text: 'k-scope-a', scope: 'k-a' });
    await fetch(daemon, jwt, '/api/v1/event/log/set', { text: 'k-scope-b', scope: 'k-b' });
    const found = await fetch(daemon, jwt, '/api/v1/event/log', { scope: 'k-a' });
    expect(found.map((row) => row.text)).toEqual(['k-scope-a']);
  });

  it('shows a user only their own entries', async () => {
    const other = await one<string>(kernel, "SELECT kernel.AddEventLog(pType => 'M', pCode => 1, pScope => 'test', pEvent => 'other', pText => 'k-not-mine')");
    expect(await fetch(daemon, jwt, '/api/v1/event/log/get', { id: Number(other) })).toEqual([]);
    const [count] = await fetch(daemon, jwt, '/api/v1/event/log/count', { filter: { username } });
    expect(count).toEqual({ count: expect.any(Number) });
    const list = await fetch(daemon, jwt, '/api/v1/event/log/list', { fields: ['username'] });
    expect(new Set(list.map((row) => row.username))).toEqual(new Set([username]));
  });

  it('answers bad input with 400 envelopes', async () => {
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/log/set', { type: 'Q', text: 'x' }))[0])).toMatchObject({ code: 400, error: 'ERR-400-029' });
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/log/set', { scope: 'x' }))[0])).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/log', { code: 'many' }))[0])).toMatchObject({ code: 400, error: 'ERR-400-063' });
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/log', { datefrom: 'yesterday-ish' }))[0])).toMatchObject({ code: 400 });
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/log/get', { id: 1, bad: 1 }))[0])).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect(errorOf((await fetch(daemon, jwt, '/api/v1/event/nosuch', {}))[0])).toMatchObject({ code: 400, error: 'ERR-400-091' });
  });

  it('requires a session', async () => {
    expect(await failure(kernel, "SELECT * FROM rest.event('/event/log', null)")).toMatch(/^ERR-401-001: /);
  });
});
