import { createAmqpBus, type AmqpBus } from '@pgfleet/bus';
import { createPool } from '@pgfleet/db';
import type { HttpService } from '@pgfleet/http';
import {
  TEST_AMQP_URL,
  UNREACHABLE_AMQP_URL,
  deleteAmqpTopology,
  uniqueName,
} from '@pgfleet/http/testing';
import { createLogger } from '@pgfleet/telemetry';
import { createEmptyDatabase, type TestDatabase } from '@pgfleet/testkit';
import { createWorkerService } from '../src/server.js';

const logger = createLogger('worker', { level: 'silent' });
const running: HttpService[] = [];
const buses: AmqpBus[] = [];
let database: TestDatabase;

beforeAll(async () => {
  database = await createEmptyDatabase({ prefix: 'svc_worker_amqp' });
});

afterAll(async () => {
  await database.drop();
});

async function start(amqpUrl: string): Promise<{ base: string; bus: AmqpBus }> {
  const apibot = createPool(database.url, { max: 2 });
  const bus = createAmqpBus({ url: amqpUrl, prefix: `${uniqueName('test_worker')}.`, reconnectSeconds: 1 });
  buses.push(bus);
  const service = createWorkerService({
    logger,
    apibot,
    bus,
    port: 0,
    host: '127.0.0.1',
    onShutdown: [
      { name: 'apibot pool', run: () => apibot.end() },
      { name: 'bus', run: () => bus.close({ timeoutMs: 1_000 }) },
    ],
  });
  running.push(service);
  const { port } = await service.listen();
  return { base: `http://127.0.0.1:${port}`, bus };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown()));
  for (const bus of buses.splice(0)) {
    await deleteAmqpTopology(bus.declared());
  }
});

describe('worker service with RabbitMQ', () => {
  it('is ready once the broker connection is up', async () => {
    const { base, bus } = await start(TEST_AMQP_URL);
    await bus.ready();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('names the bus as failing while the broker cannot be reached', async () => {
    const { base } = await start(UNREACHABLE_AMQP_URL);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: { failing: string[] } };
    expect(body.error.failing).toEqual(['bus']);
  });
});
