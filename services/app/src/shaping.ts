import { statusFromEnvelopeCode } from '@pgfleet/http';
import type { JsonRows } from './daemon.repository.js';

/** `result_format` (app.md §8); `undefined` is the automatic choice. */
export type ResultFormat = 'object' | 'array' | 'null' | undefined;

export interface Shaping {
  resultObject: boolean;
  format: ResultFormat;
}

/** The answer to send: a JSON text or raw bytes, with its status. */
export type Reply =
  | { kind: 'json'; status: number; body: string }
  | { kind: 'raw'; status: number; contentType: string; body: Buffer };

/** Query parameters that steer the answer and never reach the payload. */
export const SHAPING_PARAMS = new Set(['result_object', 'result_format']);

/** Parses `result_object` / `result_format`; a bad value is the caller's error (400) before any DB work. */
export function parseShaping(params: URLSearchParams, path: string): Shaping | { error: string } {
  const object = params.get('result_object');
  const format = params.get('result_format');
  if (object !== null && object !== 'true' && object !== 'false') {
    return { error: `Invalid result_object: ${object}` };
  }
  if (format !== null && format !== 'object' && format !== 'array' && format !== 'null') {
    return { error: `Invalid result_format: ${format}` };
  }
  return {
    resultObject: object === 'true',
    format: format ?? (path.includes('/list') ? 'array' : undefined),
  };
}

/** Envelope codes to HTTP (00-overview §3), except that 200–299 mean success (app.md §3). */
export function statusOfCode(code: number): number {
  return code >= 200 && code <= 299 ? 200 : statusFromEnvelopeCode(code);
}

interface SingleRow {
  error?: { code?: unknown };
  '#raw'?: { '#status'?: unknown; '#content_type'?: unknown; '#data'?: unknown };
}

/**
 * A single row decides the status (`process_result`, app.md §8): `#raw` is a
 * binary answer, a non-zero numeric `error.code` is relayed verbatim with its
 * mapped status. Only texts that could hold those members are parsed.
 */
export function inspectSingleRow(text: string): Reply | null {
  if (!text.includes('"error"') && !text.includes('"#raw"')) {
    return null;
  }
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return null;
  }
  const { error, '#raw': raw } = row as SingleRow;
  if (typeof raw === 'object' && raw !== null) {
    const status = typeof raw['#status'] === 'number' ? raw['#status'] : 200;
    const contentType = typeof raw['#content_type'] === 'string' ? raw['#content_type'] : 'application/octet-stream';
    const data = typeof raw['#data'] === 'string' ? raw['#data'] : '';
    return { kind: 'raw', status, contentType, body: Buffer.from(data, 'base64') };
  }
  if (typeof error === 'object' && error !== null && typeof error.code === 'number' && error.code !== 0) {
    const status = statusOfCode(error.code);
    if (status !== 200) {
      return { kind: 'json', status, body: text };
    }
  }
  return null;
}

/** The body of app.md §8 from the rows' JSON texts. */
export function shapeRows(rows: JsonRows, shaping: Shaping): string {
  const arrayMode = shaping.resultObject || shaping.format === 'array' || rows.length > 1;
  if (rows.length === 0) {
    if (shaping.format === 'null') return 'null';
    if (shaping.resultObject) return '{"result":[]}';
    return arrayMode ? '[]' : '{}';
  }
  if (!arrayMode) {
    return rows[0] ?? '{}';
  }
  const list = `[${rows.map((row) => row ?? 'null').join(',')}]`;
  return shaping.resultObject ? `{"result":${list}}` : list;
}

/** Status and body for a completed daemon call. */
export function replyFor(rows: JsonRows, shaping: Shaping): Reply {
  if (rows.length === 1 && rows[0] !== null && rows[0] !== undefined) {
    const special = inspectSingleRow(rows[0]);
    if (special !== null) {
      return special;
    }
  }
  return { kind: 'json', status: 200, body: shapeRows(rows, shaping) };
}

/** The error row of a single-row answer, parsed, for callers that must react to it (token expiry). */
export function singleError(rows: JsonRows): { code: number; error?: string } | null {
  if (rows.length !== 1 || rows[0] === null || rows[0] === undefined || !rows[0].includes('"error"')) {
    return null;
  }
  try {
    const row = JSON.parse(rows[0]) as { error?: { code?: unknown; error?: unknown } };
    const code = row.error?.code;
    if (typeof code !== 'number') return null;
    return typeof row.error?.error === 'string' ? { code, error: row.error.error } : { code };
  } catch {
    return null;
  }
}
