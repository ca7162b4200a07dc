import type { IncomingMessage } from 'node:http';
import { HttpError } from './envelope.js';

/** The default JSON body limit (ARCHITECTURE §7). */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export interface ReadBodyOptions {
  /** Largest accepted body in bytes; more is a 413. */
  limit?: number;
}

const EMPTY = Buffer.alloc(0);
const NO_BODY = Promise.resolve(EMPTY);

/**
 * A request with neither `Content-Length` (or one of 0) nor `Transfer-Encoding`
 * has no body (RFC 9112 §6.3), so there is nothing to wait for.
 */
export function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

/** Reads the whole request body, refusing more than `limit` bytes with a 413 `HttpError`. */
export function readBody(req: IncomingMessage, { limit = DEFAULT_BODY_LIMIT }: ReadBodyOptions = {}): Promise<Buffer> {
  if (hasNoBody(req)) {
    // Most API calls (GET, bodiless POST) end here: no listeners, no buffers.
    return NO_BODY;
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Node discards a body nobody reads, so the connection stays usable for the 413.
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Keep draining without buffering: destroying the request would also kill the socket
        // the 413 has to travel on.
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body larger than ${limit} bytes`);
}
