// The observer module: publishers, listeners and their filters, driven as the
// WebSocket service drives them (daemon.fetch for /observer/*, daemon.observer
// and the batched daemon.observer_match for events).
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, fetch, one, openDatabase, rows, str, token, web, type Json, type TestDb } from './kernel-support.js';

interface Client {
  id: string;
  username: string;
  jwt: string;
  session: string;
}

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let apibot: pg.Client;
let alice: Client;
let bob: Client;

const replicationGroup = '00000000-0000-4000-a000-000000000005';

async function signInClient(group: 'user' | 'administrator' = 'user'): Promise<Client> {
  const user = await createUser(kernel, group);
  const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password });
  if (errorOf(answer) !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return { id: user.id, username: user.username, jwt: str(answer.access_token), session: str(answer.session) };
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  apibot = await db.client('apibot');
  alice = await signInClient();
  bob = await signInClient();
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(who: Client, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function callError(who: Client, path: string, payload: unknown): Promise<string | null | undefined> {
  const result = await call(who, path, payload);
  expect(result).toHaveLength(1);
  const error = errorOf(result[0]);
  expect(error?.code).toBe(400);
  return error?.error;
}

function observe(publisher: string, who: Client, data: Json, identity = 'main'): Promise<Json[]> {
  return rows(daemon, 'SELECT * FROM daemon.observer($1, $2, $3, $4::jsonb, $5, $6::inet)', [publisher, who.session, identity, JSON.stringify(data), 'jest', '127.0.0.1']);
}

async function logEntry(username: string, type = 'W', code = 7001, category: string | null = null): Promise<Json> {
  const id = await one<string>(kernel, "INSERT INTO db.log (type, username, code, event, text, category) VALUES ($1, $2, $3, 'test', 'observer test', $4) RETURNING id", [type, username, code, category]);
  return { id: Number(id), type, code, username, scope: null, event: 'test', category };
}

describe('publishers', () => {
  it('seeds the seven platform publishers and lists them to the daemon role', async () => {
    const codes = await rows<string>(daemon, 'SELECT * FROM daemon.publisher_list()');
    expect(codes).toEqual(expect.arrayContaining(['notify', 'notice', 'message', 'replication', 'log', 'geo', 'file']));
  });

  it('refuses to delete a publisher that still has listeners', async () => {
    await kernel.query("SELECT kernel.CreatePublisher('custom_busy', 'Busy')");
    await kernel.query("INSERT INTO db.listener (publisher, session, identity) VALUES ('custom_busy', $1, 'main')", [alice.session]);
    await expect(kernel.query("SELECT kernel.DeletePublisher('custom_busy')")).rejects.toThrow(/foreign key/);
    await kernel.query("DELETE FROM db.listener WHERE publisher = 'custom_busy'");
    await kernel.query("SELECT kernel.DeletePublisher('custom_busy')");
    expect(await rows(kernel, "SELECT code FROM db.publisher WHERE code = 'custom_busy'")).toEqual([]);
  });

  it('keeps unchanged fields when a publisher is edited with NULLs', async () => {
    await kernel.query("SELECT kernel.CreatePublisher('custom_edit', 'Name', 'Description')");
    await kernel.query("SELECT kernel.EditPublisher('custom_edit', pDescription => 'Changed')");
    expect(await one(kernel, "SELECT to_json(p) FROM api.publisher('custom_edit') AS p")).toEqual({ code: 'custom_edit', name: 'Name', description: 'Changed' });
  });

  it('answers /observer/publisher and /observer/publisher/get with the projected row', async () => {
    expect(await call(alice, '/observer/publisher', { code: 'log', fields: ['code'] })).toEqual([{ code: 'log' }]);
    expect(await call(alice, '/observer/publisher', null)).toEqual([]);
    expect(await call(alice, '/observer/publisher/get', [{ code: 'geo', fields: ['code', 'name'] }, { code: 'file', fields: ['code'] }])).toEqual([
      { code: 'geo', name: expect.any(String) },
      { code: 'file' },
    ]);
  });

  it('rejects an unknown key on /observer/publisher and a missing code on /observer/publisher/get', async () => {
    expect(await callError(alice, '/observer/publisher', { id: 'log' })).toBe('ERR-400-061');
    expect(await callError(alice, '/observer/publisher/get', { fields: ['code'] })).toBe('ERR-400-062');
    expect(await callError(alice, '/observer/publisher/get', null)).toBe('ERR-400-060');
  });

  it('counts publishers with count(*) (upstream counted a missing id column and failed)', async () => {
    const [all] = await call(alice, '/observer/publisher/count', {});
    expect(Number(all?.count)).toBeGreaterThanOrEqual(7);
    expect(await call(alice, '/observer/publisher/count', { filter: { code: 'log' } })).toEqual([{ count: 1 }]);
  });

  it('lists publishers ordered by code and rejects an injected filter column', async () => {
    const list = await call(alice, '/observer/publisher/list', { fields: ['code'], search: [{ field: 'code', compare: 'LKE', value: 'n%' }] });
    expect(list).toEqual([{ code: 'notice' }, { code: 'notify' }]);
    expect(await callError(alice, '/observer/publisher/list', { filter: { 'code = code OR true --': 1 } })).toBe('ERR-400-061');
    expect(await callError(alice, '/observer/publisher/count', { search: 'x' })).toBe('ERR-400-063');
  });
});

describe('subscribing', () => {
  it('subscribes with an empty filter, notify params and identity main by default', async () => {
    expect(await call(alice, '/observer/subscribe', { publisher: 'notify' })).toEqual([
      { publisher: 'notify', session: alice.session, identity: 'main', filter: {}, params: { type: 'notify' } },
    ]);
  });

  it('keeps one row per publisher, session and identity: the last filter wins', async () => {
    await call(alice, '/observer/subscribe', { publisher: 'log', filter: { types: ['E'] } });
    await call(alice, '/observer/subscribe', { publisher: 'log', filter: { types: ['W'] } });
    const stored = await rows(kernel, "SELECT filter FROM db.listener WHERE publisher = 'log' AND session = $1", [alice.session]);
    expect(stored).toEqual([{ types: ['W'] }]);
  });

  it('ignores a session given to /observer/subscribe: the caller subscribes only itself', async () => {
    const [row] = await call(alice, '/observer/subscribe', { publisher: 'geo', session: bob.session, identity: 'tab-2' });
    expect(row).toMatchObject({ session: alice.session, identity: 'tab-2' });
    expect(await rows(kernel, "SELECT identity FROM db.listener WHERE publisher = 'geo' AND session = $1", [bob.session])).toEqual([]);
  });

  it('subscribes every element of an array payload', async () => {
    const result = await call(bob, '/observer/subscribe', [{ publisher: 'notice' }, { publisher: 'message', identity: 'side' }]);
    expect(result.map((row) => [row.publisher, row.identity])).toEqual([
      ['notice', 'main'],
      ['message', 'side'],
    ]);
  });

  it('rejects a filter value that is not an array with ERR-400-063', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', filter: { classes: 'client' } })).toBe('ERR-400-063');
  });

  it('rejects an unknown filter key with ERR-400-061', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', filter: { foo: [] } })).toBe('ERR-400-061');
  });

  it('rejects unknown action codes with ERR-400-028', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', filter: { actions: ['nope'] } })).toBe('ERR-400-028');
  });

  it('rejects replication actions outside I, U, D and log types outside M, W, E, D', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'replication', filter: { actions: ['X'] } })).toBe('ERR-400-028');
    expect(await callError(alice, '/observer/subscribe', { publisher: 'log', filter: { types: ['Q'] } })).toBe('ERR-400-028');
  });

  it('rejects a malformed object id in a geo filter with a 400 (no SQL error)', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'geo', filter: { objects: ["x' OR '1'='1"] } })).toBe('ERR-400-063');
  });

  it('rejects hook params without a hook (ERR-400-060) or with an unregistered path (ERR-400-091)', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', params: { type: 'hook' } })).toBe('ERR-400-060');
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', params: { type: 'hook', hook: { path: '/nosuch' } } })).toBe('ERR-400-091');
  });

  it('accepts any /api/v1 hook path, since /api/v1 itself is registered', async () => {
    const [row] = await call(alice, '/observer/subscribe', { publisher: 'notify', identity: 'hooked', params: { type: 'hook', hook: { path: '/api/v1/whatever' } } });
    expect(row?.params).toEqual({ type: 'hook', hook: { path: '/api/v1/whatever' } });
  });

  it('rejects an unlisted delivery type with ERR-400-065 and a type other than notify for log', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', params: { type: 'bogus' } })).toBe('ERR-400-065');
    expect(await callError(alice, '/observer/subscribe', { publisher: 'log', params: { type: 'object' } })).toBe('ERR-400-065');
  });

  it('rejects an unknown publisher, an unknown key and a missing payload with a 400', async () => {
    expect(await callError(alice, '/observer/subscribe', { publisher: 'no_such_publisher' })).toMatch(/^ERR-400-/);
    expect(await callError(alice, '/observer/subscribe', { publisher: 'notify', bogus: 1 })).toBe('ERR-400-061');
    expect(await callError(alice, '/observer/subscribe', null)).toBe('ERR-400-060');
    expect(await callError(alice, '/observer/subscribe', { publisher: { code: 'notify' } })).toBe('ERR-400-063');
  });

  it('unsubscribes the current session and reports whether a listener existed', async () => {
    await call(alice, '/observer/subscribe', { publisher: 'notice', identity: 'gone' });
    expect(await call(alice, '/observer/unsubscribe', { publisher: 'notice', identity: 'gone' })).toEqual([{ publisher: 'notice', unsubscribe: true }]);
    expect(await call(alice, '/observer/unsubscribe', { publisher: 'notice', identity: 'gone' })).toEqual([{ publisher: 'notice', unsubscribe: false }]);
    expect(await callError(alice, '/observer/unsubscribe', { identity: 'gone' })).toBe('ERR-400-062');
  });
});

