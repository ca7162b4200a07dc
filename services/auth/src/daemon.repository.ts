import type { QueryRunner } from '@pgfleet/db';
import type { Payload } from './payload.js';

/** A daemon.* answer: the JSON it returned, or its error object. */
export type DaemonAnswer = Record<string, unknown> & { error?: { code?: unknown; error?: unknown; message?: unknown } };

// Every call is one statement, so the service's pool can pipeline them (PipelinedPool), and
// each is a named statement: a connection parses and plans it once, not per request. The
// casts are part of the SQL contract (00-overview §2 rule 4).
const TOKEN = { name: 'pgfleet_auth_token', text: 'SELECT * FROM daemon.token($1, $2, $3::jsonb, $4, $5::inet)' };
const LOGIN = { name: 'pgfleet_auth_login', text: 'SELECT * FROM daemon.login($1, $2, $3::inet, $4)' };
const IDENTIFIER = { name: 'pgfleet_auth_identifier', text: 'SELECT * FROM daemon.identifier($1, $2)' };
const INTROSPECT = { name: 'pgfleet_auth_introspect', text: 'SELECT * FROM daemon.introspect($1, $2, $3, $4)' };
const REVOKE = { name: 'pgfleet_auth_revoke', text: 'SELECT * FROM daemon.revoke($1, $2, $3, $4)' };

async function first(db: QueryRunner, statement: { name: string; text: string }, values: unknown[]): Promise<DaemonAnswer> {
  const result = await db.query<[DaemonAnswer]>({ ...statement, values, rowMode: 'array' });
  return result.rows[0]?.[0] ?? {};
}

export function token(db: QueryRunner, clientId: string, secret: string, payload: Payload, agent: string, host: string | null): Promise<DaemonAnswer> {
  return first(db, TOKEN, [clientId, secret, JSON.stringify(payload), agent, host]);
}

export function login(db: QueryRunner, jwt: string, agent: string, host: string | null, scope: string | null): Promise<DaemonAnswer> {
  return first(db, LOGIN, [jwt, agent, host, scope]);
}

export function identifier(db: QueryRunner, jwt: string, value: string): Promise<DaemonAnswer> {
  return first(db, IDENTIFIER, [jwt, value]);
}

export function introspect(db: QueryRunner, clientId: string, secret: string, tokenValue: string, hint: string | null): Promise<DaemonAnswer> {
  return first(db, INTROSPECT, [clientId, secret, tokenValue, hint]);
}

export function revoke(db: QueryRunner, clientId: string, secret: string, tokenValue: string, hint: string | null): Promise<DaemonAnswer> {
  return first(db, REVOKE, [clientId, secret, tokenValue, hint]);
}

/** A daemon answer carries its failure as an `error` object rather than raising. */
export function isDaemonError(answer: DaemonAnswer): answer is DaemonAnswer & { error: NonNullable<DaemonAnswer['error']> } {
  return answer.error !== undefined && answer.error !== null && typeof answer.error === 'object';
}
