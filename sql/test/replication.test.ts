// The replication module: capture triggers, the NOTIFY `replication`
// announcement, the relay and its apply, and /replication/* as a peer's
// replication worker calls it (daemon.fetch with a member of group replication).
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, fetch, one, openDatabase, rows, signIn, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let apibot: pg.Client;
let listener: pg.Client;
let worker: string;
let outsider: string;
const announced: Json[] = [];
let counter = 0;

const replicationGroup = '00000000-0000-4000-a000-000000000005';

function unique(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

function nextAnnouncement(predicate: (payload: Json) => boolean, timeoutMs = 5000): Promise<Json> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const found = announced.find(predicate);
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('no matching NOTIFY replication'));
      setTimeout(poll, 20);
    };
    poll();
  });
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  apibot = await db.client('apibot');
  listener = await db.client('apibot');
  listener.on('notification', (message) => {
    if (message.channel === 'replication' && message.payload !== undefined) announced.push(JSON.parse(message.payload) as Json);
  });
  await listener.query('LISTEN replication');

  const member = await createUser(kernel);
  await kernel.query('SELECT kernel.AddMemberToGroup($1, $2::uuid)', [member.id, replicationGroup]);
  worker = await signIn(daemon, member.username, member.password);
  const other = await createUser(kernel);
  outsider = await signIn(daemon, other.username, other.password);

  await kernel.query('CREATE TABLE db.repl_item (id integer PRIMARY KEY, name text, tags text[], grid text[][], extra jsonb, flag boolean, amount numeric)');
  await kernel.query('CREATE TABLE db.repl_nopk (a integer, b text)');
  await kernel.query('CREATE TABLE db.repl_touch (id integer PRIMARY KEY, touched integer NOT NULL DEFAULT 0)');
  // A user trigger that a replayed change must not fire.
  await kernel.query(`CREATE FUNCTION db.ft_repl_touch() RETURNS trigger AS $$
    BEGIN UPDATE db.repl_touch SET touched = touched + 1 WHERE id = 1; RETURN NEW; END; $$ LANGUAGE plpgsql`);
  await kernel.query('CREATE TRIGGER t_repl_item_touch AFTER INSERT ON db.repl_item FOR EACH ROW EXECUTE PROCEDURE db.ft_repl_touch()');
  await kernel.query('INSERT INTO db.repl_touch (id) VALUES (1)');
  await kernel.query("SELECT replication.table('db', 'repl_item', true)");
  await kernel.query("SELECT replication.table('db', 'repl_nopk', true)");
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(jwt: string, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, jwt, `/api/v1${path}`, payload);
}

async function callError(jwt: string, path: string, payload: unknown, code = 400): Promise<string | null | undefined> {
  const result = await call(jwt, path, payload);
  expect(result).toHaveLength(1);
  const error = errorOf(result[0]);
  expect(error?.code).toBe(code);
  return error?.error;
}

async function lastLog(name: string): Promise<Json> {
  return one<Json>(kernel, 'SELECT to_json(l) FROM replication.log l WHERE name = $1 ORDER BY id DESC LIMIT 1', [name]);
}

async function logCount(name: string): Promise<number> {
  return Number(await one(kernel, 'SELECT count(*) FROM replication.log WHERE name = $1', [name]));
}

