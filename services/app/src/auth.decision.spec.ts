import { decideCredentials, readCookies, SERVICE_COOKIES, USER_COOKIES } from './auth.decision.js';

describe('decideCredentials', () => {
  it('prefers the Authorization header over Session+Secret and cookies', () => {
    expect(decideCredentials({ authorization: 'Bearer t', session: 's', secret: 'x', cookie: '__Secure-AT=c' })).toEqual({ mode: 'bearer', token: 't' });
  });

  it('matches the scheme case-insensitively', () => {
    expect(decideCredentials({ authorization: 'bearer t' })).toEqual({ mode: 'bearer', token: 't' });
  });

  it('decodes Basic credentials with a colon in the password', () => {
    const value = Buffer.from('ann:a:b').toString('base64');
    expect(decideCredentials({ authorization: `Basic ${value}` })).toEqual({ mode: 'basic', username: 'ann', password: 'a:b' });
  });

  it('falls back to anonymous for Basic without a colon, and does not look at cookies then', () => {
    const value = Buffer.from('ann').toString('base64');
    expect(decideCredentials({ authorization: `Basic ${value}`, cookie: '__Secure-AT=c' })).toEqual({ mode: 'anonymous' });
  });

  it('needs both Session and Secret', () => {
    expect(decideCredentials({ session: 's' })).toEqual({ mode: 'anonymous' });
    expect(decideCredentials({ session: 's', secret: 'x' })).toEqual({ mode: 'session', session: 's', secret: 'x' });
  });

  it('picks the cookie pair by X-Auth-Context', () => {
    const cookie = '__Secure-AT=user; __Secure-RT=ur; __Secure-SAT=svc';
    expect(decideCredentials({ cookie })).toEqual({ mode: 'cookie', token: 'user', refresh: 'ur', pair: USER_COOKIES, service: false });
    expect(decideCredentials({ cookie, 'x-auth-context': 'service' })).toEqual({ mode: 'cookie', token: 'svc', refresh: undefined, pair: SERVICE_COOKIES, service: true });
  });

  it('treats a Signature header as a signed request, with SID as the fallback session', () => {
    expect(decideCredentials({ signature: 'ab', nonce: '1', cookie: 'SID=s1' })).toEqual({ mode: 'signed', session: 's1', nonce: '1', signature: 'ab' });
  });
});

describe('readCookies', () => {
  it('keeps values as sent and the first occurrence of a name', () => {
    const cookies = readCookies('a=x%20y; a=second; b=1=2');
    expect(cookies.get('a')).toBe('x%20y');
    expect(cookies.get('b')).toBe('1=2');
  });
});
