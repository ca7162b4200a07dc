import pg from 'pg';
import { createPgBus, type PgBus } from '../src/index.js';
import { busContract } from './contract.js';
import { createBusDatabase, type TestDatabase } from './support/database.js';
import { sleep, waitFor } from './support/wait.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createBusDatabase();
});

afterAll(async () => {
  await database.drop();
});

function bus(): PgBus {
  return createPgBus({ url: database.url, pollIntervalMs: 100, subscriberTtlMs: 3_000 });
}

describe('PostgreSQL driver: bus contract', () => {
  busContract({
    createBus: () => Promise.resolve(bus()),
    // Short, so the crash test sees the redelivery quickly.
    shortLease: { visibilityTimeoutMs: 1_000 },
    deadLetters: async (queue) => {
      const reader = bus();
      try {
        return (await reader.deadLetters(queue)).map(({ id, body }) => ({ id, body }));
      } finally {
        await reader.close();
      }
    },
  });
});

describe('PostgreSQL driver: specifics', () => {
  let instance: PgBus;
  let sqlClient: pg.Client;

  beforeEach(async () => {
    instance = bus();
    sqlClient = new pg.Client({ connectionString: database.url });
    await sqlClient.connect();
  });

  afterEach(async () => {
    await instance.close({ timeoutMs: 0 });
    await sqlClient.end();
  });

  it('renews the lease of a handler that outlives the visibility timeout, so no one else gets the message', async () => {
    const other = bus();
    try {
      const calls: string[] = [];
      await instance.consume('pg.lease', async () => {
        calls.push('slow');
        await sleep(1_500);
      }, { visibilityTimeoutMs: 400 });
      await instance.publish('pg.lease', { n: 1 });
      await waitFor(() => calls.length === 1, 5_000, 'the first delivery');
      await other.consume('pg.lease', () => void calls.push('other'), { visibilityTimeoutMs: 400 });
      await sleep(1_800);
      expect(calls).toEqual(['slow']);
      const { rows } = await sqlClient.query<{ n: number }>("SELECT count(*)::int AS n FROM pgfleet_bus.message WHERE queue = 'pg.lease'");
      expect(rows[0]?.n).toBe(0);
    } finally {
      await other.close({ timeoutMs: 0 });
    }
  });

  it('wakes a consumer through NOTIFY well before the fallback poll', async () => {
    const slowPoll = createPgBus({ url: database.url, pollIntervalMs: 60_000 });
    try {
      const received: number[] = [];
      await slowPoll.consume('pg.notify', () => void received.push(Date.now()));
      // Let the consumer's first (empty) claim finish so only a notification can wake it.
      await sleep(300);
      const sentAt = Date.now();
      await instance.publish('pg.notify', { n: 1 });
      await waitFor(() => received.length === 1, 5_000, 'the notified delivery');
      expect(received[0]! - sentAt).toBeLessThan(5_000);
    } finally {
      await slowPoll.close();
    }
  });

  it('removes a subscriber that stopped sending heartbeats, with its undelivered events', async () => {
    await sqlClient.query(
      "INSERT INTO pgfleet_bus.subscriber (queue, patterns, ttl_ms, seen_at) VALUES ('pg.sub.gone', ARRAY['^\\.x$'], 1000, now() - interval '1 hour')",
    );
    await sqlClient.query("SELECT pgfleet_bus.send('pg.sub.gone', 'm', '{}'::jsonb)");
    // A stale subscriber gets no copies, and the next subscribe() reaps it.
    const { rows: sent } = await sqlClient.query<{ n: number }>("SELECT pgfleet_bus.send_event('x', 'e', '{}'::jsonb) AS n");
    expect(sent[0]?.n).toBe(0);
    await instance.subscribe('y', () => undefined);
    const { rows } = await sqlClient.query(
      "SELECT (SELECT count(*) FROM pgfleet_bus.subscriber WHERE queue = 'pg.sub.gone')::int AS subscribers, (SELECT count(*) FROM pgfleet_bus.message WHERE queue = 'pg.sub.gone')::int AS messages",
    );
    expect(rows[0]).toEqual({ subscribers: 0, messages: 0 });
  });

  it('runs on a caller-owned pool, listening on its connection string, and leaves the pool open on close', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 3 });
    try {
      const pooled = createPgBus({ pool, pollIntervalMs: 60_000 });
      const received: unknown[] = [];
      await pooled.consume('pg.pool', (message) => void received.push(message.body));
      await sleep(200);
      await instance.publish('pg.pool', { via: 'pool' });
      // Only NOTIFY can deliver within the wait: the poll interval is a minute.
      await waitFor(() => received.length === 1, 5_000, 'the notified delivery');
      await pooled.close();
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('keeps a dead letter with its error and attempt count', async () => {
    await instance.consume('pg.dead', () => {
      throw new Error('broken downstream');
    }, { maxAttempts: 2, retryDelayMs: 10 });
    await instance.publish('pg.dead', { n: 1 }, { messageId: 'dead-1' });
    let dead: Awaited<ReturnType<PgBus['deadLetters']>> = [];
    for (let i = 0; i < 50 && dead.length === 0; i += 1) {
      dead = await instance.deadLetters('pg.dead');
      await sleep(100);
    }
    expect(dead).toEqual([{ id: 'dead-1', body: { n: 1 }, headers: {}, failures: 2, error: 'broken downstream' }]);
  });
});
