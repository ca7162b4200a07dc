import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { clientIp, type AuthContext } from './context.js';
import { sendOAuthError } from './oauth-error.js';
import { locals } from './token.handler.js';

export interface TokenRateLimits {
  /** Requests per minute per client address; 0 disables. */
  perIp: number;
  /** Requests per minute per client_id; 0 disables. */
  perClient: number;
}

const WINDOW_MS = 60_000;

/**
 * Per-address and per-client limits of the token endpoint. Counters live in
 * the process (express-rate-limit's memory store), so N replicas allow N times
 * the limit; that is enough to blunt password guessing and runaway clients,
 * while lockout after failed passwords stays the database's job.
 */
export function tokenRateLimiters(ctx: AuthContext, limits: TokenRateLimits): { perIp: RequestHandler[]; perClient: RequestHandler[] } {
  const make = (limit: number, scope: string, key: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => string): RequestHandler =>
    rateLimit({
      windowMs: WINDOW_MS,
      limit,
      standardHeaders: false,
      legacyHeaders: false,
      // Our own key functions: the library's proxy checks do not know TRUSTED_PROXIES.
      validate: false,
      keyGenerator: key,
      handler: (req, res) => {
        const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = reset === undefined ? WINDOW_MS / 1000 : Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000));
        res.setHeader('Retry-After', String(seconds));
        sendOAuthError(res, 429, 'slow_down', `Too many token requests for this ${scope}; retry in ${seconds} s.`);
      },
    });
  return {
    // Counted before the body is read, so bodies that fail client checks still count against their sender.
    perIp: limits.perIp > 0 ? [make(limits.perIp, 'address', (req) => clientIp(ctx, req) ?? 'unknown')] : [],
    perClient: limits.perClient > 0 ? [make(limits.perClient, 'client', (_req, res) => locals(res).client?.clientId ?? '(jwt-bearer)')] : [],
  };
}
