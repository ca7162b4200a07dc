// The endpoints answered on the shared server's fast path (token, introspection,
// revocation, keys, discovery): what express and its middleware used to add
// must still be there, and a pipelined pool must carry concurrent grants.
import { createPipelinedPool, type PipelinedPool } from '@pgfleet/db';
import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { SERVICE, WEB, basic, form, json, startAuth, type RunningAuth } from './harness.js';

let db: TestDatabase;
let auth: RunningAuth;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'auth_hot' });
  auth = await startAuth({ bodyLimit: 2048 }, { db });
});
afterAll(async () => {
  await auth.stop();
  await db.drop();
});

const credentials = { grant_type: 'client_credentials', scope: 'pgfleet' };

describe('token endpoint on the fast path', () => {
  it('answers a grant with no-store, Pragma, nosniff, a request id and JSON', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('cache-control')).toBe('no-store');
    expect(raw.headers.get('pragma')).toBe('no-cache');
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    expect(raw.headers.get('x-request-id')).toMatch(/^[\w.:@-]+$/);
    expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await json(raw);
    expect(Number(raw.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(body)));
    expect(raw.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['__Secure-SAT', '__Secure-SRT']);
  });

  it('adds CORS headers for a listed Origin only', async () => {
    const listed = await form(`${auth.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret), origin: 'http://127.0.0.1:4977' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4977');
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('vary')).toBe('Origin');
    const other = await form(`${auth.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret), origin: 'https://elsewhere.example' });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the paths below /oauth2/token and ignores a query string when the body has the parameters', async () => {
    for (const path of ['/oauth2/token/', '/oauth2/token/extra', '/oauth2/token?x=1']) {
      const raw = await form(`${auth.url}${path}`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) });
      expect({ path, status: raw.status }).toEqual({ path, status: 200 });
    }
    const near = await form(`${auth.url}/oauth2/tokens`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) });
    expect(near.status).toBe(404);
    expect(await json(near)).toEqual({ error: 'invalid_request', error_description: 'Not found.' });
  });

  it('refuses a body over BODY_LIMIT with 413 invalid_request and serves the next request', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { ...credentials, filler: 'x'.repeat(4096) }, { authorization: basic(SERVICE.id, SERVICE.secret) });
    expect(raw.status).toBe(413);
    expect((await json(raw)).error).toBe('invalid_request');
    expect((await form(`${auth.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) })).status).toBe(200);
  });
});

describe('the pipelined daemon pool', () => {
  let single: RunningAuth;
  let pool: PipelinedPool;

  beforeAll(async () => {
    pool = createPipelinedPool(db.urls.daemon, { max: 1, depth: 8 });
    single = await startAuth({ daemon: pool }, { db });
  });
  afterAll(async () => {
    await single.stop();
    await pool.end();
  });

  it('carries many concurrent grants over one connection, each answered with its own token set', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const raw = await form(`${single.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) });
        return { status: raw.status, body: await json(raw) };
      }),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 24 }, () => 200));
    expect(new Set(answers.map((answer) => answer.body.access_token)).size).toBe(24);
    expect(pool.stats.connections).toBe(1);
  });

  it('keeps the grants of one connection apart when some of them fail', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const secret = index % 3 === 0 ? 'wrong-secret' : WEB.secret;
        const raw = await form(`${single.url}/oauth2/token`, { grant_type: 'password', username: 'admin', password: 'admin' }, { authorization: basic(WEB.id, secret) });
        return raw.status;
      }),
    );
    expect(outcomes).toEqual(Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? 401 : 200)));
  });

  it('answers a parameter PostgreSQL refuses (a NUL character) with 400 invalid_request, and the grants pipelined beside it succeed', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 9 }, async (_, index) => {
        const scope = index === 4 ? 'pg\u0000fleet' : 'pgfleet';
        const raw = await form(`${single.url}/oauth2/token`, { grant_type: 'client_credentials', scope }, { authorization: basic(SERVICE.id, SERVICE.secret) });
        return index === 4 ? `${raw.status} ${(await json(raw)).error as string}` : String(raw.status);
      }),
    );
    expect(outcomes).toEqual(['200', '200', '200', '200', '400 invalid_request', '200', '200', '200', '200']);
    const introspection = await form(`${single.url}/oauth2/introspect`, { token: 'a\u0000b' }, { authorization: basic(SERVICE.id, SERVICE.secret) });
    expect(introspection.status).toBe(400);
    expect((await json(introspection)).error).toBe('invalid_request');
  });
});

describe('keys and discovery on the fast path', () => {
  it('answers HEAD for the key set and the metadata without a body', async () => {
    for (const path of ['/oauth2/jwks', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const raw = await fetch(`${auth.url}${path}`, { method: 'HEAD' });
      expect({ path, status: raw.status, type: raw.headers.get('content-type') }).toEqual({ path, status: 200, type: 'application/json; charset=utf-8' });
      expect(await raw.text()).toBe('');
    }
  });

  it('serves the metadata with a five-minute cache, also below the RFC 8414 path and with a trailing slash', async () => {
    for (const path of ['/.well-known/openid-configuration/', '/.well-known/oauth-authorization-server/tenant']) {
      const raw = await fetch(`${auth.url}${path}`);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('cache-control')).toBe('public, max-age=300');
      expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await json(raw)).issuer).toBe(auth.url);
    }
  });

  it('serves an empty key set below /oauth2/jwks too, with CORS for a listed Origin', async () => {
    const raw = await fetch(`${auth.url}/oauth2/jwks/x`, { headers: { origin: 'http://127.0.0.1:4977' } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4977');
    expect(await json(raw)).toEqual({ keys: [] });
  });
});

describe('a database that cannot be reached', () => {
  it('answers the token endpoint with 500 server_error and introspection with 503 temporarily_unavailable', async () => {
    // A database that does not exist: every call fails in the driver, not in daemon.*.
    const daemon = createPipelinedPool(db.urls.daemon.replace(/\/[^/?]+(\?|$)/, '/hb_missing_database$1'), { max: 1 });
    const broken = await startAuth({ daemon }, { db });
    try {
      const token = await form(`${broken.url}/oauth2/token`, credentials, { authorization: basic(SERVICE.id, SERVICE.secret) });
      expect(token.status).toBe(500);
      expect(token.headers.get('cache-control')).toBe('no-store');
      expect((await json(token)).error).toBe('server_error');
      const introspection = await form(`${broken.url}/oauth2/introspect`, { token: 'x' }, { authorization: basic(SERVICE.id, SERVICE.secret) });
      expect(introspection.status).toBe(503);
      expect((await json(introspection)).error).toBe('temporarily_unavailable');
    } finally {
      await broken.stop();
      await daemon.end();
    }
  });
});
