import type { QueryRunner } from '@pgfleet/db';
import type { CustomTypesConfig } from 'pg';
import {
  authorizedFetchSql,
  fetchSql,
  pghttpSql,
  refreshTokenSql,
  restCatalogSql,
  sessionFetchSql,
  signedFetchSql,
  unauthorizedFetchSql,
} from './daemon.sql.js';

/** Column 0 of each row as PostgreSQL's own JSON text; SQL NULL stays `null`. */
export type JsonRows = Array<string | null>;

/** Common arguments of every fetch variant (app.md §5). */
export interface FetchRequest {
  method: string;
  path: string;
  /** JSON text, or `null` for SQL NULL. */
  payload: string | null;
  agent: string;
  host: string | null;
}

export type DaemonCall =
  | { mode: 'bearer'; token: string }
  | { mode: 'session'; session: string; secret: string }
  | { mode: 'basic'; username: string; password: string }
  | { mode: 'anonymous' }
  | { mode: 'signed'; session: string; nonce: string; signature: string; windowMs: number };

// Every column (all json here) comes back as text: the body is relayed byte for byte and only
// a single row is ever parsed (to look for `error` or `#raw`).
const asText = (value: string): string => value;
const textTypes = { getTypeParser: () => asText } as unknown as CustomTypesConfig;

async function rows(pool: QueryRunner, statement: { name: string; text: string }, values: unknown[]): Promise<JsonRows> {
  const result = await pool.query<unknown[]>({ ...statement, values, rowMode: 'array', types: textTypes });
  return result.rows.map((row) => (row[0] ?? null) as string | null);
}

/** The daemon.* calls of the app service, one round trip each. */
export class DaemonRepository {
  constructor(private readonly pool: QueryRunner) {}

  fetch(call: DaemonCall, req: FetchRequest): Promise<JsonRows> {
    const { method, path, payload, agent, host } = req;
    switch (call.mode) {
      case 'bearer':
        return rows(this.pool, fetchSql, [call.token, method, path, payload, agent, host]);
      case 'session':
        return rows(this.pool, sessionFetchSql, [call.session, call.secret, method, path, payload, agent, host]);
      case 'basic':
        return rows(this.pool, authorizedFetchSql, [call.username, call.password, method, path, payload, agent, host]);
      case 'anonymous':
        return rows(this.pool, unauthorizedFetchSql, [method, path, payload, agent, host]);
      case 'signed':
        return rows(this.pool, signedFetchSql, [
          method,
          path,
          payload,
          call.session,
          call.nonce,
          call.signature,
          agent,
          host,
          `${call.windowMs} milliseconds`,
        ]);
    }
  }

  /** `daemon.refresh_token`: the new token set, an error object, or `null`. */
  async refreshToken(expired: string, refresh: string): Promise<string | null> {
    const [row] = await rows(this.pool, refreshTokenSql, [expired, refresh]);
    return row ?? null;
  }

  async restCatalog(): Promise<JsonRows> {
    return rows(this.pool, restCatalogSql, []);
  }

  /** A PGHTTP handler (`http.get` … `http.delete`). */
  pghttp(method: keyof typeof pghttpSql, path: string, headers: string, params: string, body: string | null): Promise<JsonRows> {
    const values = method === 'GET' ? [path, headers, params] : [path, headers, params, body];
    return rows(this.pool, pghttpSql[method], values);
  }
}
