import amqplib from 'amqplib';
import pg from 'pg';
import { createAmqpBus, createPgBus, createRelay, type Bus, type Relay, type RelaySource } from '../src/index.js';
import { createBusDatabase, type TestDatabase } from './support/database.js';
import { sleep, uniqueSuffix, waitFor } from './support/wait.js';

const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
const CHANNEL = 'relay_test';
const QUEUE = 'relay.outbox';

let database: TestDatabase;
let sqlClient: pg.Client;

beforeAll(async () => {
  database = await createBusDatabase();
  sqlClient = new pg.Client({ connectionString: database.url });
  await sqlClient.connect();
  await sqlClient.query(`
    CREATE TABLE outbox (
      id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      state   text NOT NULL DEFAULT 'pending',
      created timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANNEL}', NEW.id::text);
      RETURN NEW;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify();
  `);
});

afterAll(async () => {
  await sqlClient.end();
  await database.drop();
});

function outboxSource(sweep: { intervalMs: number; graceMs: number; sql?: string }): RelaySource {
  return {
    channel: CHANNEL,
    queue: QUEUE,
    sweep: {
      sql:
        sweep.sql ?? "SELECT id FROM outbox WHERE state = 'pending' AND created < now() - $1::integer * interval '1 millisecond'",
      intervalMs: sweep.intervalMs,
      graceMs: sweep.graceMs,
    },
    toMessage: (input) => {
      const id = input.origin === 'notify' ? input.payload : String(input.row.id);
      return { body: { id, origin: input.origin }, messageId: id };
    },
  };
}

async function insertRow(): Promise<string> {
  const { rows } = await sqlClient.query<{ id: string }>('INSERT INTO outbox DEFAULT VALUES RETURNING id');
  return rows[0]!.id;
}

interface Fixture {
  bus: Bus;
  cleanup(): Promise<void>;
}

const drivers: Array<[string, () => Promise<Fixture>]> = [
  [
    'postgres',
    () => {
      const bus = createPgBus({ url: database.url, pollIntervalMs: 100 });
      return Promise.resolve({ bus, cleanup: () => bus.close({ timeoutMs: 0 }) });
    },
  ],
  [
    'amqp',
    async () => {
      const bus = createAmqpBus({ url: AMQP_URL, prefix: `t.relay.${uniqueSuffix()}.` });
      await bus.ready();
      return {
        bus,
        cleanup: async () => {
          const { queues, exchanges } = bus.declared();
          await bus.close({ timeoutMs: 0 });
          const connection = await amqplib.connect(AMQP_URL);
          const channel = await connection.createChannel();
          for (const queue of queues) await channel.deleteQueue(queue);
          for (const exchange of exchanges) await channel.deleteExchange(exchange);
          await connection.close();
        },
      };
    },
  ],
];

