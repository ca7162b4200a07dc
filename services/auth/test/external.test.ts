import { oauth2ApplicationSchema, type OAuth2Providers } from '@pgfleet/config';
import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { SignJWT } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import pg from 'pg';
import { WEB, committedProviders, form, json, startAuth, type RunningAuth } from './harness.js';

const GOOGLE = { id: 'pgfleet-test.apps.googleusercontent.com', secret: 'google-test-secret-9Qw2' };

let google: OAuth2Server;
let db: TestDatabase;
let auth: RunningAuth;
let claims: Record<string, unknown> = {};
let override: ((body: Record<string, unknown>) => { status: number; body: Record<string, unknown> }) | undefined;

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  google = new OAuth2Server();
  await google.issuer.keys.generate('RS256');
  await google.start(0, '127.0.0.1');
  const issuer = google.issuer.url as string;
  google.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, claims);
  });
  google.service.on('beforeResponse', (response: { statusCode: number; body: Record<string, unknown> }) => {
    if (override === undefined) return;
    const changed = override(response.body);
    response.statusCode = changed.status;
    response.body = changed.body;
  });

  // A provider file for Google as an installation would have it, pointing at the mock.
  const providers: OAuth2Providers = {
    ...committedProviders(),
    google: {
      web: oauth2ApplicationSchema.parse({
        client_id: GOOGLE.id,
        client_secret: GOOGLE.secret,
        issuers: [issuer],
        auth_uri: `${issuer}/authorize`,
        token_uri: `${issuer}/token`,
        cert_uri: `${issuer}/jwks`,
        redirect_uris: [],
      }),
    },
  };
  db = await createTestDatabase({ prefix: 'auth_google' });
  // The installer seeds the database's clients from the provider files; do the same with the Google file added.
  const kernel = new pg.Client({ connectionString: db.urls.kernel });
  await kernel.connect();
  try {
    await kernel.query('SELECT kernel.SyncOAuth2Config($1::jsonb)', [JSON.stringify(providers)]);
  } finally {
    await kernel.end();
  }
  auth = await startAuth({ providers }, { db });
  // Upstream passes the site origin as the scope of an external login; installations name a scope after it.
  await asAdmin((admin) => admin.query(`INSERT INTO db.scope_alias (scope, code) SELECT id, $1 FROM db.scope WHERE code = 'pgfleet'`, [auth.url]));
}, 60_000);

afterAll(async () => {
  await auth?.stop();
  await db?.drop();
  await google?.stop();
});

beforeEach(() => {
  claims = { email: `jane.${Date.now()}@example.com`, email_verified: true, given_name: 'Jane', family_name: 'Doe', name: 'Jane Doe' };
  override = undefined;
});

async function land(query: string): Promise<Response> {
  return fetch(`${auth.url}/oauth2/code/google?${query}`, { redirect: 'manual' });
}

function errorOf(response: Response): Record<string, string | null> {
  const location = new URL(response.headers.get('location') as string, auth.url);
  return { code: location.searchParams.get('code'), error: location.searchParams.get('error'), description: location.searchParams.get('error_description') };
}

