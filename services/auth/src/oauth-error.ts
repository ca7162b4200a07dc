import type { ServerResponse } from 'node:http';
import { encodeStrict } from '@pgfleet/auth';
import type { Site } from '@pgfleet/config';
import { mapPgError } from '@pgfleet/db';
import { statusFromEnvelopeCode } from '@pgfleet/http';

/** An OAuth error meant for the caller (RFC 6749 §5.2 body). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** The database's `code` → HTTP status: ≥10000 divided by 100, negative → 400, then the overview §3 table. */
export function statusOfCode(code: unknown): number {
  const number = typeof code === 'number' ? code : Number(code);
  if (!Number.isFinite(number) || number < 0) return 400;
  return statusFromEnvelopeCode(Math.trunc(number));
}

// A header may carry only visible ASCII; RFC 6749 restricts error_description to it anyway.
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, '?').replace(/["\\]/g, "'");
}

/** `{"error","error_description"}` as JSON; a 401 also names the challenge (auth.md §1). */
export function sendOAuthError(res: ServerResponse, status: number, error: string, description: string): void {
  const body = JSON.stringify({ error, error_description: description });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  if (status === 401) {
    res.setHeader('WWW-Authenticate', `Bearer error="access_denied", error_description="${headerSafe(description)}"`);
  }
  res.end(body);
}

/** A `daemon.*` error object (`{"error":{"code","error","message"}}`) as an OAuth JSON answer. */
export function sendDaemonError(res: ServerResponse, error: { code?: unknown; error?: unknown; message?: unknown }): void {
  const code = typeof error.error === 'string' && /^[a-z_]+$/.test(error.error) ? error.error : 'invalid_request';
  const message = typeof error.message === 'string' && error.message !== '' ? error.message : 'Invalid request.';
  sendOAuthError(res, statusOfCode(error.code), code, message);
}

/**
 * A daemon call that raised instead of answering. Input PostgreSQL cannot
 * take (SQLSTATE class 22, e.g. a NUL character in a parameter: jsonb refuses
 * `\u0000`) is the caller's to fix, a 400 (ARCHITECTURE §7); anything else is
 * answered with `fallback` (auth.md §3.2: 500 `server_error` with the driver's message).
 */
export function sendCallFailure(res: ServerResponse, err: unknown, fallback: { status: number; error: string; description: string }): void {
  const mapped = mapPgError(err);
  if (mapped.sqlState?.startsWith('22') === true) sendOAuthError(res, 400, 'invalid_request', mapped.message);
  else sendOAuthError(res, fallback.status, fallback.error, fallback.description);
}

/**
 * The browser-flow error (auth.md §1): a redirect to the site's error page, or
 * the JSON style when the site has none — never a redirect to nowhere.
 */
export function redirectError(res: ServerResponse, site: Site | undefined, code: number, error: string, description: string): void {
  const page = site?.oauth2.error;
  if (page === undefined || page === '') {
    sendOAuthError(res, statusOfCode(code), error, description);
    return;
  }
  const separator = page.includes('?') ? '&' : '?';
  res.statusCode = 302;
  res.setHeader('Location', `${page}${separator}code=${code}&error=${encodeStrict(error)}&error_description=${encodeStrict(description)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}