describe('capture', () => {
  it('logs an insert with the whole row and no key, and announces it with exactly id, datetime, action, schema, name, source', async () => {
    await kernel.query("INSERT INTO db.repl_item (id, name, tags, extra) VALUES (1, 'one', '{a,b}', '{\"k\": 1}')");
    const row = await lastLog('repl_item');
    expect(row).toMatchObject({ action: 'I', schema: 'db', name: 'repl_item', key: null, source: null });
    expect(row.data).toEqual({ id: 1, name: 'one', tags: ['a', 'b'], grid: null, extra: { k: 1 }, flag: null, amount: null });
    const payload = await nextAnnouncement((p) => p.id === row.id);
    expect(Object.keys(payload).sort()).toEqual(['action', 'datetime', 'id', 'name', 'schema', 'source']);
    expect(payload).toEqual({ id: row.id, datetime: expect.any(String), action: 'I', schema: 'db', name: 'repl_item', source: null });
    expect(new Date(String(payload.datetime)).getTime()).toBe(new Date(String(row.datetime)).getTime());
  });

  it('logs only the changed columns of an update, keyed by the primary key, and nothing for a no-op update', async () => {
    await kernel.query("UPDATE db.repl_item SET name = 'uno', flag = true WHERE id = 1");
    expect(await lastLog('repl_item')).toMatchObject({ action: 'U', key: { id: 1 }, data: { name: 'uno', flag: true } });
    const before = await logCount('repl_item');
    await kernel.query("UPDATE db.repl_item SET name = 'uno' WHERE id = 1");
    expect(await logCount('repl_item')).toBe(before);
  });

  it('logs a delete by its key', async () => {
    await kernel.query("INSERT INTO db.repl_item (id, name) VALUES (2, 'two')");
    await kernel.query('DELETE FROM db.repl_item WHERE id = 2');
    expect(await lastLog('repl_item')).toMatchObject({ action: 'D', key: { id: 2 }, data: null });
  });

  it('logs an update of a table without primary key with a NULL key and never its deletes', async () => {
    await kernel.query("INSERT INTO db.repl_nopk VALUES (1, 'x')");
    await kernel.query("UPDATE db.repl_nopk SET b = 'y'");
    expect(await lastLog('repl_nopk')).toMatchObject({ action: 'U', key: null, data: { b: 'y' } });
    const before = await logCount('repl_nopk');
    await kernel.query('DELETE FROM db.repl_nopk');
    expect(await logCount('repl_nopk')).toBe(before);
  });

  it('ignores profile updates that change only excluded columns', async () => {
    await kernel.query("SELECT replication.table('db', 'profile', true)");
    try {
      const user = await createUser(kernel);
      const before = await logCount('profile');
      await kernel.query('UPDATE db.profile SET input_last = now(), input_count = input_count + 1 WHERE userid = $1', [user.id]);
      expect(await logCount('profile')).toBe(before);
      await kernel.query("UPDATE db.profile SET given_name = 'Replicated' WHERE userid = $1", [user.id]);
      expect(await lastLog('profile')).toMatchObject({ action: 'U', data: { given_name: 'Replicated' } });
    } finally {
      await kernel.query("SELECT replication.table('db', 'profile', false)");
    }
  });

  it('never fails the user statement when logging breaks', async () => {
    await kernel.query('ALTER TABLE replication.log ADD CONSTRAINT repl_test_block CHECK (name <> $$repl_item$$) NOT VALID');
    try {
      await kernel.query("INSERT INTO db.repl_item (id, name) VALUES (3, 'kept')");
      expect(await one(kernel, 'SELECT name FROM db.repl_item WHERE id = 3')).toBe('kept');
    } finally {
      await kernel.query('ALTER TABLE replication.log DROP CONSTRAINT repl_test_block');
    }
  });

  it('turns enrolment off and on again through replication.off and replication.on', async () => {
    await kernel.query('SELECT replication.off()');
    const before = await logCount('repl_item');
    await kernel.query("INSERT INTO db.repl_item (id, name) VALUES (4, 'off')");
    expect(await logCount('repl_item')).toBe(before);
    await kernel.query('SELECT replication.on()');
    await kernel.query("INSERT INTO db.repl_item (id, name) VALUES (5, 'on')");
    expect(await logCount('repl_item')).toBe(before + 1);
    expect(await one(kernel, "SELECT active FROM kernel.ReplicationTable WHERE schema = 'db' AND name = 'repl_item'")).toBe(true);
    expect(await one(kernel, "SELECT active FROM kernel.ReplicationTable WHERE schema = 'db' AND name = 'user'")).toBe(false);
  });
});

describe('source filter', () => {
  let from: number;

  beforeAll(async () => {
    from = Number(await one(kernel, 'SELECT coalesce(max(id), 0) FROM replication.log'));
    for (const source of [null, 'me', 'third']) {
      await kernel.query("SELECT replication.add_log(now(), 'I', 'db', 'source_test', null, '{}'::jsonb, $1)", [source]);
    }
  });

  async function sources(source: string | null): Promise<(string | null)[]> {
    return rows<string | null>(apibot, 'SELECT source FROM api.replication_log($1, $2) ORDER BY id', [from, source]);
  }

  it('returns local NULL-source rows and third parties to a caller naming itself (upstream `<>` dropped the local rows)', async () => {
    expect(await sources('me')).toEqual([null, 'third']);
  });

  it('returns only rows with a source when the source is NULL', async () => {
    expect(await sources(null)).toEqual(['me', 'third']);
  });

  it('returns nothing from a NULL position', async () => {
    expect(await rows(apibot, 'SELECT id FROM api.replication_log(NULL, $1)', ['me'])).toEqual([]);
  });
});

