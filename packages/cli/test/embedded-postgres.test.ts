import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/launcher/embedded-postgres.js';
import type { LauncherLog } from '../src/launcher/log.js';

function recorder() {
  const lines: string[] = [];
  const log: LauncherLog = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  return { lines, log, write: (source: string, line: string) => lines.push(`${source}: ${line}`) };
}

async function query(url: string, database: string, sql: string): Promise<pg.QueryResult> {
  const target = new URL(url);
  target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const base = mkdtempSync(join(tmpdir(), 'pgfleet-cli-embedded-'));
  const dir = join(base, 'pg');
  const running: EmbeddedPostgres[] = [];
  // mkdtemp makes a 0700 directory; as root the server runs as `postgres`, which must be able to enter it.
  chmodSync(base, 0o755);

  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop()));
    rmSync(base, { recursive: true, force: true });
  });

  it('initialises a cluster on first use, serves PostgreSQL 15 on a free port, and keeps its data across restarts', async () => {
    const signalsBefore = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const first = recorder();
    const server = await startEmbeddedPostgres({ dir, port: 0, database: 'pgfleet', ...first });
    running.push(server);
    expect(first.lines).toContainEqual(expect.stringContaining(`initialising a new cluster in ${dir}`));
    expect(server.url).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/pgfleet$/);
    expect(new URL(server.url).port).not.toBe('5432');
    // The package's own exit hooks would exit the launcher on SIGINT before the services are stopped.
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(signalsBefore);

    const version = await query(server.url, 'postgres', 'SHOW server_version_num');
    expect(Number((version.rows[0] as { server_version_num: string }).server_version_num)).toBeGreaterThanOrEqual(150000);
    await query(server.url, 'postgres', 'CREATE DATABASE kept');
    await server.stop();
    running.pop();

    const second = recorder();
    const again = await startEmbeddedPostgres({ dir, port: 0, database: 'pgfleet', ...second });
    running.push(again);
    expect(second.lines).toContainEqual(expect.stringContaining(`using the cluster in ${dir}`));
    expect(second.lines.some((line) => line.includes('initialising'))).toBe(false);
    const kept = await query(again.url, 'postgres', "SELECT 1 FROM pg_database WHERE datname = 'kept'");
    expect(kept.rowCount).toBe(1);
  }, 120_000);

  it('refuses a second server on a data directory that is in use, naming the PID', async () => {
    expect(running).toHaveLength(1);
    await expect(startEmbeddedPostgres({ dir, port: 0, database: 'pgfleet', ...recorder() })).rejects.toThrow(/already running \(pid \d+\)/);
  });

  it('refuses a non-empty directory that holds no cluster instead of overwriting it', async () => {
    const other = join(base, 'not-a-cluster');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(startEmbeddedPostgres({ dir: other, port: 0, database: 'pgfleet', ...recorder() })).rejects.toThrow(/neither empty nor a PostgreSQL cluster/);
  });
});