describe('external provider login (Google, played by oauth2-mock-server)', () => {
  it('exchanges the code, verifies the id_token by JWKS, re-signs it and opens a local session', async () => {
    // The provider's authorize step sends the browser to our landing with a code.
    const authorize = await fetch(
      `${google.issuer.url}/authorize?${new URLSearchParams({ client_id: GOOGLE.id, response_type: 'code', redirect_uri: `${auth.url}/oauth2/code/google`, scope: 'openid email', state: 'xyz' }).toString()}`,
      { redirect: 'manual' },
    );
    const landing = authorize.headers.get('location') as string;
    expect(landing.startsWith(`${auth.url}/oauth2/code/google?code=`)).toBe(true);

    const response = await fetch(landing, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location') as string;
    expect(location.startsWith('/dashboard#access_token=')).toBe(true);
    const fragment = new URLSearchParams(location.split('#')[1]);
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('state')).toBe('xyz');
    expect(fragment.get('session')).toMatch(/^[0-9a-f]{40}$/);
    const cookies = response.headers.getSetCookie().map((c) => c.split('=')[0]);
    expect(cookies).toEqual(expect.arrayContaining(['__Secure-AT', 'SID']));

    // The local token is ours: its audience is the web client, and the auto-registered user is known by e-mail.
    const access = fragment.get('access_token') as string;
    const payload = JSON.parse(Buffer.from(access.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
    expect(payload.aud).toBe(WEB.id);
    const lookup = await fetch(`${auth.url}/oauth2/identifier?value=${encodeURIComponent(claims.email as string)}`, { headers: { authorization: `Bearer ${access}` } });
    expect(lookup.status).toBe(200);
    expect((await json(lookup)).identifiers).toEqual(['email']);
  });

  it('uses EXTERNAL_LOGIN_SCOPE instead of the origin when an installation names no scope after its site', async () => {
    const other = await startAuth({ providers: auth.providers, externalLoginScope: 'pgfleet' }, { db });
    try {
      const response = await fetch(`${other.url}/oauth2/code/google?code=abc`, { redirect: 'manual' });
      expect(response.headers.get('location')?.startsWith('/dashboard#access_token=')).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('passes a provider error on to the error page', async () => {
    const response = await land('error=access_denied&error_description=User%20said%20no');
    expect(errorOf(response)).toEqual({ code: '400', error: 'access_denied', description: 'User said no' });
  });

  it('refuses a landing without a code', async () => {
    expect(errorOf(await land('state=x'))).toEqual({ code: '400', error: 'invalid_request', description: 'Missing parameter: code' });
  });

  it('refuses an unknown provider', async () => {
    const response = await fetch(`${auth.url}/oauth2/code/nowhere?code=abc`, { redirect: 'manual' });
    expect(errorOf(response).error).toBe('invalid_request');
  });

  it('reports a failed token exchange with the provider status and error', async () => {
    override = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Bad code.' } });
    expect(errorOf(await land('code=abc'))).toEqual({ code: '400', error: 'invalid_grant', description: 'Bad code.' });
  });

  it('refuses an expired id_token with 403 invalid_token', async () => {
    claims = { ...claims, exp: Math.floor(Date.now() / 1000) - 60 };
    const error = errorOf(await land('code=abc'));
    expect(error.code).toBe('403');
    expect(error.error).toBe('invalid_token');
  });

  it('refuses an id_token with a forged signature with 400 invalid_token', async () => {
    override = (body) => {
      const [header, payload] = String(body.id_token).split('.');
      return { status: 200, body: { ...body, id_token: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}` } };
    };
    expect(errorOf(await land('code=abc'))).toMatchObject({ code: '400', error: 'invalid_token' });
  });

  it('refuses an unsigned (alg none) id_token with 400 invalid_token', async () => {
    override = (body) => {
      const payload = String(body.id_token).split('.')[1];
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return { status: 200, body: { ...body, id_token: `${header}.${payload}.` } };
    };
    expect(errorOf(await land('code=abc'))).toMatchObject({ code: '400', error: 'invalid_token' });
  });
});

describe('GET|POST /oauth2/identifier', () => {
  const key = new TextEncoder().encode(WEB.secret);
  async function userToken(): Promise<string> {
    const response = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: 'admin', password: 'admin', scope: 'pgfleet' });
    return (await json(response)).access_token as string;
  }

  it('finds a user by username for a Bearer caller, from a JSON body', async () => {
    const response = await fetch(`${auth.url}/oauth2/identifier`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await userToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'admin' }),
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ username: 'admin', identifiers: ['username'] });
  });

  it('authenticates by the __Secure-AT cookie', async () => {
    const response = await fetch(`${auth.url}/oauth2/identifier?value=admin`, { headers: { cookie: `__Secure-AT=${await userToken()}` } });
    expect(response.status).toBe(200);
  });

  it('refuses an unsigned (alg none) token with 400 invalid_request', async () => {
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from(JSON.stringify({ aud: WEB.id, sub: 'x', exp: 4_000_000_000 })).toString('base64url');
    const response = await fetch(`${auth.url}/oauth2/identifier?value=admin`, { headers: { authorization: `Bearer ${header}.${payload}.` } });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('invalid_request');
  });

  it('refuses a token signed with another key with 400 invalid_request', async () => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setAudience(WEB.id).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-at-all'));
    const response = await fetch(`${auth.url}/oauth2/identifier?value=admin`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('invalid_request');
  });

  it('answers an expired token with 403 forbidden', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setAudience(WEB.id).setSubject('x').setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key);
    const response = await fetch(`${auth.url}/oauth2/identifier?value=admin`, { headers: { authorization: `Bearer ${expired}` } });
    expect(response.status).toBe(403);
    expect(await json(response)).toEqual({ error: 'forbidden', error_description: 'Token expired.' });
  });

  it('answers 401 without credentials and 400 without a value', async () => {
    expect((await fetch(`${auth.url}/oauth2/identifier?value=admin`)).status).toBe(401);
    const empty = await fetch(`${auth.url}/oauth2/identifier`, { headers: { authorization: `Bearer ${await userToken()}` } });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toEqual({ error: 'invalid_request', error_description: 'Invalid request.' });
  });
});

describe('GET /oauth2/callback', () => {
  it('sends the browser on to the site callback page with the query kept', async () => {
    const response = await fetch(`${auth.url}/oauth2/callback?code=abc&state=s`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard?code=abc&state=s');
  });
});
