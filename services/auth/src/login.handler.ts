import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { encodeStrict, parseCookies, serializeCookie } from '@pgfleet/auth';
import { agentOf, clientIp, headerOf, type AuthContext } from './context.js';
import * as daemon from './daemon.repository.js';
import { statusOfCode } from './oauth-error.js';
import { pickLang, renderLogin, text, type Lang, type LoginView } from './login.page.js';
import { formDecode, param, readPayload, scalar, type Payload } from './payload.js';

/** The authorize parameters the page carries from the query to the form. */
const CARRIED = ['client_id', 'response_type', 'redirect_uri', 'scope', 'access_type', 'prompt', 'state', 'code_challenge', 'code_challenge_method'] as const;

const CSRF_FIELD = 'csrf';

function csrfCookieName(secure: boolean): string {
  // `__Host-` pins the cookie to this exact host and path `/`, so a sibling subdomain cannot plant one.
  return secure ? '__Host-pgfleet-login' : 'pgfleet-login';
}

function isSecure(ctx: AuthContext): boolean {
  return ctx.publicUrl().startsWith('https:');
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function styleHash(html: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  return createHash('sha256').update(style).digest('base64');
}

function originOf(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return '';
  }
}

function carried(source: Payload): Record<string, string> {
  return Object.fromEntries(CARRIED.map((key) => [key, param(source, key)]));
}

interface Validated {
  clientName: string;
  secret: string;
  clientId: string;
}

/** The same client/redirect checks as authorize: the form's fields are the caller's to change. */
function validate(ctx: AuthContext, params: Record<string, string>): Validated | undefined {
  const ref = ctx.registry.byClient(params.client_id ?? '');
  if (ref === undefined || !ctx.registry.isLocal(ref.provider)) return undefined;
  if (!ref.app.redirect_uris.includes(params.redirect_uri ?? '')) return undefined;
  const secret = ref.app.client_secret ?? '';
  if (secret === '') return undefined;
  return { clientName: ref.app.client_id, secret, clientId: ref.app.client_id };
}

function send(ctx: AuthContext, res: Response, status: number, view: LoginView, redirectUri: string): void {
  const html = renderLogin(view);
  const formTargets = ["'self'", originOf(redirectUri)].filter(Boolean).join(' ');
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // form-action also governs the redirect that follows the POST, so the client's origin must be listed.
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'sha256-${styleHash(html)}'; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  const csrfCookie = serializeCookie(csrfCookieName(isSecure(ctx)), view.csrf, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isSecure(ctx) });
  res.setHeader('Set-Cookie', csrfCookie);
  res.send(html);
}

