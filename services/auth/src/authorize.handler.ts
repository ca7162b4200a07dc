import type { RequestHandler } from 'express';
import { encodeStrict } from '@pgfleet/auth';
import { siteOf, type AuthContext } from './context.js';
import { redirectError } from './oauth-error.js';

const RESPONSE_TYPES = ['code', 'token'];
const PROMPTS = ['none', 'signin', 'secret', 'consent', 'select_account'];
// RFC 7636 §4.2: base64url of a SHA-256 digest, unpadded.
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Split on spaces and/or commas (auth.md §2); empty items drop out. */
export function tokens(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

function listCheck(values: string[], allowed: readonly string[]): string | undefined {
  const invalid = values.filter((value) => !allowed.includes(value));
  if (invalid.length === 0) return undefined;
  const valid = values.filter((value) => allowed.includes(value));
  return `{valid=[${valid.join(', ')}], invalid=[${invalid.join(', ')}]}`;
}

function query(req: Parameters<RequestHandler>[0], key: string): string {
  const value = req.query[key];
  return typeof value === 'string' ? value : '';
}

/**
 * `GET /oauth2/authorize` (auth.md §2): checks the request in the spec's
 * order and hands it to the site's login page; it never issues anything itself.
 */
export function authorizeHandler(ctx: AuthContext): RequestHandler {
  return (req, res) => {
    const site = siteOf(ctx, req);
    const fail = (code: number, error: string, description: string): void => redirectError(res, site, code, error, description);
    const clientId = query(req, 'client_id');
    const redirectUri = query(req, 'redirect_uri');
    const responseType = query(req, 'response_type');
    const scope = query(req, 'scope');
    const accessType = query(req, 'access_type');
    const state = query(req, 'state');
    const prompt = query(req, 'prompt');
    const challenge = query(req, 'code_challenge');
    const method = query(req, 'code_challenge_method');

    if (redirectUri === '') return fail(400, 'invalid_request', 'redirect_uri cannot be empty');
    const ref = ctx.registry.byClient(clientId);
    if (ref === undefined) return fail(401, 'invalid_client', 'OAuth client not found');
    if (!ref.app.redirect_uris.includes(redirectUri)) return fail(400, 'invalid_request', `invalid redirect_uri, non-public domain: ${redirectUri}`);
    const badResponse = listCheck(tokens(responseType), RESPONSE_TYPES);
    if (badResponse !== undefined) return fail(400, 'unsupported_response_type', badResponse);
    if (accessType !== '' && (responseType === 'token' || !['online', 'offline'].includes(accessType))) {
      return fail(400, 'invalid_request', 'invalid access_type');
    }
    const badScope = listCheck(tokens(scope), ref.app.scopes);
    if (badScope !== undefined) return fail(400, 'invalid_scope', badScope);
    const badPrompt = listCheck(tokens(prompt), PROMPTS);
    if (badPrompt !== undefined) return fail(400, 'unsupported_prompt_type', badPrompt);
    // PKCE (beyond upstream): S256 only — `plain` would hand the verifier to anyone who sees the URL.
    if (challenge !== '' || method !== '') {
      if (method !== 'S256') return fail(400, 'invalid_request', 'code_challenge_method must be S256');
      if (!S256_CHALLENGE.test(challenge)) return fail(400, 'invalid_request', 'invalid code_challenge');
    }

    const page = (prompt === 'secret' ? site?.oauth2.secret : site?.oauth2.identifier) ?? '';
    if (page === '') return fail(500, 'server_error', 'The site has no login page.');
    const parts = [`client_id=${encodeStrict(clientId)}`, `response_type=${encodeStrict(responseType)}`, `redirect_uri=${encodeStrict(redirectUri)}`];
    if (accessType !== '') parts.push(`access_type=${accessType}`);
    if (scope !== '') parts.push(`scope=${encodeStrict(scope)}`);
    if (prompt !== '') parts.push(`prompt=${encodeStrict(prompt)}`);
    if (state !== '') parts.push(`state=${encodeStrict(state)}`);
    if (challenge !== '') parts.push(`code_challenge=${challenge}`, `code_challenge_method=${method}`);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, `${page}${page.includes('?') ? '&' : '?'}${parts.join('&')}`);
  };
}
