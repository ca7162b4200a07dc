import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { ANDROID, SERVICE, WEB, basic, form, json, startAuth, type RunningAuth } from './harness.js';

let auth: RunningAuth;
const insecure = { execute: [client.allowInsecureRequests] };

beforeAll(async () => {
  auth = await startAuth();
});
afterAll(async () => {
  await auth.stop();
});

async function openid(id: string, secret: string, method: 'post' | 'basic' = 'post'): Promise<client.Configuration> {
  const authentication = method === 'basic' ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret);
  // Tokens are HS256 (database-minted); tell the client so it accepts the id_token header.
  return client.discovery(new URL(auth.url), id, { id_token_signed_response_alg: 'HS256' }, authentication, insecure);
}

async function oauthError(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof client.ResponseBodyError) return { status: err.status, body: err.cause };
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
      return { status: err.status, body: await json(err.response) };
    }
    throw err;
  }
  throw new Error('expected an OAuth error');
}

describe('discovery', () => {
  it('names PUBLIC_URL as the issuer in both metadata documents, and openid-client accepts it', async () => {
    const config = await openid(SERVICE.id, SERVICE.secret);
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(auth.url);
    expect(metadata.token_endpoint).toBe(`${auth.url}/oauth2/token`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    const rfc8414 = await json(await fetch(`${auth.url}/.well-known/oauth-authorization-server`));
    expect(rfc8414.issuer).toBe(auth.url);
  });

  it('is accepted by oauth4webapi discovery', async () => {
    const issuer = new URL(auth.url);
    const response = await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    expect(as.introspection_endpoint).toBe(`${auth.url}/oauth2/introspect`);
    expect(as.revocation_endpoint).toBe(`${auth.url}/oauth2/revoke`);
  });

  it('serves an empty key set while HS256 is the only algorithm', async () => {
    const response = await fetch(`${auth.url}/oauth2/jwks`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ keys: [] });
  });
});

