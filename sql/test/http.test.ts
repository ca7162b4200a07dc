// The http module: the outbound queue the fetch service serves (NOTIFY,
// claims, outcomes, retries) and the inbound demo handlers the app service
// routes to. Worker calls run as apibot, handler calls as daemon.
import pg from 'pg';
import { HOOK_TIMEOUT_MS, failure, one, openDatabase, rows, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let apibot: pg.Client;
let daemon: pg.Client;
let listener: pg.Client;
const notifications: string[] = [];

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  apibot = await db.client('apibot');
  daemon = await db.client('daemon');
  listener = await db.client('apibot');
  listener.on('notification', (message) => {
    if (message.channel === 'http' && message.payload !== undefined) notifications.push(message.payload);
  });
  await listener.query('LISTEN http');
  await kernel.query(`
    CREATE TABLE public.callback_log (id uuid, kind text);
    CREATE FUNCTION public.cb_done(pRequest uuid) RETURNS void AS $$ INSERT INTO public.callback_log VALUES (pRequest, 'done') $$ LANGUAGE sql SECURITY DEFINER;
    CREATE FUNCTION public.cb_broken(pRequest uuid) RETURNS void AS $$ BEGIN RAISE EXCEPTION 'callback broke'; END $$ LANGUAGE plpgsql;
    GRANT EXECUTE ON FUNCTION public.cb_done(uuid), public.cb_broken(uuid) TO apibot;
  `);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

async function waitFor<T>(probe: () => T | undefined, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function queue(client: pg.Client, extra = ''): Promise<string> {
  return one<string>(client, `SELECT http.fetch('http://127.0.0.1:9/x', 'GET', null, null::bytea${extra})`);
}

async function request(id: string): Promise<Json> {
  return one<Json>(kernel, 'SELECT row_to_json(q) FROM http.request q WHERE id = $1', [id]);
}

describe('outbound queue', () => {
  it('queues with state 1 and type curl and notifies channel http with the bare id', async () => {
    const id = await one<string>(kernel, "SELECT http.create_request('http://127.0.0.1:9/a')");
    expect(await request(id)).toMatchObject({ state: 1, type: 'curl', method: 'GET', attempts: 0, traceparent: null });
    expect(await waitFor(() => notifications.find((payload) => payload === id))).toBe(id);
  });

  it('carries the trace context into the notification as JSON, from the argument or the session setting', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const byArgument = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/t', content => 'x'::text, traceparent => $1)", [traceparent]);
    expect(JSON.parse(await waitFor(() => notifications.find((payload) => payload.includes(byArgument))))).toEqual({ id: byArgument, traceparent });

    await kernel.query('BEGIN');
    await kernel.query("SELECT set_config('pgfleet.traceparent', $1, true)", [traceparent]);
    const bySetting = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/t', content => 'x'::text)");
    await kernel.query('COMMIT');
    expect(JSON.parse(await waitFor(() => notifications.find((payload) => payload.includes(bySetting))))).toEqual({ id: bySetting, traceparent });
  });

  it('drops a malformed session trace context instead of failing the caller', async () => {
    await kernel.query('BEGIN');
    await kernel.query("SELECT set_config('pgfleet.traceparent', 'garbage', true)");
    const id = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/t', content => 'x'::text)");
    await kernel.query('COMMIT');
    expect(await waitFor(() => notifications.find((payload) => payload === id))).toBe(id);
    expect((await request(id)).traceparent).toBeNull();
  });

  it('sends no notification and keeps no row for a rolled-back insert', async () => {
    await kernel.query('BEGIN');
    const id = await one<string>(kernel, "SELECT http.create_request('http://127.0.0.1:9/rolled')");
    await kernel.query('ROLLBACK');
    const marker = await one<string>(kernel, "SELECT http.create_request('http://127.0.0.1:9/after')");
    await waitFor(() => notifications.find((payload) => payload === marker));
    expect(notifications).not.toContain(id);
    expect(await rows(kernel, 'SELECT id FROM http.request WHERE id = $1', [id])).toEqual([]);
  });

  it('validates callback names only in the bytea overload', async () => {
    expect(await failure(kernel, "SELECT http.fetch('http://127.0.0.1:9/x', 'GET', null, null::bytea, 'nosuch.fn')")).toBe('Not found function: nosuch.fn');
    expect(await failure(kernel, "SELECT http.fetch('http://127.0.0.1:9/x', 'GET', null, null::bytea, null, 'cb_done')")).toBe('Not found function: cb_done');
    await expect(queue(kernel, ", 'public.cb_done'")).resolves.toMatch(/^[0-9a-f-]{36}$/);
    await expect(one(kernel, "SELECT http.fetch('http://127.0.0.1:9/x', 'POST', null, 'body'::text, 'nosuch.fn')")).resolves.toBeTruthy();
    await expect(one(kernel, "SELECT http.fetch('http://127.0.0.1:9/x', 'POST', null, '{}'::jsonb, 'nosuch.fn')")).resolves.toBeTruthy();
  });

  it('refuses a callback name that is not a schema.function identifier, whatever the overload', async () => {
    expect(await failure(kernel, "SELECT http.fetch('http://127.0.0.1:9/x', 'POST', null, 'b'::text, 'api.x(); drop table y')")).toMatch(/ch_request_done/);
  });

  it('stores text and jsonb content as UTF-8 and defaults the JSON headers only when none are given', async () => {
    const json = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/j', content => '{\"a\":\"é\"}'::jsonb)");
    const row = await request(json);
    expect(row.method).toBe('POST');
    expect(row.headers).toEqual({ 'Content-Type': 'application/json', Accept: 'application/json' });
    expect(await one(kernel, "SELECT convert_from(content, 'UTF8') FROM http.request WHERE id = $1", [json])).toBe('{"a": "é"}');
    const own = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/j', 'PUT', '{\"X\":\"1\"}'::jsonb, '[]'::jsonb)");
    expect((await request(own)).headers).toEqual({ X: '1' });
  });

  it('keeps binary content byte for byte for the worker', async () => {
    const bytes = Buffer.from([0, 255, 1, 128, 10]);
    const id = await one<string>(kernel, "SELECT http.fetch('http://127.0.0.1:9/b', 'PUT', null, $1::bytea)", [bytes]);
    const loaded = await apibot.query<{ content: Buffer }>('SELECT content FROM http.request($1::uuid)', [id]);
    expect(loaded.rows[0]?.content.equals(bytes)).toBe(true);
    expect(await rows(apibot, "SELECT id FROM http.request('00000000-0000-4000-8000-00000000dead'::uuid)")).toEqual([]);
  });
});

describe('outcomes', () => {
  it('stores any status as a response, measures runtime from creation and marks the request done', async () => {
    const id = await queue(kernel, ", 'public.cb_done'");
    await new Promise((resolve) => setTimeout(resolve, 150));
    await apibot.query('BEGIN');
    await apibot.query("SELECT http.create_response($1::uuid, 500, 'Internal Server Error', '{\"a\":\"b\"}'::jsonb, 'oops'::bytea)", [id]);
    await apibot.query('SELECT public.cb_done($1::uuid)', [id]);
    await apibot.query('COMMIT');
    const view = await one<Json>(apibot, 'SELECT row_to_json(f) FROM http.fetch f WHERE id = $1', [id]);
    expect(view).toMatchObject({ state: 2, status: 500, status_text: 'Internal Server Error', response_headers: { a: 'b' } });
    expect(await one<boolean>(kernel, "SELECT runtime >= interval '150 ms' FROM http.response WHERE id = $1", [id])).toBe(true);
    expect(await rows(kernel, 'SELECT kind FROM public.callback_log WHERE id = $1', [id])).toEqual(['done']);
  });

  it('rejects a second response and keeps the request done', async () => {
    const id = await queue(kernel);
    await apibot.query("SELECT http.create_response($1::uuid, 200, 'OK', '{}'::jsonb)", [id]);
    expect(await failure(apibot, "SELECT http.create_response($1::uuid, 201, 'Created', '{}'::jsonb)", [id])).toMatch(/duplicate key/);
    expect((await request(id)).state).toBe(2);
  });

  it('rejects a response to an unknown request on the foreign key', async () => {
    expect(await failure(apibot, "SELECT http.create_response(gen_random_uuid(), 200, 'OK', '{}'::jsonb)")).toMatch(/foreign key/);
  });

  it('deletes the response with its request', async () => {
    const id = await queue(kernel);
    await apibot.query("SELECT http.create_response($1::uuid, 204, 'No Content', '{}'::jsonb)", [id]);
    await kernel.query('DELETE FROM http.request WHERE id = $1', [id]);
    expect(await rows(kernel, 'SELECT id FROM http.response WHERE id = $1', [id])).toEqual([]);
  });

  it('rolls the stored response back when the done callback raises in the same transaction', async () => {
    const id = await queue(kernel, ", 'public.cb_broken'");
    await apibot.query('BEGIN');
    await apibot.query("SELECT http.create_response($1::uuid, 200, 'OK', '{}'::jsonb)", [id]);
    expect(await failure(apibot, 'SELECT public.cb_broken($1::uuid)', [id])).toBe('callback broke');
    await apibot.query('ROLLBACK');
    expect((await request(id)).state).toBe(1);
    expect(await rows(kernel, 'SELECT id FROM http.response WHERE id = $1', [id])).toEqual([]);
  });

  it('fails a request without retries at once, as upstream, and answers that the fail callback is due', async () => {
    const id = await queue(kernel);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'connect ECONNREFUSED')", [id])).toBe(true);
    expect(await request(id)).toMatchObject({ state: 3, error: 'connect ECONNREFUSED' });
  });

  it('ignores a late failure of a request that already has its outcome (upstream overwrote it)', async () => {
    const done = await queue(kernel);
    await apibot.query("SELECT http.create_response($1::uuid, 200, 'OK', '{}'::jsonb)", [done]);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'request timeout')", [done])).toBe(false);
    expect(await request(done)).toMatchObject({ state: 2, error: null });
    const failed = await queue(kernel);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'first')", [failed])).toBe(true);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'second')", [failed])).toBe(false);
    expect(await request(failed)).toMatchObject({ state: 3, error: 'first' });
  });
});

