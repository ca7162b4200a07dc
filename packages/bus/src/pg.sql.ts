/** Statements of the PostgreSQL driver; all of them call the pgfleet_bus functions of sql/bus/routine.sql. */
export const NOTIFY_CHANNEL = 'pgfleet_bus';

export const SEND = 'SELECT pgfleet_bus.send($1::text, $2::text, $3::jsonb, $4::jsonb) AS id';
export const SEND_EVENT = 'SELECT pgfleet_bus.send_event($1::text, $2::text, $3::jsonb, $4::jsonb) AS copies';
export const CLAIM =
  'SELECT id, lease, message_id, routing_key, payload, headers, attempt, redelivered FROM pgfleet_bus.claim($1::text, $2::integer, $3::integer)';
export const EXTEND = 'SELECT pgfleet_bus.extend($1::bigint, $2::uuid, $3::integer) AS ok';
export const ACK = 'SELECT pgfleet_bus.ack($1::bigint, $2::uuid) AS ok';
export const RETRY = 'SELECT pgfleet_bus.retry($1::bigint, $2::uuid, $3::integer, $4::text) AS ok';
export const BURY = 'SELECT pgfleet_bus.bury($1::bigint, $2::uuid, $3::text) AS ok';
export const SUBSCRIBE = 'SELECT pgfleet_bus.subscribe($1::text, $2::text[], $3::integer)';
export const TOUCH = 'SELECT pgfleet_bus.touch($1::text) AS ok';
export const UNSUBSCRIBE = 'SELECT pgfleet_bus.unsubscribe($1::text)';
export const DEAD_LETTERS =
  'SELECT id, message_id, payload, headers, failures, last_error FROM pgfleet_bus.dead_letters($1::text, $2::integer)';

export interface ClaimedRow {
  id: string;
  lease: string;
  message_id: string;
  routing_key: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  attempt: number;
  redelivered: boolean;
}

export interface DeadLetterRow {
  id: string;
  message_id: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  failures: number;
  last_error: string | null;
}