describe.each(drivers)('relay into the %s bus', (_name, makeFixture) => {
  let fixture: Fixture;
  const relays: Relay[] = [];

  beforeEach(async () => {
    await sqlClient.query('DELETE FROM outbox');
    fixture = await makeFixture();
  });

  afterEach(async () => {
    await Promise.allSettled(relays.splice(0).map((relay) => relay.stop()));
    await fixture.cleanup();
  });

  function relay(source: RelaySource): Relay {
    const instance = createRelay({ listen: { url: database.url, channels: [CHANNEL] }, sources: [source], bus: fixture.bus });
    relays.push(instance);
    return instance;
  }

  async function collect(): Promise<Array<{ id: string; origin: string }>> {
    const received: Array<{ id: string; origin: string }> = [];
    await fixture.bus.consume<{ id: string; origin: string }>(QUEUE, (message) => void received.push(message.body));
    return received;
  }

  it('publishes a row announced by its trigger NOTIFY to the queue', async () => {
    const received = await collect();
    // A long grace period and interval: only the NOTIFY path can deliver within the test.
    await relay(outboxSource({ intervalMs: 60_000, graceMs: 60_000 })).start();
    const id = await insertRow();
    await waitFor(() => received.length === 1, 10_000, 'the relayed message');
    expect(received).toEqual([{ id, origin: 'notify' }]);
  });

  it('delivers a row inserted while the relay was stopped through the sweep after start', async () => {
    const first = relay(outboxSource({ intervalMs: 60_000, graceMs: 0 }));
    await first.start();
    await first.stop();
    const id = await insertRow();
    await sleep(50);
    const received = await collect();
    await sleep(300);
    expect(received).toHaveLength(0);

    await relay(outboxSource({ intervalMs: 60_000, graceMs: 0 })).start();
    await waitFor(() => received.length === 1, 10_000, 'the swept message');
    expect(received).toEqual([{ id, origin: 'sweep' }]);
  });

  it('keeps sweeping on its timer and leaves rows younger than the grace period to NOTIFY', async () => {
    const received = await collect();
    const { rows } = await sqlClient.query<{ id: string }>(
      "INSERT INTO outbox (created) VALUES (now() - interval '1 hour') RETURNING id",
    );
    const old = rows[0]!.id;
    await relay(outboxSource({ intervalMs: 200, graceMs: 30_000 })).start();
    const young = await insertRow();
    // Several ticks: the old row is re-published until its consumer marks it done.
    await waitFor(() => received.filter((item) => item.id === old).length >= 2, 10_000, 'repeated sweeps of the old row');
    await sqlClient.query("UPDATE outbox SET state = 'done'");
    await sleep(300);
    const settled = received.length;
    await sleep(600);
    expect(received.length).toBe(settled);
    expect(received.filter((item) => item.id === old).every((item) => item.origin === 'sweep')).toBe(true);
    expect(received.filter((item) => item.id === young)).toEqual([{ id: young, origin: 'notify' }]);
  });

  it('sweeps at once when its LISTEN connection comes back, publishing rows notified while it was down', async () => {
    const received = await collect();
    const instance = relay(outboxSource({ intervalMs: 60_000, graceMs: 0 }));
    await instance.start();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Kill the listener's backend and insert in the same statement, before any reconnect can happen.
      const { rows } = await admin.query<{ id: string }>(`
        WITH killed AS (
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'pgfleet-relay'
        )
        INSERT INTO outbox (created) SELECT now() - interval '1 second' FROM killed LIMIT 1 RETURNING id`);
      const id = rows[0]!.id;
      await waitFor(() => received.some((item) => item.id === id), 15_000, 'the row after the reconnect');
      expect(received.filter((item) => item.id === id).map((item) => item.origin)).toContain('sweep');
    } finally {
      await admin.end();
    }
  }, 30_000);

  it('publishes one notification to both the work queue and the topic exchange when a source has both', async () => {
    const received = await collect();
    const events: Array<{ routingKey: string; body: unknown }> = [];
    await fixture.bus.subscribe('file.#', (event) => void events.push({ routingKey: event.routingKey, body: event.body }));
    const instance = relay({
      ...outboxSource({ intervalMs: 60_000, graceMs: 60_000 }),
      topic: 'file',
      toMessage: (input) =>
        input.origin === 'notify' ? { body: { id: input.payload }, messageId: input.payload, topic: 'file.insert' } : null,
    });
    await instance.start();
    const id = await insertRow();
    await waitFor(() => received.length === 1 && events.length === 1, 10_000, 'the queue and the event');
    expect(events).toEqual([{ routingKey: 'file.insert', body: { id } }]);
    expect(received).toEqual([{ id }]);
  });

  it('lets only one of two replicas sweep a source at a time', async () => {
    for (let i = 0; i < 20; i += 1) await insertRow();
    // The sleep holds the sweep open so the second replica tries while the first still holds the lock.
    const slowSweep = {
      intervalMs: 60_000,
      graceMs: 0,
      sql: "SELECT id FROM outbox, pg_sleep(0.5) WHERE state = 'pending' AND created < now() - $1::integer * interval '1 millisecond'",
    };
    const [a, b] = [relay(outboxSource(slowSweep)), relay(outboxSource(slowSweep))];
    const counts = await Promise.all([a.sweep(), b.sweep()]);
    expect(counts.sort((x, y) => x - y)).toEqual([0, 20]);
  });
});