describe('listeners through REST', () => {
  it('reads a listener with /observer/listener only when the identity is given', async () => {
    await call(alice, '/observer/subscribe', { publisher: 'notice' });
    expect(await call(alice, '/observer/listener', { publisher: 'notice' })).toEqual([]);
    expect(await call(alice, '/observer/listener', { publisher: 'notice', identity: 'main', fields: ['publisher', 'identity'] })).toEqual([{ publisher: 'notice', identity: 'main' }]);
    expect(await callError(alice, '/observer/listener', { publisher: 'notice', nope: true })).toBe('ERR-400-061');
  });

  it('defaults session and identity on /observer/listener/get', async () => {
    expect(await call(alice, '/observer/listener/get', { publisher: 'notice', fields: ['session'] })).toEqual([{ session: alice.session }]);
    expect(await callError(alice, '/observer/listener/get', { fields: ['session'] })).toBe('ERR-400-062');
  });

  it('sets a listener of another valid session and returns the stored row even without identity (upstream returned nothing)', async () => {
    const result = await call(alice, '/observer/listener/set', { publisher: 'geo', session: bob.session, filter: { codes: ['default'] } });
    expect(result).toEqual([{ publisher: 'geo', session: bob.session, identity: 'main', filter: { codes: ['default'] }, params: { type: 'notify' } }]);
  });

  it('refuses /observer/listener/set without a valid session (ERR-40000)', async () => {
    expect(await callError(alice, '/observer/listener/set', { publisher: 'geo' })).toBe('ERR-400-000');
    expect(await callError(alice, '/observer/listener/set', { publisher: 'geo', session: 'f'.repeat(40) })).toBe('ERR-400-000');
  });

  it('counts listeners with count(*) (upstream counted a missing id column and failed)', async () => {
    const [all] = await call(alice, '/observer/listener/count', { filter: { session: bob.session } });
    const stored = await one<string>(kernel, 'SELECT count(*) FROM db.listener WHERE session = $1', [bob.session]);
    expect(Number(all?.count)).toBe(Number(stored));
    expect(await callError(alice, '/observer/listener/count', { filter: { nosuch: 1 } })).toBe('ERR-400-061');
  });

  it('lists the listeners of every session', async () => {
    const list = await call(alice, '/observer/listener/list', { fields: ['session'], filter: { publisher: 'geo' } });
    expect(list.map((row) => row.session)).toEqual(expect.arrayContaining([alice.session, bob.session]));
    expect(await callError(alice, '/observer/listener/list', [{}])).toBe('ERR-400-063');
  });

  it('refuses a call without a session with a 401', async () => {
    const [row] = await rows(daemon, "SELECT * FROM daemon.unauthorized_fetch('POST', '/api/v1/observer/subscribe', '{\"publisher\":\"log\"}', 'jest', null)");
    expect(errorOf(row)).toMatchObject({ code: 401 });
  });

  it('answers an unknown /observer path with ERR-400-091', async () => {
    expect(await callError(alice, '/observer/nothing', {})).toBe('ERR-400-091');
  });

  it('removes the listeners of a session that is deleted', async () => {
    const carol = await signInClient();
    await call(carol, '/observer/subscribe', [{ publisher: 'log' }, { publisher: 'notify' }]);
    expect(Number(await one(kernel, 'SELECT count(*) FROM db.listener WHERE session = $1', [carol.session]))).toBe(2);
    await kernel.query('DELETE FROM db.session WHERE code = $1', [carol.session]);
    expect(Number(await one(kernel, 'SELECT count(*) FROM db.listener WHERE session = $1', [carol.session]))).toBe(0);
  });
});

