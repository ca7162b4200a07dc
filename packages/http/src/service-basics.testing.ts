// The behaviours every service shares (ARCHITECTURE §2, §5): probes, metrics,
// refusing a bad environment, and running from its sources until SIGTERM.
// Each service's test file runs this suite against its own server.
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { createPgBus, type Bus } from '@pgfleet/bus';
import { createPool, type Pool } from '@pgfleet/db';
import { createLogger, type Logger } from '@pgfleet/telemetry';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { UNREACHABLE_DATABASE_URL } from './backends.testing.js';
import { runUntilExit, spawnService } from './process.testing.js';
import type { HttpService } from './server.js';

export type ServiceRole = 'daemon' | 'apibot';

/** Everything a service skeleton's server is built from, all on one database. */
export interface ServiceTestDeps {
  logger: Logger;
  daemon: Pool;
  apibot: Pool;
  /** The PostgreSQL-only bus on the `apibot` pool, as a service runs without AMQP_URL. */
  bus: Bus;
  port: number;
  host: string;
}

export interface ServiceBasicsOptions {
  /** The service's folder name under `services/`. */
  name: string;
  /** The service's folder, where `tsx src/main.ts` runs. */
  serviceDir: string;
  /** The roles the service connects as, in the order its readiness checks name them. */
  roles: readonly ServiceRole[];
  /**
   * `empty` (default) when readiness needs only `SELECT 1`; `installed` (a clone
   * of the installed platform) when a readiness check reads the platform.
   */
  database?: 'empty' | 'installed';
  /** The readiness checks that fail while the database is unreachable; default: `roles`. */
  failingWithoutDatabase?: readonly string[];
  /** Builds the service, not yet listening; it takes the parts of `deps` it needs. */
  create: (deps: ServiceTestDeps) => HttpService;
}

export interface ServiceHarness {
  /** Starts the service in-process on a free port with its pools on `databaseUrl`; stopped after each test. */
  start: (databaseUrl: string) => Promise<string>;
}

// Starting tsx on a shared machine is slow; the default 5 s is not a statement about the service.
const SPAWN_TIMEOUT_MS = 60_000;

const ROLE_URL_VARIABLE: Record<ServiceRole, string> = { daemon: 'PG_DAEMON_URL', apibot: 'PG_APIBOT_URL' };

/**
 * Declares the shared tests under `describe('<name> service')` and returns the
 * in-process `start` they use, for the service's own tests in the same file.
 * Call it at the top level of the file: its database and clean-up hooks
 * cover every test there.
 */
export function describeServiceBasics({
  name,
  serviceDir,
  roles,
  database: kind = 'empty',
  failingWithoutDatabase = roles,
  create,
}: ServiceBasicsOptions): ServiceHarness {
  const logger = createLogger(name, { level: 'silent' });
  const running: Array<() => Promise<void>> = [];
  let database: TestDatabase;

  beforeAll(async () => {
    const prefix = `svc_${name}`;
    database = kind === 'installed' ? await createTestDatabase({ prefix }) : await createEmptyDatabase({ prefix });
  });

  afterAll(async () => {
    await database.drop();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((stop) => stop()));
  });

  async function start(databaseUrl: string): Promise<string> {
    // Both pools and the bus exist whatever the service uses: they connect only when queried.
    const daemon = createPool(databaseUrl, { max: 2, connectionTimeoutMillis: 2_000 });
    const apibot = createPool(databaseUrl, { max: 2, connectionTimeoutMillis: 2_000 });
    const bus = createPgBus({ pool: apibot, url: databaseUrl });
    const service = create({ logger, daemon, apibot, bus, port: 0, host: '127.0.0.1' });
    running.push(async () => {
      await service.shutdown();
      await bus.close();
      await Promise.all([daemon.end(), apibot.end()]);
    });
    const { port } = await service.listen();
    return `http://127.0.0.1:${port}`;
  }

  // The environment `pnpm start` needs: each role's URL, all on the test database.
  function roleUrls(): Record<string, string> {
    return Object.fromEntries(roles.map((role) => [ROLE_URL_VARIABLE[role], database.url]));
  }

  describe(`${name} service`, () => {
    it('is live and ready when its database is reachable', async () => {
      const base = await start(database.url);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      await expect(health.text()).resolves.toBe('ok');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });

    it(`stays live but is not ready when its database cannot be reached, naming ${failingWithoutDatabase.join(' and ')}`, async () => {
      const base = await start(UNREACHABLE_DATABASE_URL);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { error: { failing: string[] } };
      expect(body.error.failing).toEqual(failingWithoutDatabase);
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

    it('refuses to start with a non-numeric PORT, naming the variable', async () => {
      const result = await runUntilExit(serviceDir, { PORT: 'abc', DATABASE_URL: database.url });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toMatch(/PORT: .*"abc"/);
    }, SPAWN_TIMEOUT_MS);

    it('exits 1 when its port is taken', async () => {
      const squatter = createTcpServer();
      await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = squatter.address() as AddressInfo;
        const result = await runUntilExit(serviceDir, { ...roleUrls(), HOST: '127.0.0.1', PORT: String(port) });
        expect(result.code).toBe(1);
        expect(result.output).toContain('cannot listen');
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    }, SPAWN_TIMEOUT_MS);

    it(`refuses to start without a database connection, naming ${roles.map((role) => ROLE_URL_VARIABLE[role]).join(' and ')}`, async () => {
      const result = await runUntilExit(serviceDir, {});
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      for (const role of roles) {
        expect(result.output).toContain(`${ROLE_URL_VARIABLE[role]} or DATABASE_URL`);
      }
    }, SPAWN_TIMEOUT_MS);

    it('runs from `tsx src/main.ts`, becomes ready and exits 0 on SIGTERM', async () => {
      const child = await spawnService(serviceDir, roleUrls());
      try {
        expect((await fetch(`http://127.0.0.1:${child.port}/readyz`)).status).toBe(200);
      } finally {
        const exited = await child.stop('SIGTERM');
        expect(exited).toMatchObject({ code: 0, signal: null });
      }
    }, SPAWN_TIMEOUT_MS);
  });

  return { start };
}
