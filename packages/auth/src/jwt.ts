import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { AppRef, ProviderRegistry } from './providers.js';
import type { JwksCache } from './jwks.js';

export type VerifyResult =
  | { status: 'valid'; claims: JWTPayload; app: AppRef; alg: string }
  | { status: 'expired'; reason: string }
  | { status: 'invalid'; reason: string };

const HMAC = new Set(['HS256', 'HS384', 'HS512']);
const ASYMMETRIC = new Set(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']);

export interface VerifyOptions {
  /** Resolver of asymmetric keys; without it only HS* tokens verify (auth.md §7: app, ws and file). */
  jwks?: JwksCache;
  /** Seconds of clock skew tolerated; the spec says none. */
  clockTolerance?: number;
}

/**
 * Local JWT verification (auth.md §7). A locally valid token can still be
 * dead in the database (rotation, sign-out); callers must treat the DB's
 * "token expired" like `expired` here.
 */
export async function verifyJwt(token: string, registry: ProviderRegistry, options: VerifyOptions = {}): Promise<VerifyResult> {
  let claims: JWTPayload;
  let alg: string | undefined;
  let kid: string | undefined;
  try {
    claims = decodeJwt(token);
    const header = decodeProtectedHeader(token);
    alg = header.alg;
    kid = header.kid;
  } catch (err) {
    return { status: 'invalid', reason: `Malformed token: ${(err as Error).message}` };
  }
  if (alg === undefined || alg === '') return { status: 'invalid', reason: 'Token has no algorithm.' };
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (aud === undefined || aud === '') return { status: 'invalid', reason: 'Token has no audience.' };
  const ref = registry.byClient(aud);
  if (ref === undefined) return { status: 'invalid', reason: 'Unknown audience.' };
  if (ref.app.issuers.length > 0 && claims.iss !== undefined && !ref.app.issuers.includes(claims.iss)) {
    return { status: 'invalid', reason: 'Unknown issuer.' };
  }

  let key: Uint8Array | CryptoKey | Awaited<ReturnType<JwksCache['key']>>;
  if (HMAC.has(alg)) {
    const secret = ref.app.client_secret ?? '';
    if (secret === '') return { status: 'invalid', reason: 'Audience has no secret.' };
    key = new TextEncoder().encode(secret);
  } else if (ASYMMETRIC.has(alg)) {
    if (kid === undefined || kid === '') return { status: 'invalid', reason: 'Token has no key id.' };
    if (options.jwks === undefined) return { status: 'invalid', reason: `Algorithm ${alg} is not accepted here.` };
    try {
      key = await options.jwks.key(kid, alg);
    } catch (err) {
      return { status: 'invalid', reason: `Key ${kid} unusable: ${(err as Error).message}` };
    }
    if (key === undefined) return { status: 'invalid', reason: `Unknown key id ${kid}.` };
  } else {
    // `none` and anything unknown: a token nobody signed proves nothing.
    return { status: 'invalid', reason: `Algorithm ${alg} is not accepted.` };
  }

  try {
    const verified = await jwtVerify(token, key, { algorithms: [alg], clockTolerance: options.clockTolerance ?? 0 });
    return { status: 'valid', claims: verified.payload, app: ref, alg };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { status: 'expired', reason: 'Token expired.' };
    return { status: 'invalid', reason: (err as Error).message };
  }
}