describe('events: daemon.observer', () => {
  let dave: Client;

  beforeAll(async () => {
    dave = await signInClient();
    await call(dave, '/observer/subscribe', { publisher: 'log', filter: { types: ['W', 'E'], categories: ['observer-test'] } });
  });

  it('delivers the EventLog row of a matching entry of the listener\'s own user', async () => {
    const event = await logEntry(dave.username, 'W', 7001, 'observer-test');
    const result = await observe('log', dave, event);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ id: event.id, type: 'W', username: dave.username, category: 'observer-test' });
  });

  it('delivers nothing for an entry of another user', async () => {
    const event = await logEntry(alice.username, 'W', 7001, 'observer-test');
    expect(await observe('log', dave, event)).toEqual([]);
  });

  it('delivers nothing when a filter array does not hold the value', async () => {
    expect(await observe('log', dave, await logEntry(dave.username, 'M', 7001, 'observer-test'))).toEqual([]);
    expect(await observe('log', dave, await logEntry(dave.username, 'W', 7001, 'other'))).toEqual([]);
  });

  it('delivers nothing when the event lacks a filtered key or is not an object', async () => {
    const event = await logEntry(dave.username, 'W', 7001, 'observer-test');
    expect(await observe('log', dave, { id: event.id, username: dave.username, type: 'W' })).toEqual([]);
    expect(await observe('log', dave, { id: event.id })).toEqual([]);
    expect(await rows(daemon, "SELECT * FROM daemon.observer('log', $1, 'main', '[1, 2]'::jsonb)", [dave.session])).toEqual([]);
  });

  it('delivers nothing to an identity that did not subscribe', async () => {
    const event = await logEntry(dave.username, 'W', 7001, 'observer-test');
    expect(await observe('log', dave, event, 'other-tab')).toEqual([]);
  });

  it('delivers nothing for an unknown publisher and for file events with the default hooks', async () => {
    await kernel.query("SELECT kernel.CreatePublisher('custom_events', 'Custom')");
    await call(dave, '/observer/subscribe', [{ publisher: 'custom_events' }, { publisher: 'file' }]);
    expect(await observe('custom_events', dave, { anything: true })).toEqual([]);
    expect(await observe('file', dave, { session: dave.session, operation: 'INSERT', id: null, type: '-', name: 'a', path: '/', hash: null })).toEqual([]);
    expect(await observe('no_such_publisher', dave, { id: 1 })).toEqual([]);
  });

  it('answers an unknown session with a single 401 error row', async () => {
    const result = await rows(daemon, "SELECT * FROM daemon.observer('log', $1, 'main', '{}'::jsonb)", ['0'.repeat(40)]);
    expect(result).toHaveLength(1);
    expect(errorOf(result[0])?.code).toBe(401);
  });

  it('lets only the daemon-facing functions through for the daemon role', async () => {
    await expect(daemon.query("SELECT * FROM api.publisher('log')")).rejects.toThrow(/permission denied/);
    expect(await rows(apibot, 'SELECT * FROM daemon.publisher_list()')).toContain('log');
  });

  it('reports init_listen success with no rows', async () => {
    expect(await rows(daemon, 'SELECT * FROM daemon.init_listen()')).toEqual([]);
  });
});