describe('relay and apply', () => {
  let peer: string;

  beforeEach(() => {
    peer = unique('peer');
  });

  async function relay(id: number, action: string, key: Json | null, data: Json | null, proxy = false, name = 'repl_item'): Promise<void> {
    await apibot.query('SELECT api.add_to_relay_log($1, $2, now(), $3, $4, $5, $6::jsonb, $7::jsonb, $8)', [
      peer,
      id,
      action,
      'db',
      name,
      key === null ? null : JSON.stringify(key),
      data === null ? null : JSON.stringify(data),
      proxy,
    ]);
  }

  async function state(id: number): Promise<Json> {
    return one<Json>(kernel, "SELECT json_build_object('state', state, 'message', message) FROM replication.relay WHERE source = $1 AND id = $2", [peer, id]);
  }

  it('replays insert, update and delete in id order without firing user triggers or capturing them again', async () => {
    const touched = await one(kernel, 'SELECT touched FROM db.repl_touch WHERE id = 1');
    const logged = await logCount('repl_item');
    await relay(1, 'I', null, { id: 100, name: 'remote', tags: ['p', 'q'], grid: [['a', 'b'], ['c', 'd']], extra: { deep: [1, 2] }, flag: false, amount: 1.5 });
    await relay(2, 'U', { id: 100 }, { name: "it's remote" });
    expect(await one(apibot, 'SELECT api.replication_apply($1)', [peer])).toBe(2);
    expect(await one(kernel, 'SELECT to_json(r) FROM db.repl_item r WHERE id = 100')).toEqual({
      id: 100,
      name: "it's remote",
      tags: ['p', 'q'],
      grid: [['a', 'b'], ['c', 'd']],
      extra: { deep: [1, 2] },
      flag: false,
      amount: 1.5,
    });
    await relay(3, 'D', { id: 100 }, null);
    expect(await one(apibot, 'SELECT api.replication_apply($1)', [peer])).toBe(1);
    expect(await rows(kernel, 'SELECT id FROM db.repl_item WHERE id = 100')).toEqual([]);
    expect(await one(kernel, 'SELECT touched FROM db.repl_touch WHERE id = 1')).toBe(touched);
    expect(await logCount('repl_item')).toBe(logged);
    expect(await state(3)).toEqual({ state: 1, message: null });
  });

  it('marks a duplicate insert failed with the error, continues with the next row and never retries it', async () => {
    await relay(1, 'I', null, { id: 200, name: 'first' });
    await relay(2, 'I', null, { id: 200, name: 'again' });
    await relay(3, 'U', { id: 200 }, { name: 'updated' });
    expect(await one(apibot, 'SELECT api.replication_apply($1)', [peer])).toBe(3);
    expect(await state(2)).toEqual({ state: 2, message: expect.stringMatching(/duplicate key/) });
    expect(await one(kernel, 'SELECT name FROM db.repl_item WHERE id = 200')).toBe('updated');
    expect(await one(apibot, 'SELECT api.replication_apply($1)', [peer])).toBe(0);
    expect(await one(kernel, "SELECT count(*) FROM db.log WHERE code = 9020 AND category = 'replication' AND text LIKE '%repl_item%'")).not.toBe('0');
  });

  it('fails an update of a table without primary key (empty WHERE) without raising', async () => {
    await relay(1, 'U', null, { b: 'z' }, false, 'repl_nopk');
    expect(await one(apibot, 'SELECT api.replication_apply_relay($1, 1)', [peer])).toMatch(/syntax error/);
    expect(await state(1)).toMatchObject({ state: 2 });
  });

  it('re-logs an applied row of a proxy relay with the peer as source and the original time', async () => {
    await apibot.query("SELECT api.add_to_relay_log($1, 1, '2020-01-02T03:04:05Z', 'I', 'db', 'repl_item', null, '{\"id\": 300, \"name\": \"proxied\"}'::jsonb, true)", [peer]);
    await apibot.query('SELECT api.replication_apply($1)', [peer]);
    const row = await lastLog('repl_item');
    expect(row).toMatchObject({ action: 'I', source: peer, data: { id: 300, name: 'proxied' } });
    expect(new Date(String(row.datetime)).toISOString()).toBe('2020-01-02T03:04:05.000Z');
    await nextAnnouncement((p) => p.id === row.id && p.source === peer);
    expect(await rows(apibot, 'SELECT id FROM api.replication_log($1, $2) WHERE id = $3', [Number(row.id) - 1, peer, row.id])).toEqual([]);
  });

  it('refuses a relay id received twice from the same source', async () => {
    await relay(1, 'I', null, { id: 400 });
    await expect(relay(1, 'I', null, { id: 400 })).rejects.toThrow(/duplicate key/);
  });

  it('reports an unknown relay row as ERR-400-073', async () => {
    await expect(kernel.query('SELECT replication.apply_relay($1, 999)', [peer])).rejects.toThrow(/ERR-400-073/);
  });

  it('does not execute SQL hidden in relayed identifiers or values', async () => {
    await relay(1, 'I', null, { id: 500, name: "x'); DROP TABLE db.repl_touch; --" });
    await relay(2, 'I', null, { 'name) VALUES (1); DROP TABLE db.repl_touch; --': 1 });
    await apibot.query('SELECT api.replication_apply($1)', [peer]);
    expect(await one(kernel, 'SELECT name FROM db.repl_item WHERE id = 500')).toBe("x'); DROP TABLE db.repl_touch; --");
    expect(await state(2)).toMatchObject({ state: 2 });
    expect(await one(kernel, "SELECT to_regclass('db.repl_touch')::text")).toBe('db.repl_touch');
  });

  it('answers the highest relay id of a source and NULL for an unknown one', async () => {
    await relay(7, 'I', null, { id: 600 });
    await relay(3, 'I', null, { id: 601 });
    expect(await one(apibot, 'SELECT api.get_max_relay_id($1)', [peer])).toBe('7');
    expect(await one(apibot, 'SELECT api.get_max_relay_id($1)', ['nobody'])).toBeNull();
  });
});