function otherLangHref(params: Record<string, string>, lang: Lang): string {
  const query = Object.entries(params)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${encodeStrict(value)}`);
  query.push(`lang=${lang === 'en' ? 'ru' : 'en'}`);
  return `/oauth2/login?${query.join('&')}`;
}

function view(lang: Lang, params: Record<string, string>, extra: Partial<LoginView>): LoginView {
  return { lang, hidden: params, csrf: randomBytes(24).toString('base64url'), clientName: '', otherLangHref: otherLangHref(params, lang), ...extra };
}

/** `GET /oauth2/login`: the form for an authorize request, or the site's error page (`?error=`). */
export function loginPageHandler(ctx: AuthContext): RequestHandler {
  return (req: Request, res: Response) => {
    const query = formDecode(new URL(req.url, 'http://x').search.slice(1));
    const lang = pickLang(param(query, 'lang'), headerOf(req, 'accept-language'));
    const params = carried(query);
    const error = param(query, 'error');
    if (error !== '') {
      const description = param(query, 'error_description');
      send(ctx, res, statusOfCode(param(query, 'code') || 400), view(lang, params, { error: `${text(lang, 'error')}: ${error}${description ? ` — ${description}` : ''}`, errorOnly: true }), '');
      return;
    }
    const valid = validate(ctx, params);
    if (valid === undefined) {
      send(ctx, res, 400, view(lang, params, { error: text(lang, 'badRequest'), errorOnly: true }), '');
      return;
    }
    send(ctx, res, 200, view(lang, params, { clientName: valid.clientName }), params.redirect_uri ?? '');
  };
}

/**
 * `POST /oauth2/login`: a password grant with `response_type=code` on behalf
 * of the browser (the client's secret filled here, the PKCE challenge carried
 * into the database), then back to the client with the code.
 */
export function loginSubmitHandler(ctx: AuthContext): RequestHandler {
  return async (req: Request, res: Response) => {
    let form: Payload;
    try {
      form = await readPayload(req, ctx.bodyLimit);
    } catch {
      form = {};
    }
    const lang = pickLang(param(form, 'lang'), headerOf(req, 'accept-language'));
    const params = carried(form);
    const username = param(form, 'username');
    const redirectUri = params.redirect_uri ?? '';
    const cookie = parseCookies(headerOf(req, 'cookie'))[csrfCookieName(isSecure(ctx))] ?? '';
    const valid = validate(ctx, params);
    if (valid === undefined) {
      send(ctx, res, 400, view(lang, params, { error: text(lang, 'badRequest'), errorOnly: true }), '');
      return;
    }
    if (!sameToken(cookie, param(form, CSRF_FIELD))) {
      send(ctx, res, 403, view(lang, params, { clientName: valid.clientName, username, error: text(lang, 'expired') }), redirectUri);
      return;
    }

    const responseType = params.response_type === '' ? 'code' : (params.response_type ?? 'code');
    const payload: Payload = {
      grant_type: 'password',
      username,
      password: param(form, 'password'),
      response_type: responseType.split(/[\s,]+/).filter(Boolean).join(' '),
      redirect_uri: redirectUri,
    };
    for (const key of ['scope', 'access_type', 'state', 'code_challenge', 'code_challenge_method'] as const) {
      if (params[key] !== '') payload[key] = params[key];
    }

    let answer: daemon.DaemonAnswer;
    try {
      answer = await daemon.token(ctx.daemon, valid.clientId, valid.secret, payload, agentOf(req), clientIp(ctx, req));
    } catch (err) {
      ctx.logger.warn({ err }, 'daemon.token failed on the login page');
      send(ctx, res, 503, view(lang, params, { clientName: valid.clientName, username, error: text(lang, 'error') }), redirectUri);
      return;
    }
    if (daemon.isDaemonError(answer)) {
      const message = typeof answer.error.message === 'string' ? answer.error.message : text(lang, 'error');
      send(ctx, res, statusOfCode(answer.error.code), view(lang, params, { clientName: valid.clientName, username, error: message }), redirectUri);
      return;
    }

    const state = params.state ?? '';
    const types = String(payload.response_type).split(' ');
    let location: string;
    if (types.includes('code') && typeof answer.code === 'string') {
      const query = [`code=${encodeStrict(answer.code)}`];
      if (state !== '') query.push(`state=${encodeStrict(state)}`);
      location = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.join('&')}`;
    } else {
      // Implicit style (response_type=token): the token set travels in the fragment, never to a server log.
      const fragment = [`access_token=${encodeStrict(scalar(answer.access_token))}`, `token_type=${encodeStrict(scalar(answer.token_type, 'Bearer'))}`];
      if (answer.expires_in !== undefined) fragment.push(`expires_in=${encodeStrict(scalar(answer.expires_in))}`);
      if (typeof answer.session === 'string') fragment.push(`session=${encodeStrict(answer.session)}`);
      if (state !== '') fragment.push(`state=${encodeStrict(state)}`);
      location = `${redirectUri}#${fragment.join('&')}`;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The form is used: a replayed POST must not sign in again.
    res.setHeader('Set-Cookie', serializeCookie(csrfCookieName(isSecure(ctx)), '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'Strict', secure: isSecure(ctx) }));
    res.redirect(302, location);
  };
}