describe('claims and retries', () => {
  beforeEach(async () => {
    // Each case owns the open queue.
    await kernel.query('UPDATE http.request SET state = 2 WHERE state IN (0, 1)');
  });

  it('claims a notified request once, so a duplicate notification does nothing', async () => {
    const id = await queue(kernel);
    expect(await rows(apibot, "SELECT id FROM http.claim($1::uuid, interval '1 minute')", [id])).toEqual([id]);
    expect(await rows(apibot, 'SELECT id FROM http.claim($1::uuid)', [id])).toEqual([]);
    expect(await request(id)).toMatchObject({ state: 1, attempts: 1 });
  });

  it('reschedules a failed attempt with doubling backoff until the retries are used up', async () => {
    const id = await queue(kernel, ", retries => 2, backoff => interval '300 ms'");
    expect(await rows(apibot, 'SELECT id FROM http.claim($1::uuid)', [id])).toEqual([id]);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'reset')", [id])).toBe(false);
    let row = await one<Json>(kernel, "SELECT json_build_object('state', state, 'error', error, 'delay', extract(epoch FROM not_before - now())) FROM http.request WHERE id = $1", [id]);
    expect(row).toMatchObject({ state: 1, error: 'reset' });
    // Measured after the call, so a little under the backoff.
    expect(Number(row.delay)).toBeGreaterThan(0.15);
    expect(Number(row.delay)).toBeLessThanOrEqual(0.3);
    expect(await rows(apibot, 'SELECT id FROM http.claim_pending(10)')).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await rows(apibot, 'SELECT id FROM http.claim_pending(10)')).toEqual([id]);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'reset again')", [id])).toBe(false);
    row = await one<Json>(kernel, "SELECT json_build_object('delay', extract(epoch FROM not_before - now()), 'attempts', attempts) FROM http.request WHERE id = $1", [id]);
    expect(row.attempts).toBe(2);
    expect(Number(row.delay)).toBeGreaterThan(0.45);
    expect(Number(row.delay)).toBeLessThanOrEqual(0.6);

    await kernel.query("UPDATE http.request SET not_before = now() - interval '1 s' WHERE id = $1", [id]);
    expect(await rows(apibot, 'SELECT id FROM http.claim($1::uuid)', [id])).toEqual([id]);
    expect(await one(apibot, "SELECT http.fail($1::uuid, 'gave up')", [id])).toBe(true);
    expect(await request(id)).toMatchObject({ state: 3, error: 'gave up', attempts: 3 });
  });

  it('hands pending requests out in bulk without overlap between concurrent workers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await queue(kernel));
    const other = await db.client('apibot');
    await apibot.query('BEGIN');
    await other.query('BEGIN');
    const first = await rows<string>(apibot, 'SELECT id FROM http.claim_pending(3)');
    const second = await rows<string>(other, 'SELECT id FROM http.claim_pending(3)');
    await apibot.query('COMMIT');
    await other.query('COMMIT');
    expect(first).toEqual(ids.slice(0, 3));
    expect(second).toEqual(ids.slice(3));
    expect(await rows(apibot, 'SELECT id FROM http.claim_pending(10)')).toEqual([]);
  });

  it('reclaims a request whose lease ran out (a worker died mid-attempt)', async () => {
    const id = await queue(kernel);
    expect(await rows(apibot, "SELECT id FROM http.claim_pending(10, interval '200 ms')")).toEqual([id]);
    expect(await rows(apibot, 'SELECT id FROM http.claim_pending(10)')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await rows(apibot, 'SELECT id FROM http.claim_pending(10)')).toEqual([id]);
    expect((await request(id)).attempts).toBe(2);
  });

  it('leaves requests older than the maximum age and lists due ones for the relay after the grace period', async () => {
    const old = await queue(kernel);
    await kernel.query("UPDATE http.request SET datetime = now() - interval '2 hours' WHERE id = $1", [old]);
    const fresh = await queue(kernel);
    expect(await rows(apibot, "SELECT * FROM http.pending(interval '1 hour')")).toEqual([old]);
    expect(await rows(apibot, "SELECT id FROM http.claim_pending(10, null, interval '1 hour')")).toEqual([fresh]);
  });
});

