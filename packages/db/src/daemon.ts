import type { Pool, PoolClient } from 'pg';
import { assertCast, assertIdentifier } from './identifier.js';

type Queryable = Pick<Pool, 'query'> | Pick<PoolClient, 'query'>;

/** A cast per argument position; `undefined` leaves the parameter untyped. */
export type Casts = ReadonlyArray<string | undefined>;

const sqlCache = new Map<string, string>();

function daemonSql(fn: string, casts: Casts, count: number): string {
  const key = `${fn}/${count}/${casts.join(',')}`;
  let sql = sqlCache.get(key);
  if (!sql) {
    const params = Array.from({ length: count }, (_, index) => {
      const cast = casts[index];
      return cast ? `$${index + 1}::${assertCast(cast)}` : `$${index + 1}`;
    });
    // The function name is the only part that cannot be a bind parameter; it
    // is checked against the identifier grammar, never quoted from free text.
    sql = `SELECT * FROM daemon.${assertIdentifier(fn, 'daemon function')}(${params.join(', ')})`;
    sqlCache.set(key, sql);
  }
  return sql;
}

function isJsonCast(cast: string | undefined): boolean {
  return cast === 'json' || cast === 'jsonb';
}

function bindValue(value: unknown, cast: string | undefined): unknown {
  if (value === undefined || value === null) return null;
  // node-postgres renders JS arrays as PostgreSQL array literals; a json
  // parameter must receive the JSON text instead.
  if (isJsonCast(cast) && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

/**
 * `SELECT * FROM daemon.<fn>($1::<cast>, …)` in one round trip; returns
 * column 0 of every row (the daemon functions answer JSON).
 */
export async function callDaemon<T = unknown>(db: Queryable, fn: string, args: readonly unknown[], casts: Casts = []): Promise<T[]> {
  const sql = daemonSql(fn, casts, args.length);
  const values = args.map((value, index) => bindValue(value, casts[index]));
  const result = await db.query<unknown[]>({ text: sql, values, rowMode: 'array' });
  return result.rows.map((row) => row[0] as T);
}
