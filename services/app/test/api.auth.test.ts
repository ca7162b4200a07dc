import { installFixtures } from './fixtures.js';
import { ALLOWED_ORIGIN, nowMicros, sign, signToken, startApp, type AppHarness, type TokenSet } from './support.js';

let app: AppHarness;

beforeAll(async () => {
  app = await startApp('app_auth');
  await installFixtures(app.admin);
});

afterAll(async () => {
  await app.stop();
});

interface Whoami {
  profile?: { username?: string };
  session?: { code?: string; host?: string };
  error?: { code: number; error?: string; message: string };
}

async function whoami(headers: Record<string, string>, init: RequestInit = {}): Promise<{ status: number; body: Whoami; res: Response }> {
  const res = await fetch(`${app.base}/api/v1/whoami`, { method: 'POST', ...init, headers });
  return { status: res.status, body: (await res.json()) as Whoami, res };
}

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Bearer header', () => {
  it('runs the call as the token session when the JWT is valid', async () => {
    const tokens = await app.login();
    const { status, body } = await whoami({ Authorization: `Bearer ${tokens.access_token}` });
    expect(status).toBe(200);
    expect(body.profile?.username).toBe('admin');
    expect(body.session?.code).toBe(tokens.session);
  });

  it('answers 403 "Token expired." for a locally expired token without asking the database', async () => {
    const tokens = await app.login();
    const expired = await signToken({ sub: tokens.session, exp: Math.floor(Date.now() / 1000) - 60 });
    const { status, body } = await whoami({ Authorization: `Bearer ${expired}` });
    expect(status).toBe(403);
    expect(body).toEqual({ error: { code: 403, message: 'Token expired.' } });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const tokens = await app.login();
    const forged = await signToken({ sub: tokens.session, exp: Math.floor(Date.now() / 1000) + 600 }, 'not-the-web-secret');
    const { status, body } = await whoami({ Authorization: `Bearer ${forged}` });
    expect(status).toBe(401);
    expect(body.error?.code).toBe(401);
  });

  it('answers 401 for a token that is not a JWT at all', async () => {
    const { status } = await whoami({ Authorization: 'Bearer not.a.jwt' });
    expect(status).toBe(401);
  });

  it('maps the database refusal of a closed session to 403', async () => {
    const tokens = await app.login();
    await app.daemon.query('SELECT * FROM daemon.session_close($1)', [tokens.access_token]);
    const { status, body } = await whoami({ Authorization: `Bearer ${tokens.access_token}` });
    expect(status).toBe(403);
    expect(body.error?.code).toBe(403);
  });
});

describe('Session and Secret headers', () => {
  it('runs the call in the named session when the secret matches', async () => {
    const tokens = await app.login();
    const { status, body } = await whoami({ Session: tokens.session, Secret: tokens.secret });
    expect(status).toBe(200);
    expect(body.session?.code).toBe(tokens.session);
  });

  it('closes the session on a wrong secret, so the right one fails afterwards', async () => {
    const tokens = await app.login();
    const wrong = await whoami({ Session: tokens.session, Secret: 'wrong-secret' });
    expect(wrong.status).toBe(401);
    const after = await whoami({ Session: tokens.session, Secret: tokens.secret });
    expect(after.status).toBe(400);
    expect(after.body.error?.message).toBe('Session code not found.');
  });

  it('treats a Session header without Secret as anonymous', async () => {
    const tokens = await app.login();
    const { status, body } = await whoami({ Session: tokens.session });
    expect(status).toBe(401);
    expect(body.error?.error).toBe('ERR-401-001');
  });
});

describe('Basic, other schemes and anonymous', () => {
  it('signs in with username and password for one call', async () => {
    const { status, body } = await whoami({ Authorization: basic('admin', 'admin') });
    expect(status).toBe(200);
    expect(body.profile?.username).toBe('admin');
  });

  it('answers 401 for a wrong password', async () => {
    const { status, body } = await whoami({ Authorization: basic('admin', 'nope') });
    expect(status).toBe(401);
    expect(body.error?.code).toBe(401);
  });

  it('runs calls with an unknown scheme or undecodable Basic as anonymous', async () => {
    for (const authorization of ['Digest abc', 'Basic %%%', 'Bearer']) {
      const { status, body } = await whoami({ Authorization: authorization });
      expect(status).toBe(401);
      expect(body.error?.error).toBe('ERR-401-001');
    }
  });

  it('passes the client address from X-Forwarded-For when the peer is a trusted proxy', async () => {
    const { body } = await whoami({ Authorization: basic('admin', 'admin'), 'X-Forwarded-For': '198.51.100.7, 127.0.0.1' });
    expect(body.session?.host).toBe('198.51.100.7');
  });
});