describe('events: batched daemon.observer_match', () => {
  let erin: Client;
  let frank: Client;

  beforeAll(async () => {
    erin = await signInClient();
    frank = await signInClient();
    await call(erin, '/observer/subscribe', [
      { publisher: 'log', identity: 'a', filter: { types: ['W'] } },
      { publisher: 'log', identity: 'b', filter: { types: ['E'] } },
    ]);
    await call(frank, '/observer/subscribe', { publisher: 'log' });
  });

  function match(data: Json, sessions: string[]): Promise<Json[]> {
    return daemon
      .query<Json>('SELECT session, identity, payload FROM daemon.observer_match($1, $2::jsonb, $3::text[])', ['log', JSON.stringify(data), sessions])
      .then((result) => result.rows);
  }

  it('answers, for one event, only the sessions and identities whose filter and user match', async () => {
    const event = await logEntry(erin.username, 'W');
    const result = await match(event, [erin.session, frank.session, alice.session]);
    expect(result).toEqual([{ session: erin.session, identity: 'a', payload: expect.objectContaining({ id: event.id, username: erin.username }) }]);
  });

  it('returns the same payload daemon.observer returns for that socket', async () => {
    const event = await logEntry(frank.username, 'E');
    const [batched] = await match(event, [frank.session]);
    const single = await observe('log', frank, event);
    expect(batched?.payload).toEqual(single[0]);
  });

  it('marks sessions that no longer exist with a 401 row for all their sockets', async () => {
    const gone = '1'.repeat(40);
    const result = await match(await logEntry(frank.username, 'M'), [gone, frank.session]);
    expect(result).toContainEqual({ session: gone, identity: null, payload: { error: { code: 401, message: expect.any(String) } } });
    expect(result.filter((row) => row.session === frank.session)).toHaveLength(1);
  });

  it('leaves the connection\'s own session context as it found it', async () => {
    await daemon.query("SELECT set_config('current.session', 'marker', false)");
    await match(await logEntry(erin.username, 'W'), [erin.session]);
    expect(await one(daemon, "SELECT current_setting('current.session')")).toBe('marker');
    await daemon.query("SELECT set_config('current.session', '', false)");
  });

  it('checks a thousand sessions in one call', async () => {
    const sessions = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(40, '0'));
    sessions.push(erin.session);
    const result = await match(await logEntry(erin.username, 'W'), sessions);
    expect(result.filter((row) => errorOf(row.payload) === undefined)).toHaveLength(1);
    expect(result).toHaveLength(1001);
  });
});

