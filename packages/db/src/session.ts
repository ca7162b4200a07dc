import type { Pool, PoolClient } from 'pg';
import { DatabaseError } from 'pg';
import { authorizeSql } from './session.sql.js';

/** `api.authorize` refused the session (closed, expired or unknown). */
export class SessionNotAuthorizedError extends Error {
  readonly status = 401;
  readonly code = 'ERR-401-001';
  readonly kind = 'caller' as const;
  constructor(message: string) {
    super(message || 'session not authorized');
    this.name = 'SessionNotAuthorizedError';
  }
}

interface AuthorizeRow {
  authorized: boolean | null;
  message: string | null;
}

/**
 * Runs `work` under an api session (ARCHITECTURE §7). `api.authorize` stores
 * the session in the backend's state, so the statements that depend on it must
 * run on the very connection that authorized: one client is checked out,
 * authorized first, used for `work`, and only then goes back to the pool.
 */
export async function withApiSession<T>(pool: Pool, session: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const result = await client.query<AuthorizeRow>(authorizeSql, [session]);
    const row = result.rows[0];
    if (!row?.authorized) throw new SessionNotAuthorizedError(row?.message ?? '');
    return await work(client);
  } catch (err) {
    // A statement error reported by the server leaves the connection usable;
    // anything else (socket loss, timeout, a throw mid-protocol) might not,
    // so that client is destroyed instead of being handed to the next caller.
    if (!(err instanceof DatabaseError) && !(err instanceof SessionNotAuthorizedError)) {
      broken = err instanceof Error ? err : new Error(String(err));
    }
    throw err;
  } finally {
    client.release(broken ?? false);
  }
}