describe('cookies', () => {
  it('authenticates with __Secure-AT and sets no cookie when nothing was refreshed', async () => {
    const tokens = await app.login();
    const { status, res } = await whoami({ Cookie: `__Secure-AT=${tokens.access_token}` });
    expect(status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('answers 401 "Token expired." for an expired access cookie without a refresh cookie', async () => {
    const tokens = await app.login();
    const expired = await signToken({ sub: tokens.session, exp: Math.floor(Date.now() / 1000) - 60 });
    const { status, body } = await whoami({ Cookie: `__Secure-AT=${expired}` });
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 401, message: 'Token expired.' } });
  });

  it('refreshes an expired access cookie transparently and sets the new cookies', async () => {
    const tokens = (await app.login(true)) as Required<TokenSet>;
    const expired = await signToken({ sub: tokens.session, exp: Math.floor(Date.now() / 1000) - 60 });
    const { status, body, res } = await whoami({ Cookie: `__Secure-AT=${expired}; __Secure-RT=${tokens.refresh_token}` });
    expect(status).toBe(200);
    expect(body.session?.code).toBe(tokens.session);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('__Secure-AT='))).toMatch(/^__Secure-AT=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=5184000; HttpOnly; SameSite=None; Secure$/);
    expect(cookies.find((c) => c.startsWith('__Secure-RT='))).toBeDefined();
    expect(cookies).toContain(`SID=${tokens.session}; Path=/; Max-Age=5184000; HttpOnly; SameSite=Lax`);
    const fresh = cookies.find((c) => c.startsWith('__Secure-AT='))?.split(';')[0]?.slice('__Secure-AT='.length) ?? '';
    expect((await whoami({ Authorization: `Bearer ${fresh}` })).status).toBe(200);
  });

  it('relays the refusal of a refresh token that is not valid', async () => {
    const tokens = await app.login(true);
    const expired = await signToken({ sub: tokens.session, exp: Math.floor(Date.now() / 1000) - 60 });
    const { status, body, res } = await whoami({ Cookie: `__Secure-AT=${expired}; __Secure-RT=garbage` });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.error).toBeDefined();
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refreshes once when the database says a locally valid cookie token is gone', async () => {
    // The access cookie's JWT is within exp but its session was closed elsewhere; the refresh
    // cookie belongs to a live session (another tab stored a newer pair).
    const stale = await app.login(true);
    const live = (await app.login(true)) as Required<TokenSet>;
    await app.daemon.query('SELECT * FROM daemon.session_close($1)', [stale.access_token]);
    const { status, body, res } = await whoami({ Cookie: `__Secure-AT=${stale.access_token}; __Secure-RT=${live.refresh_token}` });
    expect(status).toBe(200);
    expect(body.session?.code).toBe(live.session);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('__Secure-AT='))).toBe(true);
  });

  it('relays the database refusal of a locally valid cookie token when there is no refresh cookie', async () => {
    const tokens = await app.login();
    await app.daemon.query('SELECT * FROM daemon.session_close($1)', [tokens.access_token]);
    const { status, res } = await whoami({ Cookie: `__Secure-AT=${tokens.access_token}` });
    expect(status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('uses the service cookie pair under X-Auth-Context: service', async () => {
    const tokens = await app.login();
    const user = await whoami({ Cookie: `__Secure-SAT=${tokens.access_token}` });
    expect(user.status).toBe(401);
    const service = await whoami({ Cookie: `__Secure-SAT=${tokens.access_token}`, 'X-Auth-Context': 'service' });
    expect(service.status).toBe(200);
  });
});

describe('sign-out', () => {
  it('clears every token cookie and SID and closes the session', async () => {
    const tokens = await app.login();
    const res = await fetch(`${app.base}/api/v1/sign/out`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([
      '__Secure-AT=; Path=/; Max-Age=0; HttpOnly; SameSite=None; Secure',
      '__Secure-RT=; Path=/; Max-Age=0; HttpOnly; SameSite=None; Secure',
      '__Secure-SAT=; Path=/; Max-Age=0; HttpOnly; SameSite=None; Secure',
      '__Secure-SRT=; Path=/; Max-Age=0; HttpOnly; SameSite=None; Secure',
      'SID=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
    expect((await whoami({ Authorization: `Bearer ${tokens.access_token}` })).status).toBe(403);
  });

  it('clears the cookies even when the sign-out itself fails', async () => {
    const res = await fetch(`${app.base}/api/v1/sign/out`, { method: 'POST' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.getSetCookie()).toHaveLength(5);
  });
});

describe('signed requests', () => {
  const path = '/api/v1/whoami';

  async function signed(tokens: TokenSet, nonce: string, signature: string, query = '', body?: string): Promise<Response> {
    return fetch(`${app.base}${path}${query}`, {
      method: 'POST',
      headers: { Session: tokens.session, Nonce: nonce, Signature: signature, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
  }

  it('accepts a request signed with the session secret', async () => {
    const tokens = await app.login();
    const nonce = nowMicros();
    const res = await signed(tokens, nonce, sign(tokens.secret, path, nonce, null));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Whoami).session?.code).toBe(tokens.session);
  });

  it('signs the exact JSON body text', async () => {
    const tokens = await app.login();
    const nonce = nowMicros();
    const body = '{"fields": ["id"]}';
    const res = await signed(tokens, nonce, sign(tokens.secret, path, nonce, body), '', body);
    expect(res.status).toBe(200);
  });

  it('refuses a wrong signature with ERR-401-007', async () => {
    const tokens = await app.login();
    const nonce = nowMicros();
    const res = await signed(tokens, nonce, sign('another-secret', path, nonce, null));
    expect(res.status).toBe(401);
    expect(((await res.json()) as Whoami).error?.code).toBe(401);
  });

  it('refuses a replayed nonce', async () => {
    const tokens = await app.login();
    const nonce = nowMicros();
    const signature = sign(tokens.secret, path, nonce, null);
    expect((await signed(tokens, nonce, signature)).status).toBe(200);
    const replay = await signed(tokens, nonce, signature);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as Whoami).error?.error).toBe('ERR-400-004');
  });

  it('refuses a nonce outside the window, in the past or too far ahead', async () => {
    const tokens = await app.login();
    for (const offset of [-10_000, 20_000]) {
      const nonce = nowMicros(offset);
      const res = await signed(tokens, nonce, sign(tokens.secret, path, nonce, null));
      expect(res.status).toBe(400);
    }
  });

  it('widens the window with receive_window, which stays out of the payload', async () => {
    const tokens = await app.login();
    const nonce = nowMicros(-10_000);
    const res = await signed(tokens, nonce, sign(tokens.secret, path, nonce, null), '?receive_window=30000');
    expect(res.status).toBe(200);
  });

  it('refuses a nonce that is not a decimal number before any database work', async () => {
    const tokens = await app.login();
    const res = await signed(tokens, 'abc', '00');
    expect(res.status).toBe(400);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the extended header list', async () => {
    const res = await fetch(`${app.base}/api/v1/whoami`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'signature, nonce' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = res.headers.get('access-control-allow-headers') ?? '';
    for (const name of ['Authorization', 'Session', 'Secret', 'X-Auth-Context', 'Nonce', 'Signature']) expect(allowed).toContain(name);
  });

  it('gives an unknown origin no CORS headers but still serves it', async () => {
    const preflight = await fetch(`${app.base}/api/v1/whoami`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const call = await fetch(`${app.base}/api/v1/whoami`, { method: 'POST', headers: { Origin: 'https://evil.example', Authorization: basic('admin', 'admin') } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to database answers for an allowed origin', async () => {
    const res = await fetch(`${app.base}/api/v1/whoami`, { method: 'POST', headers: { Origin: ALLOWED_ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });
});
