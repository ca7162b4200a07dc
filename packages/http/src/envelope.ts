import type { ServerResponse } from 'node:http';

/** An error whose status and message are meant for the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Maps the numeric `code` of an error envelope to an HTTP status, as every
 * service must (spec 00-overview §3). Envelope codes 200–299 are not special
 * here: the app service decides itself that a DB-routed ping is a success.
 */
export function statusFromEnvelopeCode(code: number): number {
  // Legacy five-digit codes carry the status in their first three digits (40401 → 404).
  const status = code >= 10_000 ? Math.trunc(code / 100) : code;
  switch (status) {
    case 401:
    case 403:
    case 404:
    case 500:
      return status;
    default:
      return 400;
  }
}

export function errorBody(status: number, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { ...extra, code: status, message } });
}

/** Writes `{"error":{"code":N,"message":"..."}}` with the same status. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent) {
    // Half a response cannot be turned into an error; cutting the connection is the only honest signal left.
    res.destroy();
    return;
  }
  const body = errorBody(status, message, extra);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
