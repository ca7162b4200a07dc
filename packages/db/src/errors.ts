import { DatabaseError } from 'pg';
import { SessionNotAuthorizedError } from './session.js';

/** Who must act on an error: the caller (4xx), the environment (retry), or us (a bug). */
export type ErrorKind = 'caller' | 'transient' | 'bug';

export interface MappedError {
  status: number;
  /** A stable code: the platform's `ERR-GGG-CCC` unchanged, else one of ours. */
  code: string;
  message: string;
  kind: ErrorKind;
  /** PostgreSQL's SQLSTATE or the socket error code, when there is one. */
  sqlState?: string;
}

export const dbErrorCodes = {
  unavailable: 'DB_UNAVAILABLE',
  invalidInput: 'DB_INVALID_INPUT',
  internal: 'DB_ERROR',
} as const;

// spec/platform/00-conventions.md §12.2: `ERR-GGG-CCC: text` and the legacy `ERR-GGGCC: text`.
const platformPattern = /^ERR-(\d{3})-(\d{3}): ?([\s\S]*)$/;
const legacyPattern = /^ERR-(\d{3})(\d{2}): ?([\s\S]*)$/;

const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// Server states that say "try again later" rather than "your request is wrong":
// shutdown/termination (57P0x), too many connections (53300), serialization
// failures and deadlocks, which a retry resolves.
const transientStates = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

// node-postgres reports a lost socket or an exhausted connect timeout without a SQLSTATE.
const transientMessages = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection timeout/i, /Client has encountered a connection error/i];

export function parsePlatformMessage(text: string): { group: number; code: string; message: string } | undefined {
  const current = platformPattern.exec(text);
  if (current) {
    const [, group, code, message] = current as unknown as [string, string, string, string];
    return { group: Number(group), code: `ERR-${group}-${code}`, message };
  }
  const legacy = legacyPattern.exec(text);
  if (legacy) {
    const [, group, code, message] = legacy as unknown as [string, string, string, string];
    return { group: Number(group), code: `ERR-${group}-${code.padStart(3, '0')}`, message };
  }
  return undefined;
}

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}

/** The one place PostgreSQL and connection errors become statuses and stable codes. */
export function mapPgError(err: unknown): MappedError {
  if (err instanceof SessionNotAuthorizedError) return { status: err.status, code: err.code, message: err.message, kind: err.kind };
  const code = errorCode(err);
  const text = errorMessage(err);
  const platform = parsePlatformMessage(text);
  if (platform) {
    // A platform group outside the client range would be a bug in the platform's own codes.
    const status = platform.group >= 400 && platform.group < 500 ? platform.group : 500;
    return { status, code: platform.code, message: platform.message, kind: status === 500 ? 'bug' : 'caller', ...(code ? { sqlState: code } : {}) };
  }
  if (code && (socketCodes.has(code) || transientStates.has(code) || code.startsWith('08'))) {
    return { status: 503, code: dbErrorCodes.unavailable, message: text, kind: 'transient', sqlState: code };
  }
  if (!code && !(err instanceof DatabaseError) && transientMessages.some((pattern) => pattern.test(text))) {
    return { status: 503, code: dbErrorCodes.unavailable, message: text, kind: 'transient' };
  }
  if (code && (code.startsWith('22') || code.startsWith('23'))) {
    return { status: 400, code: dbErrorCodes.invalidInput, message: text, kind: 'caller', sqlState: code };
  }
  return { status: 500, code: dbErrorCodes.internal, message: text, kind: 'bug', ...(code ? { sqlState: code } : {}) };
}

/** True when the connection an error came from can no longer be trusted. */
export function isConnectionError(err: unknown): boolean {
  return mapPgError(err).kind === 'transient' && !(err instanceof DatabaseError && (errorCode(err) === '40001' || errorCode(err) === '40P01'));
}
