import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import { clientIp, headerOf, type AuthContext } from './context.js';
import { OAuthError } from './oauth-error.js';
import { param, type Payload } from './payload.js';

export interface ClientCredentials {
  clientId: string;
  secret: string;
  /** How the client authenticated: a failing Basic client deserves a Basic-aware answer. */
  method: 'basic' | 'body' | 'none';
}

function formUnescape(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * `Authorization: Basic base64(id:secret)` (RFC 6749 §2.3.1: both parts
 * form-encoded first). Returns undefined when there is no header; throws when
 * it is some other scheme or undecodable.
 */
export function basicCredentials(req: IncomingMessage): { clientId: string; secret: string } | undefined {
  const header = headerOf(req, 'authorization');
  if (header === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  const decoded = match?.[1] === undefined ? '' : Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError(400, 'invalid_request', 'Invalid authorization schema.');
  return { clientId: formUnescape(decoded.slice(0, colon)), secret: formUnescape(decoded.slice(colon + 1)) };
}

/** Credentials from the header, else from the body; no fallbacks (introspection, revocation). */
export function strictClient(req: IncomingMessage, payload: Payload): ClientCredentials {
  const basic = basicCredentials(req);
  if (basic !== undefined) return { ...basic, method: 'basic' };
  const clientId = param(payload, 'client_id');
  return { clientId, secret: param(payload, 'client_secret'), method: clientId === '' ? 'none' : 'body' };
}

function isPrivate(address: string): boolean {
  try {
    const range = ipaddr.process(address).range();
    return range === 'loopback' || range === 'private' || range === 'uniqueLocal';
  } catch {
    return false;
  }
}

/**
 * Client authentication of the token endpoint (auth.md §3.1): header or body,
 * the default web client for password logins from private addresses, and the
 * secret fill for browsers of an allowed Origin.
 */
export function tokenClient(ctx: AuthContext, req: IncomingMessage, payload: Payload): ClientCredentials {
  const credentials = strictClient(req, payload);
  let { clientId, secret } = credentials;
  const grant = param(payload, 'grant_type');

  if (clientId === '') {
    const web = ctx.registry.defaultWeb();
    const address = clientIp(ctx, req);
    const allowed =
      web !== undefined &&
      address !== null &&
      (web.app.allowed_ips.length > 0 ? web.app.allowed_ips.some((entry) => address === entry || address.startsWith(entry)) : isPrivate(address));
    if (grant !== 'password' || !allowed || web === undefined) {
      throw new OAuthError(400, 'invalid_request', 'client_id cannot be empty');
    }
    // The address rule is the trust decision here, so the client's secret comes with its id.
    clientId = web.app.client_id;
    if (secret === '') secret = web.app.client_secret ?? '';
  }

  if (secret === '') {
    const ref = ctx.registry.byClient(clientId);
    if (ref !== undefined && ctx.secretFillApps.has(ref.name) && ref.app.external !== true && ctx.registry.isLocal(ref.provider)) {
      const redirectUri = param(payload, 'redirect_uri');
      if (redirectUri !== '' && !ref.app.redirect_uris.includes(redirectUri)) {
        throw new OAuthError(400, 'invalid_request', `Invalid redirect_uri: ${redirectUri}`);
      }
      const origin = headerOf(req, 'origin');
      if (origin === undefined || !ref.app.javascript_origins.includes(origin)) {
        throw new OAuthError(400, 'invalid_request', `Origin not allowed: ${origin ?? '(none)'}`);
      }
      secret = ref.app.client_secret ?? '';
    }
  }

  if (secret === '') throw new OAuthError(400, 'invalid_request', 'client_secret cannot be empty');
  return { clientId, secret, method: credentials.method };
}
