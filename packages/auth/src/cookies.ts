/** 60 days, whatever the token's own lifetime (auth.md §4). */
export const TOKEN_COOKIE_MAX_AGE = 5_184_000;

export interface CookieOptions {
  path?: string;
  maxAge?: number;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  secure?: boolean;
}

/**
 * `name=value; Path; Max-Age; HttpOnly; SameSite; Secure` — upstream's
 * attribute order, which clients comparing headers byte for byte rely on.
 * Values are tokens of base64/base64url/hex alphabets; anything else is
 * percent-encoded so a header can never be split.
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const safe = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/.test(value) ? value : encodeURIComponent(value);
  const parts = [`${name}=${safe}`];
  if (options.path !== undefined) parts.push(`Path=${options.path}`);
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.sameSite !== undefined) parts.push(`SameSite=${options.sameSite}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Parses a `Cookie` request header; the first occurrence of a name wins (RFC 6265 §5.4 ordering). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (header === undefined) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (name in cookies) continue;
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

export interface TokenSet {
  access_token?: unknown;
  refresh_token?: unknown;
  session?: unknown;
}

const tokenCookie: CookieOptions = { path: '/', maxAge: TOKEN_COOKIE_MAX_AGE, httpOnly: true, sameSite: 'None', secure: true };
const sessionCookie: CookieOptions = { path: '/', maxAge: TOKEN_COOKIE_MAX_AGE, httpOnly: true, sameSite: 'Lax', secure: true };

/**
 * The `Set-Cookie` values of a token answer (auth.md §4): service tokens
 * (`client_credentials`) go to `__Secure-SAT`/`__Secure-SRT` so a browser
 * session and a service session on one host never overwrite each other.
 */
export function tokenCookies(tokens: TokenSet, service: boolean): string[] {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const cookies: string[] = [];
  const add = (name: string, value: string, options: CookieOptions): void => {
    if (value !== '') cookies.push(serializeCookie(name, value, options));
  };
  if (service) {
    add('__Secure-SAT', text(tokens.access_token), tokenCookie);
    add('__Secure-SRT', text(tokens.refresh_token), tokenCookie);
  } else {
    add('__Secure-AT', text(tokens.access_token), tokenCookie);
    add('__Secure-RT', text(tokens.refresh_token), tokenCookie);
    add('SID', text(tokens.session), sessionCookie);
  }
  return cookies;
}