describe('client_credentials', () => {
  it('issues a 24-hour service token to openid-client with Basic authentication and sets service cookies', async () => {
    const config = await openid(SERVICE.id, SERVICE.secret, 'basic');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'pgfleet' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(86_400);
    expect(tokens.access_token.split('.')).toHaveLength(3);

    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials', scope: 'pgfleet' }, { authorization: basic(SERVICE.id, SERVICE.secret) });
    const cookies = raw.headers.getSetCookie();
    expect(cookies.some((c) => /^__Secure-SAT=[^;]+; Path=\/; Max-Age=5184000; HttpOnly; SameSite=None; Secure$/.test(c))).toBe(true);
    expect(cookies.some((c) => c.startsWith('__Secure-SRT='))).toBe(true);
    expect(cookies.some((c) => c.startsWith('SID='))).toBe(false);
  });

  it('works through oauth4webapi with client_secret_post', async () => {
    const issuer = new URL(auth.url);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true }));
    const c: oauth.Client = { client_id: SERVICE.id, id_token_signed_response_alg: 'HS256' };
    const response = await oauth.clientCredentialsGrantRequest(as, c, oauth.ClientSecretPost(SERVICE.secret), { scope: 'pgfleet' }, { [oauth.allowInsecureRequests]: true });
    const tokens = await oauth.processClientCredentialsResponse(as, c, response);
    expect(typeof tokens.access_token).toBe('string');
  });

  it('accepts a JSON body', async () => {
    const response = await fetch(`${auth.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: SERVICE.id, client_secret: SERVICE.secret, scope: 'pgfleet' }),
    });
    expect(response.status).toBe(200);
    expect((await json(response)).token_type).toBe('Bearer');
  });

  it('rejects a wrong secret with 401 unauthorized_client and a WWW-Authenticate challenge', async () => {
    const config = await openid(SERVICE.id, 'not-the-secret');
    const { status, body } = await oauthError(client.clientCredentialsGrant(config));
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'unauthorized_client', error_description: 'The client is not authorized.' });
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials', client_id: SERVICE.id, client_secret: 'nope' });
    expect(raw.headers.get('www-authenticate')).toBe('Bearer error="access_denied", error_description="The client is not authorized."');
  });

  it('rejects an unknown client with 401 invalid_client', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' });
    expect(raw.status).toBe(401);
    expect((await json(raw)).error).toBe('invalid_client');
  });
});

describe('password and refresh_token', () => {
  it('signs in with the password grant and rotates the refresh token; the old refresh token is then rejected', async () => {
    const config = await openid(WEB.id, WEB.secret);
    const first = await client.genericGrantRequest(config, 'password', { username: 'admin', password: 'admin', access_type: 'offline', scope: 'pgfleet openid' });
    expect(first.refresh_token).toBeDefined();
    expect(first.claims()?.sub).toBe('admin');
    const second = await client.refreshTokenGrant(config, first.refresh_token as string);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const { status, body } = await oauthError(client.refreshTokenGrant(config, first.refresh_token as string));
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toBe('Malformed refresh token.');
  });

  it('rotates through oauth4webapi too', async () => {
    const issuer = new URL(auth.url);
    const options = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    const c: oauth.Client = { client_id: WEB.id, id_token_signed_response_alg: 'HS256' };
    const clientAuth = oauth.ClientSecretBasic(WEB.secret);
    const signIn = await oauth.processGenericTokenEndpointResponse(
      as,
      c,
      await oauth.genericTokenEndpointRequest(as, c, clientAuth, 'password', { username: 'admin', password: 'admin', access_type: 'offline', scope: 'pgfleet' }, options),
    );
    const rotated = await oauth.processRefreshTokenResponse(as, c, await oauth.refreshTokenGrantRequest(as, c, clientAuth, signIn.refresh_token as string, options));
    // Same second, same claims: the JWT may repeat, the refresh token never does.
    expect(rotated.refresh_token).toBeDefined();
    expect(rotated.refresh_token).not.toBe(signIn.refresh_token);
  });

  it('sets AT, RT and SID cookies for a user sign-in', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: 'admin', password: 'admin', access_type: 'offline' });
    const cookies = raw.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['__Secure-AT', '__Secure-RT', 'SID']);
    expect(cookies[2]).toMatch(/; Path=\/; Max-Age=5184000; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('refuses a wrong password with 401 access_denied', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: 'admin', password: 'wrong' });
    expect(raw.status).toBe(401);
    expect((await json(raw)).error).toBe('access_denied');
  });

  it('signs in without a client_id from a loopback address, as the default web client', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', username: 'admin', password: 'admin' });
    expect(raw.status).toBe(200);
    const claims = JSON.parse(Buffer.from(((await json(raw)).access_token as string).split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
    expect(claims.aud).toBe(WEB.id);
  });

  it('refuses a missing client_id for other grants', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials' });
    expect(raw.status).toBe(400);
    expect(await json(raw)).toEqual({ error: 'invalid_request', error_description: 'client_id cannot be empty' });
  });

  it('fills the web secret for a browser from an allowed Origin and refuses other origins', async () => {
    const allowed = await form(
      `${auth.url}/oauth2/token`,
      { grant_type: 'password', client_id: WEB.id, username: 'admin', password: 'admin' },
      { origin: 'http://localhost:4977' },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4977');
    const refused = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', client_id: WEB.id, username: 'admin', password: 'admin' }, { origin: 'https://evil.example' });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({ error: 'invalid_request', error_description: 'Origin not allowed: https://evil.example' });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never fills the secret of a client outside SECRET_FILL_APPS', async () => {
    const raw = await form(`${auth.url}/oauth2/token`, { grant_type: 'password', client_id: ANDROID.id, username: 'admin', password: 'admin' }, { origin: 'http://localhost:4977' });
    expect(await json(raw)).toEqual({ error: 'invalid_request', error_description: 'client_secret cannot be empty' });
  });
});

describe('introspection and revocation', () => {
  it('introspects a live token for openid-client, and reports it inactive after revocation', async () => {
    const config = await openid(WEB.id, WEB.secret);
    const tokens = await client.genericGrantRequest(config, 'password', { username: 'admin', password: 'admin', scope: 'pgfleet' });
    const live = await client.tokenIntrospection(config, tokens.access_token);
    expect(live.active).toBe(true);
    expect(live.client_id).toBe(WEB.id);
    expect(live.username).toBe('admin');
    expect(live.sub).toBe(tokens.session);

    await client.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
    const dead = await client.tokenIntrospection(config, tokens.access_token);
    expect(dead.active).toBe(false);
  });

  it('revokes the refresh chain through oauth4webapi so the refresh grant fails afterwards', async () => {
    const issuer = new URL(auth.url);
    const options = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    const c: oauth.Client = { client_id: WEB.id, id_token_signed_response_alg: 'HS256' };
    const clientAuth = oauth.ClientSecretPost(WEB.secret);
    const tokens = await oauth.processGenericTokenEndpointResponse(
      as,
      c,
      await oauth.genericTokenEndpointRequest(as, c, clientAuth, 'password', { username: 'admin', password: 'admin', access_type: 'offline', scope: 'pgfleet' }, options),
    );
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, c, clientAuth, tokens.refresh_token as string, options));
    const introspected = await oauth.processIntrospectionResponse(as, c, await oauth.introspectionRequest(as, c, clientAuth, tokens.refresh_token as string, options));
    expect(introspected.active).toBe(false);
    const refresh = await form(`${auth.url}/oauth2/token`, { grant_type: 'refresh_token', client_id: WEB.id, client_secret: WEB.secret, refresh_token: tokens.refresh_token as string });
    expect(refresh.status).toBe(400);
    expect((await json(refresh)).error).toBe('invalid_grant');
  });

  it('reports an unknown or forged token as inactive', async () => {
    const raw = await form(`${auth.url}/oauth2/introspect`, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }, { authorization: basic(WEB.id, WEB.secret) });
    expect(raw.status).toBe(200);
    expect(await json(raw)).toEqual({ active: false });
  });

  it('requires client authentication for introspection', async () => {
    const anonymous = await form(`${auth.url}/oauth2/introspect`, { token: 'x' });
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).error).toBe('invalid_client');
    const wrong = await form(`${auth.url}/oauth2/revoke`, { token: 'x' }, { authorization: basic(WEB.id, 'wrong') });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error).toBe('unauthorized_client');
  });
});

describe('malformed requests', () => {
  const token = (): string => `${auth.url}/oauth2/token`;

  it('reads unparsable JSON as an empty payload: no client → invalid_request', async () => {
    const raw = await fetch(token(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
    expect(raw.status).toBe(400);
    expect(await json(raw)).toEqual({ error: 'invalid_request', error_description: 'client_id cannot be empty' });
  });

  it('answers a missing grant_type with unsupported_grant_type', async () => {
    const raw = await form(token(), { client_id: SERVICE.id, client_secret: SERVICE.secret });
    expect(raw.status).toBe(400);
    expect(await json(raw)).toEqual({ error: 'unsupported_grant_type', error_description: 'Missing parameter: grant_type' });
  });

  it('answers an unknown grant_type with unsupported_grant_type naming it', async () => {
    const raw = await form(token(), { grant_type: 'magic', client_id: SERVICE.id, client_secret: SERVICE.secret });
    expect(await json(raw)).toEqual({ error: 'unsupported_grant_type', error_description: 'Invalid parameter "grant_type": magic.' });
  });

  it('refuses another authorization scheme with invalid_request', async () => {
    const raw = await form(token(), { grant_type: 'client_credentials' }, { authorization: 'Bearer abc' });
    expect(raw.status).toBe(400);
    expect(await json(raw)).toEqual({ error: 'invalid_request', error_description: 'Invalid authorization schema.' });
  });

  it('takes the parameters from the query string when the body is empty', async () => {
    const raw = await fetch(`${token()}?grant_type=client_credentials&client_id=${SERVICE.id}&client_secret=${SERVICE.secret}&scope=pgfleet`, { method: 'POST' });
    expect(raw.status).toBe(200);
  });

  it('refuses a forged jwt-bearer assertion (alg none) without a 5xx', async () => {
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: auth.url, aud: WEB.id, sub: 'admin', exp: 4_000_000_000 })).toString('base64url');
    const raw = await form(token(), { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${header}.${payload}.` });
    expect(raw.status).toBeGreaterThanOrEqual(400);
    expect(raw.status).toBeLessThan(500);
    expect((await json(raw)).error).toBe('invalid_request');
  });
});

describe('routing rules', () => {
  it('answers OPTIONS with 204 and Allow, with CORS headers for a listed origin', async () => {
    const raw = await fetch(`${auth.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:4977' } });
    expect(raw.status).toBe(204);
    expect(raw.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect(raw.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4977');
    expect(raw.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(raw.headers.get('access-control-allow-headers')).toBe('Content-Type, X-Requested-With, Authorization');
    expect(raw.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers other methods with 405 text/plain', async () => {
    const raw = await fetch(`${auth.url}/oauth2/token`, { method: 'PUT' });
    expect(raw.status).toBe(405);
    expect(raw.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await raw.text()).toBe('405 Method Not Allowed');
  });

  it('answers unknown actions: GET with an empty 404, POST with an OAuth 404', async () => {
    const get = await fetch(`${auth.url}/oauth2/nothing`);
    expect(get.status).toBe(404);
    expect(await get.text()).toBe('');
    const post = await fetch(`${auth.url}/oauth2/nothing`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(await json(post)).toEqual({ error: 'invalid_request', error_description: 'Not found.' });
  });

  it('leaves the probes to the shared server', async () => {
    expect(await (await fetch(`${auth.url}/healthz`)).text()).toBe('ok');
  });
});
