import { serializeCookie, TOKEN_COOKIE_MAX_AGE } from '@pgfleet/auth';
import type { CookiePair } from './auth.decision.js';

const tokenCookie = { path: '/', maxAge: TOKEN_COOKIE_MAX_AGE, httpOnly: true, sameSite: 'None', secure: true } as const;
// app.md §6: the refresh path sets SID without Secure, unlike the auth service.
const refreshedSidCookie = { path: '/', maxAge: TOKEN_COOKIE_MAX_AGE, httpOnly: true, sameSite: 'Lax' } as const;

/** The cookies a transparent refresh leaves behind (app.md §6 step 4). */
export function refreshedCookies(
  tokens: { access_token?: unknown; refresh_token?: unknown; session?: unknown },
  pair: CookiePair,
  service: boolean,
): string[] {
  const cookies: string[] = [];
  if (typeof tokens.access_token === 'string' && tokens.access_token !== '') {
    cookies.push(serializeCookie(pair.access, tokens.access_token, tokenCookie));
  }
  if (typeof tokens.refresh_token === 'string' && tokens.refresh_token !== '') {
    cookies.push(serializeCookie(pair.refresh, tokens.refresh_token, tokenCookie));
  }
  if (!service && typeof tokens.session === 'string' && tokens.session !== '') {
    cookies.push(serializeCookie('SID', tokens.session, refreshedSidCookie));
  }
  return cookies;
}

/** Sign-out answers clear every token cookie and SID, whatever their status (app.md §8). */
export const SIGN_OUT_COOKIES: readonly string[] = [
  ...['__Secure-AT', '__Secure-RT', '__Secure-SAT', '__Secure-SRT'].map((name) =>
    serializeCookie(name, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'None', secure: true }),
  ),
  serializeCookie('SID', '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'Lax' }),
];
