import pg from 'pg';

/** Anything with pino's `warn(obj, msg)`, so the package does not force a logger on its callers. */
export interface WarnLogger {
  warn(obj: object, msg?: string): void;
}

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  connectionTimeoutMillis?: number;
  idleTimeoutMillis?: number;
  log?: WarnLogger;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** One pool per role; every service builds its pools through here. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'pgfleet',
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    keepAlive: true,
  });
  // An idle client whose server connection drops makes the pool emit 'error';
  // without a listener Node would treat it as unhandled and exit the process.
  // The pool already discarded that client, so a warning is all that is left to do.
  pool.on('error', (err) => {
    options.log?.warn({ err }, 'idle database connection lost');
  });
  return pool;
}
