import pg from 'pg';
import { createBusFromEnv } from './bus-from-env.js';

// Nothing listens on port 1: neither driver connects before it is used, and these tests never use it.
const UNUSED_DATABASE_URL = 'postgres://apibot@127.0.0.1:1/none';
const UNUSED_AMQP_URL = 'amqp://guest:guest@127.0.0.1:1';

describe('createBusFromEnv', () => {
  let pool: pg.Pool;

  beforeEach(() => {
    pool = new pg.Pool({ connectionString: UNUSED_DATABASE_URL });
  });

  afterEach(async () => {
    await pool.end();
  });

  it('runs on PostgreSQL when AMQP_URL is unset', async () => {
    const bus = createBusFromEnv({ AMQP_URL: undefined }, { pool, url: UNUSED_DATABASE_URL });
    try {
      expect(bus.driver).toBe('postgres');
    } finally {
      await bus.close();
    }
  });

  it('runs on RabbitMQ when AMQP_URL is set', async () => {
    const bus = createBusFromEnv({ AMQP_URL: UNUSED_AMQP_URL, AMQP_PREFIX: 'unused.' }, { pool, url: UNUSED_DATABASE_URL });
    try {
      expect(bus.driver).toBe('amqp');
    } finally {
      await bus.close({ timeoutMs: 1_000 });
    }
  });
});
