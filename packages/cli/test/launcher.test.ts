import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, dropTestDatabase, runId, serverUrl, type TestDatabase } from '@pgfleet/testkit';
import { freePort } from '../src/launcher/free-port.js';
import { withoutPassword } from '../src/launcher/service-env.js';
import { fleet } from '../src/launcher/services.js';
import { descendants, isAlive, waitFor } from './support/processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  gatewayPort: number;
}

const launches: ChildProcess[] = [];

/** `pnpm start` on free ports, in its own process group so Ctrl-C can reach the whole group, as from a terminal. */
async function launch(env: NodeJS.ProcessEnv): Promise<Launch> {
  const gatewayPort = await freePort();
  const servicePorts: Record<string, string> = {};
  for (const service of fleet) servicePorts[`${service.name.toUpperCase()}_PORT`] = String(await freePort());
  const { AMQP_URL: _amqp, ...inherited } = process.env;
  const child = spawn('pnpm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      ...servicePorts,
      GATEWAY_PORT: String(gatewayPort),
      STREAM_UDP_PORT: String(await freePort()),
      // A PORT meant for something else must not reach the services.
      PORT: String(gatewayPort),
      NO_COLOR: '1',
      ...env,
    },
  });
  launches.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, gatewayPort };
}

afterAll(() => {
  for (const child of launches) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

describe('pnpm start', () => {
  // A name that does not exist yet: the installer creates it, as it would on a
  // first `pnpm start`. (An empty database made by createEmptyDatabase() is
  // owned by the test superuser, and the installer, working as `kernel`, may
  // not create schemas in it.) The run id lets the global teardown find it.
  const name = `t_cli_launcher_${runId()}_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;

  afterAll(() => dropTestDatabase(name));

  it('installs, starts the fleet on free ports, answers /api/v1/ping through the gateway, and leaves no process behind after Ctrl-C', async () => {
    const run = await launch({ DATABASE_URL: url.toString() });
    const readyLine = /^pgfleet ready: .*$/m;
    try {
      await waitFor(() => readyLine.test(run.output()) || run.child.exitCode !== null, 240_000, 'the ready line');
    } catch (error) {
      throw new Error(`${(error as Error).message}; output so far:\n${run.output()}`);
    }
    if (!readyLine.test(run.output())) throw new Error(`pnpm start exited before it was ready:\n${run.output()}`);
    expect(run.output().match(readyLine)?.[0]).toBe(
      `pgfleet ready: http://127.0.0.1:${run.gatewayPort} (mode: postgres-only, db: ${withoutPassword(url.toString())})`,
    );
    expect(run.output().match(/^pgfleet ready:/gm)).toHaveLength(1);

    const ping = await fetch(`http://127.0.0.1:${run.gatewayPort}/api/v1/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ error: { code: 200, message: 'OK' } });

    const pids = descendants(run.child.pid as number);
    for (const service of fleet) {
      expect(pids.some((pid) => commandLine(pid).includes(`services/${service.name}/src/main.ts`))).toBe(true);
    }

    process.kill(-(run.child.pid as number), 'SIGINT');
    expect(await run.exited).toBe(0);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 30_000, () => `every process of the fleet to end (alive: ${pids.filter(isAlive).map(commandLine).join(' | ')})`);
    expect(run.output()).toMatch(/stopped$/m);
    expect(run.output()).not.toMatch(/did not stop within/);
  }, 300_000);
});

describe('pnpm start with a service that cannot start', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'cli_launcher_fatal' });
  });

  afterAll(() => database.drop());

  it('restarts it once, then stops the fleet and exits 1 without a ready line or a leftover process', async () => {
    // The services refuse a pool of size 0 at start-up (exit 78), every time.
    const run = await launch({ DATABASE_URL: database.url, PGFLEET_SERVICES: 'app,auth', PG_POOL_MAX: '0' });
    const seen = new Set<number>();
    const watch = setInterval(() => {
      if (run.child.pid !== undefined) for (const pid of descendants(run.child.pid)) seen.add(pid);
    }, 50);
    const code = await run.exited;
    clearInterval(watch);
    const output = run.output();
    expect(code).toBe(1);
    expect(output).toMatch(/(app|auth) exited unexpectedly \(code 78\); restarting it once/);
    expect(output).toMatch(/(app|auth) exited unexpectedly again \(code 78\); stopping the fleet/);
    expect(output).not.toMatch(/^pgfleet ready:/m);
    expect(output).toMatch(/stopped$/m);
    await waitFor(() => [...seen].every((pid) => !isAlive(pid)), 10_000, 'every process of the run to end');
  }, 180_000);
});