describe('replication publisher', () => {
  let repl: Client;

  beforeAll(async () => {
    repl = await signInClient();
    await kernel.query('SELECT kernel.AddMemberToGroup($1, $2::uuid)', [repl.id, replicationGroup]);
  });

  async function logRow(source: string | null): Promise<Json> {
    const id = await one<string>(kernel, "SELECT replication.add_log(now(), 'I', 'db', 'observer_test', null, '{\"a\":1}'::jsonb, $1)", [source]);
    return { id: Number(id), datetime: new Date().toISOString(), action: 'I', schema: 'db', name: 'observer_test', source };
  }

  it('never delivers a NULL-source event to a listener without params.source', async () => {
    await call(repl, '/observer/subscribe', { publisher: 'replication', identity: 'nosource' });
    expect(await observe('replication', repl, await logRow(null), 'nosource')).toEqual([]);
    expect(await observe('replication', repl, await logRow('node-a'), 'nosource')).toHaveLength(1);
  });

  it('delivers to a listener with params.source every event not from that source', async () => {
    await call(repl, '/observer/subscribe', { publisher: 'replication', params: { type: 'notify', source: 'node-b' } });
    const local = await logRow(null);
    const [row] = await observe('replication', repl, local);
    expect(row).toMatchObject({ id: local.id, action: 'I', schema: 'db', name: 'observer_test', source: null, data: { a: 1 } });
    expect(await observe('replication', repl, await logRow('node-b'))).toEqual([]);
  });

  it('applies the schemas/names/actions filter arrays', async () => {
    await call(repl, '/observer/subscribe', { publisher: 'replication', identity: 'filtered', params: { source: 'me' }, filter: { names: ['other_table'] } });
    expect(await observe('replication', repl, await logRow(null), 'filtered')).toEqual([]);
  });

  it('delivers nothing to a user outside group replication', async () => {
    await call(alice, '/observer/subscribe', { publisher: 'replication', params: { source: 'me' } });
    expect(await observe('replication', alice, await logRow(null))).toEqual([]);
  });
});

