// Helpers of the entity-subclass, job, message and example-configuration tests:
// a fresh database per file, an administrator's token, REST calls as the app
// service makes them (role daemon), and direct reads as role kernel.
import pg from 'pg';
import { createTestDatabase } from '@pgfleet/testkit';
import { createUser, errorOf, fetch, signIn, str, type Json } from './api-support.js';

export { createUser, errorOf, signIn, str, type Json };

export interface SubclassDb {
  kernel: pg.Client;
  daemon: pg.Client;
  apibot: pg.Client;
  admin: string;
  /** A further connection as role kernel (e.g. a LISTEN connection); closed with the rest. */
  connect(): Promise<pg.Client>;
  close(): Promise<void>;
}

export async function openSubclassDatabase(prefix: string): Promise<SubclassDb> {
  const db = await createTestDatabase({ prefix });
  const connect = async (url: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const kernel = await connect(db.urls.kernel);
  const daemon = await connect(db.urls.daemon);
  const apibot = await connect(db.urls.apibot);
  const answer = await signIn(daemon, 'admin', 'admin');
  const extra: pg.Client[] = [];
  return {
    kernel,
    daemon,
    apibot,
    admin: str(answer.access_token),
    async connect(): Promise<pg.Client> {
      const client = await connect(db.urls.kernel);
      extra.push(client);
      return client;
    },
    async close(): Promise<void> {
      await Promise.all([kernel, daemon, apibot, ...extra].map((client) => client.end().catch(() => undefined)));
      await db.drop();
    },
  };
}

/** POST /api/v1<path>; every row of the answer. */
export function rest(db: SubclassDb, jwt: string, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(db.daemon, jwt, `/api/v1${path}`, payload);
}

/** The single non-error row of an answer. */
export async function restOne(db: SubclassDb, jwt: string, path: string, payload: unknown = null): Promise<Json> {
  const answer = await rest(db, jwt, path, payload);
  const [row] = answer;
  if (answer.length !== 1 || row === undefined || errorOf(row) !== undefined) throw new Error(`${path}: expected one row, got ${JSON.stringify(answer)}`);
  return row;
}

/** The error of an answer that must be a single error row. */
export async function restError(db: SubclassDb, jwt: string, path: string, payload: unknown = null): Promise<{ code: number; error?: string | null; message: string }> {
  const answer = await rest(db, jwt, path, payload);
  const error = answer.length === 1 ? errorOf(answer[0]) : undefined;
  if (error === undefined) throw new Error(`${path}: expected an error, got ${JSON.stringify(answer)}`);
  return error;
}

/** A plain user (group `user`) with a token. */
export async function plainUser(db: SubclassDb): Promise<{ id: string; username: string; jwt: string }> {
  const user = await createUser(db.kernel);
  const answer = await signIn(db.daemon, user.username, user.password);
  return { id: user.id, username: user.username, jwt: str(answer.access_token) };
}

let unique = 0;
/** A code no other test of this process uses. */
export function uniqueCode(prefix: string): string {
  unique += 1;
  return `${prefix}_${process.pid}_${unique}`;
}
