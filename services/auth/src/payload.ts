import type { IncomingMessage } from 'node:http';
import { readBody } from '@pgfleet/http';

export type Payload = Record<string, unknown>;

/**
 * The request parameters (auth.md §3.1): a JSON body when the type says JSON
 * (unparsable or non-object JSON counts as `{}`), otherwise form decoding;
 * an empty body falls back to the query string.
 */
export async function readPayload(req: IncomingMessage, limit: number): Promise<Payload> {
  const raw = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, { limit });
  if (raw.length === 0) return formDecode(new URL(req.url ?? '/', 'http://x').search.slice(1));
  const text = raw.toString('utf8');
  if ((req.headers['content-type'] ?? '').toLowerCase().includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Payload) : {};
    } catch {
      return {};
    }
  }
  return formDecode(text);
}

/** `application/x-www-form-urlencoded`; a repeated key keeps its first value (RFC 6749 §3.1 forbids repeats). */
export function formDecode(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

/** A parameter as a string: strings as given, numbers and booleans as text, anything else empty. */
export function param(payload: Payload, key: string): string {
  return scalar(payload[key]);
}

/** A JSON scalar as text; objects and arrays are not parameters and read as empty. */
export function scalar(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