describe('object events: notify and geo', () => {
  let owner: Client;
  let stranger: Client;
  let documentId: string;
  let notificationId: string;

  beforeAll(async () => {
    await kernel.query(`
      DO $$
      DECLARE
        uClass uuid;
        vAction text;
      BEGIN
        uClass := kernel.AddClass(kernel.GetClass('document'), kernel.GetEntity('document'), 'otest', 'Observer test', false);
        FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
        LOOP
          PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
        END LOOP;
        PERFORM kernel.AddDefaultMethods(uClass);
        PERFORM kernel.AddType(uClass, 'note.otest', 'Note');
      END $$`);
    owner = await signInClient();
    stranger = await signInClient();
    const label = `observed-${process.pid}`;
    await call(owner, '/document/set', { type: 'note.otest', label, description: 'watched' });
    documentId = await one<string>(kernel, 'SELECT object FROM db.object_text WHERE label = $1 LIMIT 1', [label]);
    await call(owner, '/object/action/execute', { id: documentId, code: 'create' });
    notificationId = await one<string>(kernel, 'SELECT id FROM db.notification WHERE object = $1 ORDER BY datetime DESC LIMIT 1', [documentId]);
  }, HOOK_TIMEOUT_MS);

  function notifyEvent(): Json {
    return { id: notificationId, object: documentId, entity: null, class: null, action: null, method: null, userid: owner.id };
  }

  it('delivers the Notification row to a reader of the object', async () => {
    await call(owner, '/observer/subscribe', { publisher: 'notify', filter: { classes: ['otest'], actions: ['create'] } });
    const result = await observe('notify', owner, notifyEvent());
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ id: notificationId, object: documentId });
  });

  it('delivers nothing to a listener who cannot read the object', async () => {
    await call(stranger, '/observer/subscribe', { publisher: 'notify' });
    expect(await observe('notify', stranger, notifyEvent())).toEqual([]);
  });

  it('delivers nothing when the class or action filter does not match', async () => {
    await call(owner, '/observer/subscribe', { publisher: 'notify', identity: 'other', filter: { actions: ['delete'] } });
    expect(await observe('notify', owner, notifyEvent(), 'other')).toEqual([]);
  });

  it('delivers the object row through its getter for type object and both for type mixed', async () => {
    await call(owner, '/observer/subscribe', [
      { publisher: 'notify', identity: 'obj', params: { type: 'object' } },
      { publisher: 'notify', identity: 'mix', params: { type: 'mixed' } },
    ]);
    const [object] = await observe('notify', owner, notifyEvent(), 'obj');
    expect(object).toMatchObject({ id: documentId });
    const [mixed] = await observe('notify', owner, notifyEvent(), 'mix');
    expect(mixed).toMatchObject({ notify: { id: notificationId }, object: { id: documentId } });
  });

  it('runs the hook call in the listener\'s session for type hook', async () => {
    await call(owner, '/observer/subscribe', { publisher: 'notify', identity: 'hook', params: { type: 'hook', hook: { path: '/api/v1/observer/publisher/get', payload: { code: 'geo', fields: ['code'] } } } });
    expect(await observe('notify', owner, notifyEvent(), 'hook')).toEqual([{ code: 'geo' }]);
  });

  it('delivers the ObjectCoordinates row of a geo event to a reader only', async () => {
    const id = await one<string>(kernel, "INSERT INTO db.object_coordinates (object, code, latitude, longitude) VALUES ($1, 'default', 55.75, 37.62) RETURNING id", [documentId]);
    await call(owner, '/observer/subscribe', { publisher: 'geo', identity: 'map', filter: { codes: ['default'], objects: [documentId] } });
    await call(stranger, '/observer/subscribe', { publisher: 'geo' });
    const event = { id, object: documentId, code: 'default' };
    const [row] = await observe('geo', owner, event, 'map');
    expect(row).toMatchObject({ id, object: documentId });
    expect(await observe('geo', stranger, event)).toEqual([]);
  });
});

