import type { VerifyResult } from '@pgfleet/auth';

export interface TokenVerifierOptions {
  /** Most tokens remembered at once; the oldest is dropped first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Remembers tokens whose signature has been verified, until their `exp`.
 * A client sends the same access token for an hour, and the HMAC check
 * (WebCrypto, a thread-pool job per call) was a tenth of the REST hot path's
 * CPU. Only `valid` results are kept: expiry is re-checked against the clock
 * on every hit, and a forged or malformed token is verified every time.
 * The database still validates every token on every call.
 */
export function cachedVerifier(
  verify: (token: string) => Promise<VerifyResult>,
  { maxEntries = 10_000, now = Date.now }: TokenVerifierOptions = {},
): (token: string) => VerifyResult | Promise<VerifyResult> {
  const valid = new Map<string, { expiresAt: number; result: VerifyResult }>();
  const remember = (token: string, result: VerifyResult): VerifyResult => {
    if (result.status === 'valid' && typeof result.claims.exp === 'number') {
      if (valid.size >= maxEntries) {
        const oldest = valid.keys().next();
        if (oldest.done !== true) valid.delete(oldest.value);
      }
      valid.set(token, { expiresAt: result.claims.exp * 1000, result });
    }
    return result;
  };
  // A hit is answered synchronously: the hot path then needs no promise for it.
  return (token) => {
    const hit = valid.get(token);
    if (hit !== undefined) {
      if (now() < hit.expiresAt) return hit.result;
      valid.delete(token);
      return { status: 'expired', reason: 'Token expired.' };
    }
    return verify(token).then((result) => remember(token, result));
  };
}
