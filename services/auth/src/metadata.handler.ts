import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthContext } from './context.js';

/**
 * Authorization-server metadata (RFC 8414) and OpenID discovery. The issuer is
 * PUBLIC_URL exactly, so every endpoint named here is reachable through the
 * gateway that PUBLIC_URL points at.
 */
export function serverMetadata(ctx: AuthContext): Record<string, unknown> {
  const issuer = ctx.publicUrl().replace(/\/+$/, '');
  const scopes = new Set<string>();
  for (const { app } of ctx.registry.entries()) for (const scope of app.scopes) scopes.add(scope);
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    jwks_uri: `${issuer}/oauth2/jwks`,
    scopes_supported: [...scopes],
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: [
      'authorization_code',
      'password',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    // Tokens are minted by the database with the audience secret (HS256); asymmetric signing is a later step.
    id_token_signing_alg_values_supported: ['HS256'],
    token_endpoint_auth_signing_alg_values_supported: ['HS256'],
    claims_supported: ['iss', 'aud', 'sub', 'iat', 'exp', 'uid', 'name', 'given_name', 'family_name', 'email', 'email_verified', 'phone', 'locale', 'picture'],
    ui_locales_supported: ['en', 'ru'],
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// Both documents change only with PUBLIC_URL or a redeploy, and are fetched by every client that starts.
const CACHED = ['Content-Type', 'application/json; charset=utf-8', 'Cache-Control', 'public, max-age=300'];

function sendCached(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, [...CACHED, 'Content-Length', String(body.length)]);
  res.end(body);
}

/** Discovery, its body built once per PUBLIC_URL (a test learns its URL only after `listen()`). */
export function metadataHandler(ctx: AuthContext): Handler {
  let builtFor: string | undefined;
  let body = Buffer.alloc(0);
  return (_req, res) => {
    const url = ctx.publicUrl();
    if (url !== builtFor) {
      body = Buffer.from(JSON.stringify(serverMetadata(ctx)));
      builtFor = url;
    }
    sendCached(res, body);
  };
}

const NO_KEYS = Buffer.from(JSON.stringify({ keys: [] }));

/** No public keys while HS256 (shared secrets) is the only algorithm; clients must not expect a key here. */
export const jwksHandler: Handler = (_req, res) => {
  sendCached(res, NO_KEYS);
};
