import type { ServerResponse } from 'node:http';
import { MemoryStore, type Options } from 'express-rate-limit';
import { sendOAuthError } from './oauth-error.js';

export interface TokenRateLimits {
  /** Requests per minute per client address; 0 disables. */
  perIp: number;
  /** Requests per minute per client_id; 0 disables. */
  perClient: number;
}

const WINDOW_MS = 60_000;

/**
 * A per-key limit of the token endpoint: express-rate-limit's memory store
 * (fixed one-minute windows per key), used without its middleware, which the
 * token endpoint no longer runs through express for. Counters live in the
 * process, so N replicas allow N times the limit; that is enough to blunt
 * password guessing and runaway clients, while lockout after failed
 * passwords stays the database's job.
 */
export class TokenLimiter {
  private readonly store = new MemoryStore();

  constructor(
    private readonly limit: number,
    /** What a key stands for, in the 429 message ("address", "client"). */
    private readonly scope: string,
  ) {
    // The store reads only windowMs of the middleware's options; its sweep timer is unref'd.
    this.store.init({ windowMs: WINDOW_MS } as Options);
  }

  /**
   * Counts a request of `key`. Over the limit it answers 429 `slow_down` with
   * `Retry-After` (seconds to the end of the key's window) and returns false.
   */
  async admit(key: string, res: ServerResponse): Promise<boolean> {
    const { totalHits, resetTime } = await this.store.increment(key);
    if (totalHits <= this.limit) return true;
    const seconds = resetTime === undefined ? WINDOW_MS / 1000 : Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
    res.setHeader('Retry-After', String(seconds));
    sendOAuthError(res, 429, 'slow_down', `Too many token requests for this ${this.scope}; retry in ${seconds} s.`);
    return false;
  }
}

export interface TokenLimiters {
  perIp?: TokenLimiter;
  perClient?: TokenLimiter;
}

/** The limiters of TOKEN_RATE_LIMIT_PER_IP / _PER_CLIENT; a limit of 0 has none. */
export function tokenLimiters(limits: TokenRateLimits): TokenLimiters {
  return {
    ...(limits.perIp > 0 ? { perIp: new TokenLimiter(limits.perIp, 'address') } : {}),
    ...(limits.perClient > 0 ? { perClient: new TokenLimiter(limits.perClient, 'client') } : {}),
  };
}
