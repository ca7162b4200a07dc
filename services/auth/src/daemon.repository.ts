import { callDaemon, type Pool } from '@pgfleet/db';
import type { Payload } from './payload.js';

/** A daemon.* answer: the JSON it returned, or its error object. */
export type DaemonAnswer = Record<string, unknown> & { error?: { code?: unknown; error?: unknown; message?: unknown } };

// The casts are part of the SQL contract (00-overview §2 rule 4). The token endpoint's
// call is a named statement: each connection parses and plans it once, not per request.
const TOKEN_STATEMENT = { name: 'pgfleet_auth_token', text: 'SELECT * FROM daemon.token($1, $2, $3::jsonb, $4, $5::inet)' };

export async function token(db: Pool, clientId: string, secret: string, payload: Payload, agent: string, host: string | null): Promise<DaemonAnswer> {
  const result = await db.query<[DaemonAnswer]>({ ...TOKEN_STATEMENT, values: [clientId, secret, JSON.stringify(payload), agent, host], rowMode: 'array' });
  return result.rows[0]?.[0] ?? {};
}

export async function login(db: Pool, jwt: string, agent: string, host: string | null, scope: string | null): Promise<DaemonAnswer> {
  const [answer] = await callDaemon<DaemonAnswer>(db, 'login', [jwt, agent, host, scope], [undefined, undefined, 'inet', undefined]);
  return answer ?? {};
}

export async function identifier(db: Pool, jwt: string, value: string): Promise<DaemonAnswer> {
  const [answer] = await callDaemon<DaemonAnswer>(db, 'identifier', [jwt, value]);
  return answer ?? {};
}

export async function introspect(db: Pool, clientId: string, secret: string, tokenValue: string, hint: string | null): Promise<DaemonAnswer> {
  const [answer] = await callDaemon<DaemonAnswer>(db, 'introspect', [clientId, secret, tokenValue, hint]);
  return answer ?? {};
}

export async function revoke(db: Pool, clientId: string, secret: string, tokenValue: string, hint: string | null): Promise<DaemonAnswer> {
  const [answer] = await callDaemon<DaemonAnswer>(db, 'revoke', [clientId, secret, tokenValue, hint]);
  return answer ?? {};
}

/** A daemon answer carries its failure as an `error` object rather than raising. */
export function isDaemonError(answer: DaemonAnswer): answer is DaemonAnswer & { error: NonNullable<DaemonAnswer['error']> } {
  return answer.error !== undefined && answer.error !== null && typeof answer.error === 'object';
}