describe('inbound handlers', () => {
  const headers = { 'user-agent': 'jest' };

  it('answers the demo routes of GET', async () => {
    expect(await one(daemon, "SELECT * FROM http.get('/api/v1/ping', $1::jsonb)", [headers])).toEqual({ code: 200, message: 'OK' });
    const time = await one<Json>(daemon, "SELECT * FROM http.get('/api/v1/time', '{}'::jsonb)");
    expect(Math.abs(Number(time.serverTime) - Date.now() / 1000)).toBeLessThan(60);
    expect(await one(daemon, "SELECT * FROM http.get('/api/v1/headers', $1::jsonb)", [headers])).toEqual(headers);
    expect(await one(daemon, "SELECT * FROM http.get('/api/v1/params', null, $1::jsonb)", [{ q: '1' }])).toEqual({ q: '1' });
    expect(await one(daemon, "SELECT * FROM http.get('/api/v1/params', null)")).toEqual({});
    const log = await rows<Json>(daemon, "SELECT * FROM http.get('/api/v1/log', '{}'::jsonb)");
    expect(log[0]).toMatchObject({ path: '/api/v1/log', method: 'GET', username: 'daemon' });
  });

  it('returns an unknown GET route as a 404 row and an unknown POST route as a 400 row', async () => {
    expect(await one(daemon, "SELECT * FROM http.get('/api/v1/nope', '{}'::jsonb)")).toEqual({ error: { code: 404, message: 'Path "/api/v1/nope" not found.' } });
    expect(await one(daemon, "SELECT * FROM http.post('/api/v1/nope', '{}'::jsonb)")).toEqual({ error: { code: 400, message: 'Path "/api/v1/nope" not found.' } });
  });

  it('echoes the POST body and journals it with the runtime', async () => {
    expect(await one(daemon, "SELECT * FROM http.post('/api/v1/body', '{}'::jsonb, null, $1::json)", [{ a: [1, 2] }])).toEqual({ a: [1, 2] });
    expect(await one(daemon, "SELECT * FROM http.post('/callback/v1/body', '{}'::jsonb)")).toEqual({});
    const logged = await one<Json>(kernel, "SELECT row_to_json(l) FROM http.log l WHERE path = '/api/v1/body' ORDER BY id DESC LIMIT 1");
    expect(logged).toMatchObject({ method: 'POST', body: { a: [1, 2] }, message: null });
    expect(logged.runtime).not.toBeNull();
  });

  it('rejects another API version with a 400 row and a second journal row carrying the message', async () => {
    const before = await one<string>(kernel, 'SELECT coalesce(max(id), 0) FROM http.log');
    expect(await one(daemon, "SELECT * FROM http.get('/api/v2/ping', '{}'::jsonb)")).toEqual({ error: { code: 400, message: 'Invalid API version.' } });
    const logged = await rows<Json>(kernel, 'SELECT json_build_object(\'message\', message, \'context\', context IS NOT NULL) FROM http.log WHERE id > $1 ORDER BY id', [before]);
    expect(logged).toEqual([
      { message: null, context: false },
      { message: 'Invalid API version.', context: true },
    ]);
  });

  it('keeps the queue tables out of reach of the service roles except through the functions', async () => {
    expect(await failure(daemon, "INSERT INTO http.request (resource) VALUES ('http://x')")).toMatch(/permission denied/);
    expect(await failure(apibot, 'DELETE FROM http.response')).toMatch(/permission denied/);
  });
});