describe('notice publisher', () => {
  it('delivers a notice of the listener\'s own user in a subscribed category, and nothing else', async () => {
    const gina = await signInClient();
    await call(gina, '/observer/subscribe', { publisher: 'notice', filter: { categories: ['alerts'] } });
    const own = await one<string>(kernel, "SELECT kernel.CreateNotice($1, null, 'for gina', 'alerts')", [gina.id]);
    const [row] = await observe('notice', gina, { id: own, userid: gina.id, object: null, category: 'alerts' });
    expect(row).toMatchObject({ id: own, userid: gina.id, category: 'alerts' });
    const chatter = await one<string>(kernel, "SELECT kernel.CreateNotice($1, null, 'chatter', 'chatter')", [gina.id]);
    expect(await observe('notice', gina, { id: chatter, userid: gina.id, object: null, category: 'chatter' })).toEqual([]);
    const foreign = await one<string>(kernel, "SELECT kernel.CreateNotice($1, null, 'for alice', 'alerts')", [alice.id]);
    expect(await observe('notice', gina, { id: foreign, userid: alice.id, object: null, category: 'alerts' })).toEqual([]);
  });
});

describe('catalogue', () => {
  it('registers every /observer path in the REST catalogue', async () => {
    const paths = await rows<string>(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'observer' ORDER BY path");
    expect(paths).toEqual([
      '/observer/listener',
      '/observer/listener/count',
      '/observer/listener/get',
      '/observer/listener/list',
      '/observer/listener/set',
      '/observer/publisher',
      '/observer/publisher/count',
      '/observer/publisher/get',
      '/observer/publisher/list',
      '/observer/subscribe',
      '/observer/unsubscribe',
    ]);
  });
});
