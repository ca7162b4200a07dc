export interface CorsPolicy {
  /** Request headers a cross-origin caller may send. */
  allowHeaders: readonly string[];
  /** Methods a cross-origin caller may use. */
  methods: readonly string[];
}

/** The REST API's policy (app.md §2), plus the headers upstream forgot so signed and context-switching browser calls pass preflight. */
export const API_CORS_POLICY: CorsPolicy = {
  allowHeaders: [
    'Content-Type',
    'X-Requested-With',
    'Authorization',
    'Session',
    'Secret',
    'X-Auth-Context',
    'Nonce',
    'Signature',
  ],
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
};

/**
 * The CORS headers for a request from `origin`, or `null` when the origin is
 * not allowed (the request is still served, just without CORS headers).
 * An origin is allowed when it equals an entry exactly or an entry is `*`;
 * the origin is echoed rather than `*` because credentials are allowed.
 */
export function corsDecision(
  origin: string | undefined,
  allowedOrigins: Iterable<string>,
  policy: CorsPolicy,
): Record<string, string> | null {
  if (origin === undefined || origin === '') {
    return null;
  }
  let allowed = false;
  for (const entry of allowedOrigins) {
    if (entry === origin || entry === '*') {
      allowed = true;
      break;
    }
  }
  if (!allowed) {
    return null;
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': policy.methods.join(', '),
    'Access-Control-Allow-Headers': policy.allowHeaders.join(', '),
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}
