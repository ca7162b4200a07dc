import pg from 'pg';
import { callDaemon, createPool, install, Listener, mapPgError, SessionNotAuthorizedError, withApiSession, type Notification } from '../src/index.js';
import { dropDatabase, fixture, query, uniqueName, urlFor } from './support.js';

// Installs create databases on a shared two-core machine; jest's 5 s default is too tight.
const slow = 60_000;
const name = uniqueName('pgfleet_rt');
const pools: pg.Pool[] = [];

function pool(user?: string): pg.Pool {
  const created = createPool(urlFor(name, user), { max: 2, applicationName: `${name}-test` });
  pools.push(created);
  return created;
}

beforeAll(async () => {
  await install({ databaseUrl: urlFor(name), root: fixture('basic'), env: { PGFLEET_PROJECT: 'rt' }, log: () => undefined });
}, slow);

afterAll(async () => {
  await Promise.all(pools.map((item) => item.end()));
  await dropDatabase(name);
}, slow);

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('callDaemon', () => {
  it('binds every argument with its cast and returns column 0 of the row', async () => {
    const rows = await callDaemon<{ payload: unknown; host: string }>(pool('daemon'), 'echo', [{ list: [1, 2], text: "it's" }, '192.168.1.20'], ['jsonb', 'inet']);
    expect(rows).toEqual([{ payload: { list: [1, 2], text: "it's" }, host: '192.168.1.20', project: 'rt' }]);
  }, slow);

  it('sends a JSON array as JSON, not as a PostgreSQL array', async () => {
    const rows = await callDaemon<{ payload: unknown }>(pool('daemon'), 'echo', [[1, 'two'], null], ['jsonb', 'inet']);
    expect(rows[0]?.payload).toEqual([1, 'two']);
  }, slow);

  it('sends absent values as SQL NULL', async () => {
    const rows = await callDaemon<{ payload: unknown; host: string | null }>(pool('daemon'), 'echo', [undefined, undefined], ['jsonb', 'inet']);
    expect(rows).toEqual([{ payload: null, host: null, project: 'rt' }]);
  }, slow);

  it('returns one value per row', async () => {
    const rows = await callDaemon<{ n: number }>(pool('daemon'), 'rows', [3], ['integer']);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  }, slow);

  it('refuses a function name that is not an identifier without reaching the database', async () => {
    await expect(callDaemon(pool('daemon'), 'echo(); DROP TABLE x; --', [])).rejects.toThrow(/invalid daemon function/);
    await expect(callDaemon(pool('daemon'), 'echo', [1], ['jsonb; DROP'])).rejects.toThrow(/invalid cast/);
  }, slow);

  it('surfaces a platform error that mapPgError turns into its code', async () => {
    const error = await callDaemon(pool('daemon'), 'fail', ['ERR-400-061: Invalid key "x".'], ['text']).catch((err: unknown) => err);
    expect(mapPgError(error)).toMatchObject({ status: 400, code: 'ERR-400-061', message: 'Invalid key "x".' });
  }, slow);

  it('surfaces invalid input as a caller error', async () => {
    const error = await callDaemon(pool('daemon'), 'echo', [null, 'not-an-address'], ['jsonb', 'inet']).catch((err: unknown) => err);
    expect(mapPgError(error)).toMatchObject({ status: 400, kind: 'caller', sqlState: '22P02' });
  }, slow);
});

