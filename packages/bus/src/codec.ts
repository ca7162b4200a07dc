import { DeadLetterError, type HeaderValue, type Headers } from './types.js';

export function encodeBody(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message ?? null));
}

export function decodeBody(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8')) as unknown;
  } catch (err) {
    throw new DeadLetterError('message body is not JSON', { cause: err });
  }
}

/**
 * Broker bookkeeping (`x-death`, …) and our own `x-pgfleet-*` and
 * `pgfleet-retry-*` headers are not the publisher's headers.
 */
const INTERNAL_HEADER = /^(x-(pgfleet-|death$|first-death-|last-death-)|pgfleet-retry-)/;

export function userHeaders(headers: Record<string, unknown> | undefined): Headers {
  const result: Headers = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (INTERNAL_HEADER.test(key)) continue;
    result[key] = toHeaderValue(value);
  }
  return result;
}

function toHeaderValue(value: unknown): HeaderValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}

export function isDeadLetter(err: unknown): boolean {
  return err instanceof DeadLetterError;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
