import { createPipelinedPool, type PipelinedPool } from '../src/index.js';
import { query, serverUrl } from './support.js';

// Plain SQL against the server's own database: the pool knows nothing of the platform.
const slow = 30_000;
const pools: PipelinedPool[] = [];

function pool(options: Parameters<typeof createPipelinedPool>[1] = {}, url = serverUrl): PipelinedPool {
  const created = createPipelinedPool(url, { applicationName: `pipeline-test-${process.pid}`, ...options });
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((item) => item.end()));
});

describe('PipelinedPool', () => {
  it('answers every concurrent call with its own result over at most `max` connections', async () => {
    const pipelined = pool({ max: 2, depth: 8 });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => pipelined.query<{ n: number; pid: number }>('SELECT $1::int AS n, pg_backend_pid() AS pid', [i])),
    );
    expect(results.map((result) => result.rows[0]?.n)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const backends = new Set(results.map((result) => result.rows[0]?.pid));
    expect(backends.size).toBeLessThanOrEqual(2);
    expect(pipelined.stats).toMatchObject({ inFlight: 0, waiting: 0 });
  }, slow);

  it('keeps a failing statement from touching the calls pipelined next to it', async () => {
    const pipelined = pool({ max: 1, depth: 8 });
    const named = { name: 'pipeline-test-echo', text: 'SELECT $1::text AS v' };
    const calls = [
      pipelined.query<{ v: string }>({ ...named, values: ['a'] }),
      pipelined.query('SELECT 1 / 0'),
      // A prepared statement used twice before its first Parse is answered: parsed once, bound twice.
      pipelined.query<{ v: string }>({ ...named, values: ['b'] }),
      pipelined.query<{ v: string }>('SELECT $1::text AS v', ['c']),
    ];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' });
    expect(settled.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value.rows[0])).toEqual([
      { v: 'a' },
      { v: 'b' },
      { v: 'c' },
    ]);
  }, slow);

  it('makes calls beyond max × depth wait for a free slot', async () => {
    const pipelined = pool({ max: 1, depth: 2 });
    const calls = Array.from({ length: 5 }, (_, i) => pipelined.query<{ n: number }>('SELECT $1::int AS n, pg_sleep(0.05)', [i]));
    expect(pipelined.stats).toEqual({ connections: 1, inFlight: 2, waiting: 3 });
    const results = await Promise.all(calls);
    expect(results.map((result) => result.rows[0]?.n)).toEqual([0, 1, 2, 3, 4]);
    expect(pipelined.stats).toEqual({ connections: 1, inFlight: 0, waiting: 0 });
  }, slow);

  it('fails the calls of a broken connection and opens a new one for the next call', async () => {
    const warnings: object[] = [];
    const pipelined = pool({ max: 1, log: { warn: (obj) => warnings.push(obj) } });
    const { rows } = await pipelined.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]?.pid;
    const stuck = pipelined.query('SELECT pg_sleep(10)');
    const behind = pipelined.query('SELECT 1');
    await query(serverUrl, 'SELECT pg_terminate_backend($1)', [pid]);
    await expect(stuck).rejects.toThrow();
    await expect(behind).rejects.toThrow();
    const next = await pipelined.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(next.rows[0]?.pid).not.toBe(pid);
    expect(warnings.length).toBeGreaterThan(0);
  }, slow);

  it('rejects calls when the server cannot be reached instead of hanging', async () => {
    const url = new URL(serverUrl);
    url.port = '1';
    const pipelined = pool({ max: 1, connectionTimeoutMillis: 2_000, log: { warn: () => undefined } }, url.toString());
    await expect(pipelined.query('SELECT 1')).rejects.toThrow();
    expect(pipelined.stats.connections).toBe(0);
  }, slow);

  it('closes a connection left idle', async () => {
    const pipelined = pool({ max: 1, idleTimeoutMillis: 50 });
    await pipelined.query('SELECT 1');
    expect(pipelined.stats.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pipelined.stats.connections).toBe(0);
    const { rows } = await pipelined.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  }, slow);

  it('on end, fails the waiting calls, lets the sent ones finish and refuses new ones', async () => {
    const pipelined = pool({ max: 1, depth: 1 });
    const sent = pipelined.query<{ n: number }>('SELECT 1 AS n, pg_sleep(0.05)');
    const waiting = pipelined.query('SELECT 2');
    const ended = pipelined.end();
    await expect(waiting).rejects.toThrow('Pool is ending');
    await expect(sent).resolves.toMatchObject({ rows: [{ n: 1 }] });
    await ended;
    expect(pipelined.stats.connections).toBe(0);
    await expect(pipelined.query('SELECT 3')).rejects.toThrow(/after calling end/);
  }, slow);
});
