import { fileURLToPath } from 'node:url';
import { createPool } from '@pgfleet/db';
import type { HttpService } from '@pgfleet/http';
import { UNREACHABLE_DATABASE_URL, runUntilExit, spawnService } from '@pgfleet/http/testing';
import { createLogger } from '@pgfleet/telemetry';
import { createEmptyDatabase, type TestDatabase } from '@pgfleet/testkit';
import { createAppService } from '../src/server.js';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));
// Starting tsx on a shared machine is slow; the default 5 s is not a statement about the service.
const SPAWN_TIMEOUT_MS = 60_000;
const logger = createLogger('app', { level: 'silent' });
const running: HttpService[] = [];
// A bare database: the probes only need `SELECT 1`.
let database: TestDatabase;

beforeAll(async () => {
  database = await createEmptyDatabase({ prefix: 'svc_app' });
});

afterAll(async () => {
  await database.drop();
});

async function start(databaseUrl: string): Promise<string> {
  const daemon = createPool(databaseUrl, { max: 2, connectionTimeoutMillis: 2_000 });
  const service = createAppService({
    logger,
    daemon,
    corsOrigins: [],
    port: 0,
    host: '127.0.0.1',
    onShutdown: [
      { name: 'daemon pool', run: () => daemon.end() },
    ],
  });
  running.push(service);
  const { port } = await service.listen();
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown()));
});

describe('app service', () => {
  it('is live and ready when its database is reachable', async () => {
    const base = await start(database.url);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await expect(health.text()).resolves.toBe('ok');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('stays live but is not ready when its database cannot be reached', async () => {
    const base = await start(UNREACHABLE_DATABASE_URL);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: { failing: string[] } };
    expect(body.error.failing).toEqual(['daemon']);
  });

  it('serves Prometheus metrics', async () => {
    const base = await start(database.url);
    await fetch(`${base}/healthz`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers GET /api/v1/ping and /api/v1/time on the fast path without the database', async () => {
    const base = await start(UNREACHABLE_DATABASE_URL);
    const ping = await fetch(`${base}/api/v1/ping`);
    expect(ping.status).toBe(200);
    await expect(ping.json()).resolves.toEqual({ error: { code: 200, message: 'OK' } });
    const before = Date.now();
    const time = await fetch(`${base}/api/v1/time`);
    const body = (await time.json()) as { serverTime: number };
    expect(body.serverTime).toBeGreaterThanOrEqual(before);
    expect(body.serverTime).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to start with a non-numeric PORT, naming the variable', async () => {
    const result = await runUntilExit(serviceDir, { PORT: 'abc', DATABASE_URL: database.url });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.output).toMatch(/PORT: .*"abc"/);
  }, SPAWN_TIMEOUT_MS);

  it('refuses to start without a database connection, naming the variables', async () => {
    const result = await runUntilExit(serviceDir, {});
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.output).toContain('PG_DAEMON_URL or DATABASE_URL');
  }, SPAWN_TIMEOUT_MS);

  it('runs from `tsx src/main.ts`, becomes ready and exits 0 on SIGTERM', async () => {
    const child = await spawnService(serviceDir, { PG_DAEMON_URL: database.url });
    try {
      expect((await fetch(`http://127.0.0.1:${child.port}/readyz`)).status).toBe(200);
    } finally {
      const exited = await child.stop('SIGTERM');
      expect(exited).toMatchObject({ code: 0, signal: null });
    }
  }, SPAWN_TIMEOUT_MS);
});
