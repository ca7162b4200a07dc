import { parseCookies, serializeCookie, tokenCookies } from './cookies.js';

describe('token cookies', () => {
  it('serialises attributes in upstream order', () => {
    expect(serializeCookie('A', 'v', { path: '/', maxAge: 10, httpOnly: true, sameSite: 'Lax', secure: true })).toBe('A=v; Path=/; Max-Age=10; HttpOnly; SameSite=Lax; Secure');
  });

  it('sets service cookies for client_credentials and user cookies otherwise, skipping empty values', () => {
    expect(tokenCookies({ access_token: 'a', refresh_token: 'r', session: 's' }, true).map((c) => c.split('=')[0])).toEqual(['__Secure-SAT', '__Secure-SRT']);
    const user = tokenCookies({ access_token: 'a', session: 's' }, false);
    expect(user).toEqual([
      '__Secure-AT=a; Path=/; Max-Age=5184000; HttpOnly; SameSite=None; Secure',
      'SID=s; Path=/; Max-Age=5184000; HttpOnly; SameSite=Lax; Secure',
    ]);
  });

  it('keeps base64 refresh tokens intact but encodes characters that would split the header', () => {
    expect(serializeCookie('R', 'ab+/=')).toBe('R=ab+/=');
    expect(serializeCookie('R', 'a;b c')).toBe('R=a%3Bb%20c');
  });

  it('parses a Cookie header, first occurrence winning', () => {
    expect(parseCookies('a=1; b="two"; a=3; c=%41')).toEqual({ a: '1', b: 'two', c: 'A' });
    expect(parseCookies(undefined)).toEqual({});
  });
});
