// Shared helpers of the api/daemon/session/current/configuration tests: a
// fresh database per test file, connections per PostgreSQL role, and the
// calls the services make.
import pg from 'pg';
import { createTestDatabase } from '@pgfleet/testkit';

export type Json = Record<string, unknown>;
export type Role = 'kernel' | 'daemon' | 'apibot';

export const web = { id: 'web-pgfleet.local', secret: 'dev-web-secret-change-me-5Yk2Qm8Rt1' };
export const service = { id: 'service-pgfleet.local', secret: 'dev-service-secret-change-me-Hw9Lp3Vz6' };

export interface TestDb {
  client(role: Role): Promise<pg.Client>;
  close(): Promise<void>;
}

export async function openDatabase(prefix = 'api'): Promise<TestDb> {
  const db = await createTestDatabase({ prefix });
  const clients: pg.Client[] = [];
  return {
    async client(role: Role): Promise<pg.Client> {
      const client = new pg.Client({ connectionString: db.urls[role] });
      await client.connect();
      clients.push(client);
      return client;
    },
    async close(): Promise<void> {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      await db.drop();
    },
  };
}

/** `{"error": {...}}` of a single-row answer, or undefined. */
export function errorOf(row: unknown): { code: number; error?: string | null; message: string } | undefined {
  if (row !== null && typeof row === 'object' && 'error' in row) {
    return (row as { error: { code: number; error?: string | null; message: string } }).error;
  }
  return undefined;
}

export async function rows(client: pg.Client, sql: string, params: unknown[] = []): Promise<Json[]> {
  const result = await client.query<Record<string, Json>>(sql, params);
  return result.rows.map((row) => Object.values(row)[0] as Json);
}

export async function one(client: pg.Client, sql: string, params: unknown[] = []): Promise<Json> {
  const all = await rows(client, sql, params);
  if (all.length !== 1 || all[0] === undefined) throw new Error(`expected one row, got ${JSON.stringify(all)}`);
  return all[0];
}

export function token(daemon: pg.Client, clientId: string, secret: string, payload: Json, host: string | null = null): Promise<Json> {
  return one(daemon, 'SELECT daemon.token($1, $2, $3::jsonb, $4, $5::inet)', [clientId, secret, JSON.stringify(payload), 'jest', host]);
}

export function fetch(daemon: pg.Client, jwt: string, path: string, payload: unknown = null, method = 'POST'): Promise<Json[]> {
  return rows(daemon, 'SELECT * FROM daemon.fetch($1, $2, $3, $4::jsonb, $5, $6::inet)', [
    jwt,
    method,
    path,
    payload === null ? null : JSON.stringify(payload),
    'jest',
    '127.0.0.1',
  ]);
}

export function anonymous(daemon: pg.Client, path: string, payload: unknown = null, method = 'POST'): Promise<Json[]> {
  return rows(daemon, 'SELECT * FROM daemon.unauthorized_fetch($1, $2, $3::jsonb, $4, $5::inet)', [
    method,
    path,
    payload === null ? null : JSON.stringify(payload),
    'jest',
    '127.0.0.1',
  ]);
}

export function sessionFetch(daemon: pg.Client, session: string, secret: string, path: string, payload: unknown = null): Promise<Json[]> {
  return rows(daemon, 'SELECT * FROM daemon.session_fetch($1, $2, $3, $4, $5::jsonb, $6, $7::inet)', [
    session,
    secret,
    'POST',
    path,
    payload === null ? null : JSON.stringify(payload),
    'jest',
    '127.0.0.1',
  ]);
}

let userCounter = 0;

/** A plain user (group `user`) created the way the installer's kernel session would. */
export async function createUser(kernel: pg.Client, password = 'Secret-pass-1'): Promise<{ id: string; username: string; password: string }> {
  userCounter += 1;
  const username = `user${process.pid}x${userCounter}`;
  const result = await kernel.query<{ id: string }>(
    `SELECT kernel.CreateUser($1, $2, $3, null, null, null, false, false) AS id`,
    [username, password, `Test ${username}`],
  );
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error('CreateUser returned nothing');
  await kernel.query(`SELECT kernel.AddMemberToGroup($1, '00000000-0000-4000-a000-000000000002'::uuid)`, [id]);
  return { id, username, password };
}

/** A signed-in user: the password grant of the web client. */
export async function signIn(daemon: pg.Client, username: string, password: string, extra: Json = {}): Promise<Json> {
  const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username, password, ...extra });
  if (errorOf(answer) !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return answer;
}

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}