describe('withApiSession', () => {
  it('runs the work on the connection that api.authorize prepared', async () => {
    const apibot = pool('apibot');
    const [first, second] = await Promise.all([
      withApiSession(apibot, 'good-1', async (client) => (await client.query<{ s: string }>('SELECT api.current_session() AS s')).rows[0]?.s),
      withApiSession(apibot, 'good-2', async (client) => (await client.query<{ s: string }>('SELECT api.current_session() AS s')).rows[0]?.s),
    ]);
    expect([first, second]).toEqual(['good-1', 'good-2']);
  }, slow);

  it('throws a typed error and skips the work when the session is refused', async () => {
    let ran = false;
    const error = await withApiSession(pool('apibot'), 'bad', () => {
      ran = true;
      return Promise.resolve();
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SessionNotAuthorizedError);
    expect(error).toMatchObject({ status: 401, message: 'Session not found' });
    expect(ran).toBe(false);
  }, slow);

  it('returns the client to the pool after an SQL error and discards it after a broken connection', async () => {
    const apibot = createPool(urlFor(name, 'apibot'), { max: 1 });
    pools.push(apibot);
    await expect(withApiSession(apibot, 'good-3', (client) => client.query('SELECT 1/0'))).rejects.toMatchObject({ code: '22012' });
    const pidAfterSqlError = await withApiSession(apibot, 'good-3', async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const pidAgain = await withApiSession(apibot, 'good-3', async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    expect(pidAgain).toBe(pidAfterSqlError);
    await expect(
      withApiSession(apibot, 'good-3', () => Promise.reject(new Error('handler crashed mid-protocol'))),
    ).rejects.toThrow('handler crashed');
    const pidAfterCrash = await withApiSession(apibot, 'good-3', async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    expect(pidAfterCrash).not.toBe(pidAgain);
  }, slow);
});

describe('createPool', () => {
  it('survives the server dropping an idle client', async () => {
    const warnings: object[] = [];
    const app = `${name}-idle`;
    const idle = createPool(urlFor(name, 'daemon'), { max: 1, applicationName: app, log: { warn: (obj) => warnings.push(obj) } });
    pools.push(idle);
    await idle.query('SELECT 1');
    await query(urlFor(name), 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
    await waitFor(() => (warnings.length > 0 ? true : undefined));
    const rows = await idle.query('SELECT 2 AS two');
    expect(rows.rows).toEqual([{ two: 2 }]);
  }, slow);
});

describe('Listener', () => {
  it('delivers notifications on quoted channel names and re-listens after its backend is terminated', async () => {
    const received: Notification[] = [];
    let reconnects = 0;
    const channel = `Mixed.Case ${name}`;
    const listener = new Listener({
      url: urlFor(name, 'apibot'),
      channels: [channel, 'plain'],
      onNotification: (notification) => received.push(notification),
      onReconnect: () => {
        reconnects += 1;
      },
      initialDelayMs: 20,
      maxDelayMs: 200,
    });
    await listener.start();
    try {
      await query(urlFor(name), 'SELECT pg_notify($1, $2)', [channel, 'before']);
      await waitFor(() => received.find((item) => item.payload === 'before'));
      expect(received[0]?.channel).toBe(channel);

      const firstPid = listener.backendPid;
      const killed = await query(urlFor(name), 'SELECT pg_terminate_backend($1::int) AS killed', [firstPid]);
      expect(killed[0]?.killed).toBe(true);
      await waitFor(() => (reconnects === 1 ? true : undefined));
      expect(listener.backendPid).not.toBe(firstPid);

      await query(urlFor(name), 'SELECT pg_notify($1, $2)', ['plain', 'after']);
      await waitFor(() => received.find((item) => item.payload === 'after'));
    } finally {
      await listener.stop();
    }
  }, slow);

  it('stops listening and closes its connection on stop', async () => {
    const app = `${name}-stop`;
    const listener = new Listener({ url: urlFor(name, 'apibot'), channels: ['quiet'], onNotification: () => undefined, applicationName: app });
    await listener.start();
    expect(listener.connected).toBe(true);
    await listener.stop();
    expect(listener.connected).toBe(false);
    // The backend exits just after the client's Terminate message; give it a moment.
    let remaining = -1;
    for (let attempt = 0; attempt < 50 && remaining !== 0; attempt += 1) {
      remaining = (await query<{ n: number }>(urlFor(name), 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [app]))[0]?.n ?? -1;
      if (remaining !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(remaining).toBe(0);
  }, slow);

  it('keeps retrying with backoff while the server refuses, until stopped', async () => {
    const listener = new Listener({ url: 'postgres://apibot@127.0.0.1:1/none', channels: ['x'], onNotification: () => undefined, initialDelayMs: 10, maxDelayMs: 50 });
    const started = listener.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listener.connected).toBe(false);
    await listener.stop();
    await expect(started).resolves.toBeUndefined();
  }, slow);
});
