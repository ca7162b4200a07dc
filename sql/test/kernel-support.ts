// Helpers of the kernel, oauth2, locale, error, registry and log tests: a
// fresh database per test file, a connection per PostgreSQL role, and the
// daemon calls the services make.
import pg from 'pg';
import { createTestDatabase } from '@pgfleet/testkit';

export type Json = Record<string, unknown>;
export type Role = 'kernel' | 'daemon' | 'apibot' | 'postgres';
export interface ErrorBody {
  code: number;
  error?: string | null;
  message: string;
}

// The committed development client of config/oauth2/default.json.
export const web = { id: 'web-pgfleet.local', secret: 'dev-web-secret-change-me-5Yk2Qm8Rt1' };

export interface TestDb {
  url: string;
  client(role: Role): Promise<pg.Client>;
  close(): Promise<void>;
}

export async function openDatabase(): Promise<TestDb> {
  const db = await createTestDatabase();
  const clients: pg.Client[] = [];
  return {
    url: db.url,
    async client(role: Role): Promise<pg.Client> {
      const url = new URL(db.url);
      url.username = role;
      url.password = role;
      const client = new pg.Client({ connectionString: url.toString() });
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

/** First column of every row. */
export async function rows<T = Json>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await client.query<Record<string, T>>(sql, params);
  return result.rows.map((row) => Object.values(row)[0] as T);
}

export async function one<T = Json>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  const all = await rows<T>(client, sql, params);
  if (all.length !== 1) throw new Error(`expected one row, got ${JSON.stringify(all)}`);
  return all[0] as T;
}

/** The message of the exception a statement raises. */
export async function failure(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, params);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${sql} to fail`);
}

export function errorOf(row: unknown): ErrorBody | undefined {
  if (row !== null && typeof row === 'object' && 'error' in row) return (row as { error: ErrorBody }).error;
  return undefined;
}

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export function token(daemon: pg.Client, clientId: string, secret: string, payload: Json): Promise<Json> {
  return one(daemon, 'SELECT daemon.token($1, $2, $3::jsonb, $4, $5::inet)', [clientId, secret, JSON.stringify(payload), 'jest', null]);
}

/** A REST call with a Bearer token, as the app service makes it. */
export function fetch(daemon: pg.Client, jwt: string, path: string, payload: unknown = null): Promise<Json[]> {
  return rows(daemon, 'SELECT * FROM daemon.fetch($1, $2, $3, $4::jsonb, $5, $6::inet)', [
    jwt,
    'POST',
    path,
    payload === null ? null : JSON.stringify(payload),
    'jest',
    '127.0.0.1',
  ]);
}

let userCounter = 0;

/** A user of group `user` (or `administrator`), created as the installer's kernel session would. */
export async function createUser(kernel: pg.Client, group: 'user' | 'administrator' = 'user'): Promise<{ id: string; username: string; password: string }> {
  userCounter += 1;
  const username = `k${process.pid}u${userCounter}`;
  const password = 'Secret-pass-1';
  const id = await one<string>(kernel, 'SELECT kernel.CreateUser($1, $2, $3, null, null, null, false, false)', [username, password, username]);
  const groupId = group === 'user' ? '00000000-0000-4000-a000-000000000002' : '00000000-0000-4000-a000-000000000001';
  await kernel.query('SELECT kernel.AddMemberToGroup($1, $2::uuid)', [id, groupId]);
  return { id, username, password };
}

/** An access token of a user, through the web client's password grant. */
export async function signIn(daemon: pg.Client, username: string, password: string): Promise<string> {
  const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username, password });
  if (errorOf(answer) !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return str(answer.access_token);
}

/** Cloning a template database on a loaded two-core machine can take seconds. */
export const HOOK_TIMEOUT_MS = 60_000;
