import type { IncomingHttpHeaders } from 'node:http';

/** Which cookie pair a browser request authenticates with (app.md §4 rule 5). */
export interface CookiePair {
  access: string;
  refresh: string;
}

export const USER_COOKIES: CookiePair = { access: '__Secure-AT', refresh: '__Secure-RT' };
export const SERVICE_COOKIES: CookiePair = { access: '__Secure-SAT', refresh: '__Secure-SRT' };

export type Credentials =
  | { mode: 'signed'; session: string; nonce: string; signature: string }
  | { mode: 'bearer'; token: string }
  | { mode: 'basic'; username: string; password: string }
  | { mode: 'session'; session: string; secret: string }
  | { mode: 'cookie'; token: string; refresh: string | undefined; pair: CookiePair; service: boolean }
  | { mode: 'anonymous' };

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * Cookies exactly as sent (app.md §4: no URL-decoding, exact names); the
 * first occurrence of a name wins.
 */
export function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined || header === '') return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}

function decodeBasic(encoded: string): { username: string; password: string } | null {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  // Buffer.from ignores junk characters, so a round trip tells real base64 from noise.
  if (encoded === '' || Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    return null;
  }
  const colon = text.indexOf(':');
  return colon < 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * The authentication decision of app.md §4, first matching rule wins. A
 * `Signature` header (§9) comes before all of them: a signed request names
 * its session in `Session` and must not be mistaken for Session+Secret.
 */
export function decideCredentials(headers: IncomingHttpHeaders): Credentials {
  const cookies = readCookies(headers.cookie);
  const signature = header(headers, 'signature');
  if (signature !== '') {
    // v1 fell back to the SID cookie when the Session header was missing.
    const session = header(headers, 'session') || cookies.get('SID') || '';
    return { mode: 'signed', session, nonce: header(headers, 'nonce'), signature };
  }
  const authorization = header(headers, 'authorization');
  if (authorization !== '') {
    const space = authorization.indexOf(' ');
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : authorization.slice(space + 1).trim();
    if (scheme === 'bearer' && value !== '') {
      return { mode: 'bearer', token: value };
    }
    if (scheme === 'basic') {
      const basic = decodeBasic(value);
      return basic === null ? { mode: 'anonymous' } : { mode: 'basic', ...basic };
    }
    return { mode: 'anonymous' };
  }
  const session = header(headers, 'session');
  const secret = header(headers, 'secret');
  if (session !== '' && secret !== '') {
    return { mode: 'session', session, secret };
  }
  const service = header(headers, 'x-auth-context').toLowerCase() === 'service';
  const pair = service ? SERVICE_COOKIES : USER_COOKIES;
  const token = cookies.get(pair.access);
  if (token !== undefined && token !== '') {
    const refresh = cookies.get(pair.refresh);
    return { mode: 'cookie', token, refresh: refresh === '' ? undefined : refresh, pair, service };
  }
  return { mode: 'anonymous' };
}