describe('REST /replication', () => {
  it('refuses a call without a session with ERR-401-001', async () => {
    const [row] = await rows(daemon, "SELECT * FROM daemon.unauthorized_fetch('POST', '/api/v1/replication/log/max', null, 'jest', null)");
    expect(errorOf(row)).toMatchObject({ code: 401 });
    expect(await rows<string>(kernel, "SELECT * FROM rest.replication('/replication/log/max', null)").catch((e: Error) => [e.message])).toEqual([expect.stringMatching(/ERR-401-001/)]);
  });

  it('refuses a user outside group replication with ERR-400-001', async () => {
    expect(await callError(outsider, '/replication/log/max', null)).toBe('ERR-400-001');
  });

  it('answers /replication/log/max with the highest log id', async () => {
    const max = await one(kernel, 'SELECT max(id) FROM replication.log');
    expect(await call(worker, '/replication/log/max', { ignored: true })).toEqual([{ id: Number(max) }]);
  });

  it('pages /replication/log from an id, excluding the caller\'s own rows', async () => {
    const from = Number(await one(kernel, 'SELECT max(id) FROM replication.log'));
    await kernel.query("SELECT replication.add_log(now(), 'I', 'db', 'rest_log', null, '{}'::jsonb, 'caller')");
    await kernel.query("SELECT replication.add_log(now(), 'U', 'db', 'rest_log', '{\"id\":1}'::jsonb, '{\"a\":1}'::jsonb, null)");
    const result = await call(worker, '/replication/log', { id: from, source: 'caller', reclimit: 10 });
    expect(result).toEqual([{ id: from + 2, datetime: expect.any(String), action: 'U', schema: 'db', name: 'rest_log', key: { id: 1 }, data: { a: 1 }, source: null }]);
    expect(await callError(worker, '/replication/log', { id: 'abc' })).toMatch(/^ERR-400-/);
    expect(await callError(worker, '/replication/log', { id: 1, bogus: 1 })).toBe('ERR-400-061');
  });

  it('gets, counts and lists log rows', async () => {
    const id = Number(await one(kernel, "SELECT replication.add_log(now(), 'D', 'db', 'rest_get', '{\"id\":9}'::jsonb, null)"));
    expect(await call(worker, '/replication/log/get', { id, fields: ['action', 'key'] })).toEqual([{ action: 'D', key: { id: 9 } }]);
    expect(await call(worker, '/replication/log/count', { filter: { name: 'rest_get' } })).toEqual([{ count: 1 }]);
    expect(await call(worker, '/replication/log/list', { fields: ['id'], filter: { name: 'rest_get' } })).toEqual([{ id }]);
    expect(await callError(worker, '/replication/log/get', { fields: ['id'] })).toBe('ERR-400-062');
    expect(await callError(worker, '/replication/log/count', { filter: { nope: 1 } })).toMatch(/^ERR-400-06/);
    expect(await callError(worker, '/replication/log/list', { fields: ['nope'] })).toBe('ERR-400-065');
  });

  it('adds relay rows, reports their maximum, applies one and counts and lists them', async () => {
    const source = unique('rest');
    const rowsIn = [
      { source, id: 1, datetime: '2024-05-01T10:00:00Z', action: 'I', schema: 'db', name: 'repl_item', key: null, data: { id: 700, name: 'rest' } },
      { source, id: 2, datetime: '2024-05-01T10:00:01Z', action: 'U', schema: 'db', name: 'repl_item', key: { id: 700 }, data: { name: 'rest2' }, proxy: false },
    ];
    expect(await call(worker, '/replication/relay/add', rowsIn)).toEqual([
      { source, id: 1, status: 'Accepted' },
      { source, id: 2, status: 'Accepted' },
    ]);
    expect(await call(worker, '/replication/relay/max', { source })).toEqual([{ source, id: 2 }]);
    expect(await call(worker, '/replication/relay/apply', { source, id: 1 })).toEqual([{ source, id: 1, message: 'Success' }]);
    expect(await call(worker, '/replication/apply', { source })).toEqual([{ count: 1 }]);
    expect(await one(kernel, 'SELECT name FROM db.repl_item WHERE id = 700')).toBe('rest2');
    expect(await call(worker, '/replication/relay/count', { filter: { source } })).toEqual([{ count: 2 }]);
    expect(await call(worker, '/replication/relay/list', { fields: ['id', 'state'], filter: { source } })).toEqual([
      { id: 1, state: 1 },
      { id: 2, state: 1 },
    ]);
  });

  it('answers a relay id sent twice with a 400 (the worker\'s "already have it")', async () => {
    const source = unique('dup');
    const row = { source, id: 1, datetime: '2024-05-01T10:00:00Z', action: 'I', schema: 'db', name: 'repl_item', data: { id: 800 } };
    await call(worker, '/replication/relay/add', row);
    expect(await callError(worker, '/replication/relay/add', row)).toMatch(/^ERR-400-/);
  });

  it('rejects malformed relay rows with a 400 envelope', async () => {
    const base = { source: 's', id: 1, datetime: '2024-05-01T10:00:00Z', action: 'I', schema: 'db', name: 'repl_item' };
    expect(await callError(worker, '/replication/relay/add', { ...base, action: 'X' })).toBe('ERR-400-065');
    expect(await callError(worker, '/replication/relay/add', { ...base, datetime: 'yesterday-ish' })).toMatch(/^ERR-400-/);
    expect(await callError(worker, '/replication/relay/add', { ...base, data: 'text' })).toBe('ERR-400-063');
    expect(await callError(worker, '/replication/relay/add', { ...base, id: undefined })).toBe('ERR-400-062');
    expect(await callError(worker, '/replication/relay/add', { ...base, extra: true })).toBe('ERR-400-061');
    expect(await callError(worker, '/replication/relay/max', {})).toBe('ERR-400-062');
    expect(await callError(worker, '/replication/relay/apply', { source: 's' })).toBe('ERR-400-062');
    expect(await callError(worker, '/replication/relay/apply', { source: 'nobody', id: 1 })).toBe('ERR-400-073');
    expect(await callError(worker, '/replication/apply', null)).toBe('ERR-400-060');
    expect(await callError(worker, '/replication/relay/count', { search: 'x' })).toBe('ERR-400-063');
    expect(await callError(worker, '/replication/relay/list', { orderby: ['nope'] })).toBe('ERR-400-065');
  });

  it('answers an unknown path with ERR-400-091', async () => {
    expect(await callError(worker, '/replication/nothing', {})).toBe('ERR-400-091');
  });

  it('registers every path in the REST catalogue', async () => {
    const paths = await rows<string>(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'replication' ORDER BY path");
    expect(paths).toHaveLength(11);
  });
});
