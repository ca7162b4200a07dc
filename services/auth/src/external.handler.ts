import type { Request, RequestHandler, Response } from 'express';
import { SignJWT } from 'jose';
import { encodeStrict, tokenCookies, verifyJwt } from '@pgfleet/auth';
import { agentOf, clientIp, headerOf, siteOf, type AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { redirectError, statusOfCode } from './oauth-error.js';
import { scalar } from './payload.js';

function query(req: Request, key: string): string {
  const value = req.query[key];
  return typeof value === 'string' ? value : '';
}

/** The request's own origin (auth.md §5 step 4); the scheme header is believed only from a trusted proxy. */
function requestOrigin(ctx: AuthContext, req: Request): string {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = ctx.trusted.contains(peer) ? headerOf(req, 'x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  return `${scheme}://${headerOf(req, 'host') ?? ''}`;
}

function fragmentRedirect(ctx: AuthContext, req: Request, res: Response, tokens: Record<string, unknown>): void {
  const site = siteOf(ctx, req);
  const state = query(req, 'state');
  const callback = (state === 'debug' ? site?.oauth2.debug : site?.oauth2.callback) ?? '';
  if (callback === '') {
    redirectError(res, site, 500, 'server_error', 'The site has no callback page.');
    return;
  }
  const fragment = [`access_token=${scalar(tokens.access_token)}`];
  if (typeof tokens.refresh_token === 'string' && tokens.refresh_token !== '') fragment.push(`refresh_token=${encodeStrict(tokens.refresh_token)}`);
  fragment.push(`token_type=${scalar(tokens.token_type, 'Bearer')}`, `expires_in=${scalar(tokens.expires_in)}`, `session=${scalar(tokens.session)}`);
  if (state !== '') fragment.push(`state=${encodeStrict(state)}`);
  const cookies = tokenCookies(tokens, false);
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, `${callback}#${fragment.join('&')}`);
}

function providerError(status: number): string {
  switch (status) {
    case 401:
      return 'unauthorized_client';
    case 403:
      return 'access_denied';
    case 500:
      return 'server_error';
    default:
      return 'invalid_request';
  }
}

/**
 * `GET /oauth2/code[/<provider>]` (auth.md §5): the external provider's
 * authorization-code landing. Google's id_token is verified against its JWKS,
 * re-signed with the client's secret (the database verifies HS256 only) and
 * exchanged for a local session by `daemon.login`.
 */
export function codeHandler(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    const site = siteOf(ctx, req);
    const fail = (code: number, error: string, description: string): void => redirectError(res, site, code, error, description);
    const providerError_ = query(req, 'error');
    if (providerError_ !== '') return fail(400, providerError_, query(req, 'error_description'));
    const code = query(req, 'code');
    if (code === '') return fail(400, 'invalid_request', 'Missing parameter: code');
    const provider = typeof req.params.provider === 'string' && req.params.provider !== '' ? req.params.provider : 'default';
    const ref = ctx.registry.app(provider, 'web');
    if (ref === undefined) return fail(400, 'invalid_request', `Provider not found: ${provider}`);
    if (!ref.app.token_uri) return fail(400, 'invalid_request', `Provider ${provider} has no token_uri`);

    const origin = requestOrigin(ctx, req);
    const tokenUri = ref.app.token_uri.startsWith('/') ? `${origin}${ref.app.token_uri}` : ref.app.token_uri;
    const body = new URLSearchParams({
      client_id: ref.app.client_id,
      client_secret: ref.app.client_secret ?? '',
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${origin}/oauth2/code/${provider}`,
    });
    let status: number;
    let answer: Record<string, unknown>;
    try {
      const response = await ctx.fetch(tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(15_000),
      });
      status = response.status;
      answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    } catch (err) {
      ctx.logger.warn({ err, provider }, 'token exchange with the provider failed');
      return fail(500, 'server_error', 'Token exchange failed.');
    }
    if (status !== 200) {
      const error = typeof answer.error === 'string' ? answer.error : 'server_error';
      const description = typeof answer.error_description === 'string' ? answer.error_description : 'Token exchange failed.';
      return fail(status, error, description);
    }
    if (provider !== 'google') {
      // The installation itself (or a compatible one): its token set is already ours.
      fragmentRedirect(ctx, req, res, answer);
      return;
    }

    const idToken = typeof answer.id_token === 'string' ? answer.id_token : '';
    if (scalar(answer.token_type).toLowerCase() !== 'bearer' || idToken === '') {
      return fail(401, 'unauthorized_client', 'The provider answered without a Bearer id_token.');
    }
    const verified = await verifyJwt(idToken, ctx.registry, ctx.jwks === undefined ? {} : { jwks: ctx.jwks });
    if (verified.status === 'expired') return fail(403, 'invalid_token', verified.reason);
    if (verified.status === 'invalid') return fail(400, 'invalid_token', verified.reason);
    let clean = idToken;
    if (verified.alg !== 'HS256') {
      const { alg: _alg, ...claims } = verified.claims as Record<string, unknown>;
      clean = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(verified.app.app.client_secret ?? ''));
    }

    let login: daemon.DaemonAnswer;
    try {
      // Upstream passes the request origin as the scope (installations name a db.scope after their
      // site); EXTERNAL_LOGIN_SCOPE names one for installations that do not.
      login = await daemon.login(ctx.daemon, clean, agentOf(req), clientIp(ctx, req), ctx.externalLoginScope ?? origin);
    } catch (err) {
      ctx.logger.warn({ err }, 'daemon.login failed');
      return fail(503, 'temporarily_unavailable', 'The database is unavailable.');
    }
    if (daemon.isDaemonError(login)) {
      const code = statusOfCode(login.error.code);
      const message = typeof login.error.message === 'string' ? login.error.message : 'Sign-in failed.';
      return fail(code, providerError(code), message);
    }
    fragmentRedirect(ctx, req, res, login);
  };
}

/** `GET /oauth2/callback`: onward to the site's callback page, query kept. */
export function callbackHandler(ctx: AuthContext): RequestHandler {
  return (req, res) => {
    const site = siteOf(ctx, req);
    const target = site?.oauth2.callback ?? '';
    if (target === '') {
      res.status(404).type('text/plain').send('');
      return;
    }
    const search = new URL(req.url, 'http://x').search;
    res.redirect(302, search === '' ? target : `${target}${target.includes('?') ? '&' : '?'}${search.slice(1)}`);
  };
}
