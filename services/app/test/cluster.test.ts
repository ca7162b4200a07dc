import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';

// APP_WORKERS > 1: the primary forks the workers, which share the port, replaces a
// worker that dies, and passes SIGTERM on. Only a real process tree shows that.
const appDir = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The primary's children that run the service: tsx may have an esbuild child of its own. */
function workersOf(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('src/main.ts');
    } catch {
      return false; // gone meanwhile
    }
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('app service in cluster mode (APP_WORKERS)', () => {
  let database: TestDatabase;
  let primary: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'app_cluster' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    primary = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', APP_WORKERS: '2', PG_POOL_MAX: '2', LOG_LEVEL: 'warn', PG_DAEMON_URL: database.urls.daemon },
    });
    primary.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => primary.once('exit', (code) => resolve(code)));
    await waitFor(async () => ((await fetch(`${base}/readyz`).catch(() => undefined))?.ok ? true : undefined), `readiness (${output})`);
  }, 60_000);

  afterAll(async () => {
    if (primary.exitCode === null) {
      for (const pid of workersOf(primary.pid!)) process.kill(pid, 'SIGKILL');
      primary.kill('SIGKILL');
      await exited;
    }
    await database?.drop();
  });

  it('serves from two workers and replaces one that dies', async () => {
    const before = await waitFor(() => (workersOf(primary.pid!).length === 2 ? workersOf(primary.pid!) : undefined), 'two workers');
    expect((await fetch(`${base}/api/v1/ping`)).status).toBe(200);

    process.kill(before[0]!, 'SIGKILL');
    const after = await waitFor(() => {
      const now = workersOf(primary.pid!);
      return now.length === 2 && !now.includes(before[0]!) ? now : undefined;
    }, 'a replacement worker');
    expect(after).toContain(before[1]);
    await waitFor(async () => ((await fetch(`${base}/readyz`).catch(() => undefined))?.ok ? true : undefined), 'readiness after the replacement');
    expect(output).toMatch(/worker died, forking a new one/);
  }, 60_000);

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const workers = workersOf(primary.pid!);
    primary.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
    for (const pid of workers) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
  }, 60_000);
});
