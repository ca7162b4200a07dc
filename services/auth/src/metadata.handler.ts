import type { RequestHandler } from 'express';
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

export function metadataHandler(ctx: AuthContext): RequestHandler {
  return (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(serverMetadata(ctx));
  };
}

/** No public keys while HS256 (shared secrets) is the only algorithm; clients must not expect a key here. */
export const jwksHandler: RequestHandler = (_req, res) => {
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.json({ keys: [] });
};
