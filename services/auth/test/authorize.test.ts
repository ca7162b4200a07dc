import * as client from 'openid-client';
import { REDIRECT, WEB, form, json, startAuth, type RunningAuth } from './harness.js';
import { loginThroughPage } from './login-flow.js';

let auth: RunningAuth;
let config: client.Configuration;

beforeAll(async () => {
  auth = await startAuth();
  config = await client.discovery(new URL(auth.url), WEB.id, { id_token_signed_response_alg: 'HS256' }, client.ClientSecretPost(WEB.secret), {
    execute: [client.allowInsecureRequests],
  });
});
afterAll(async () => {
  await auth.stop();
});

function authorizeUrl(params: Record<string, string>): string {
  return `${auth.url}/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

async function redirectOf(params: Record<string, string>): Promise<URL> {
  const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string, auth.url);
}

describe('GET /oauth2/authorize', () => {
  const valid = { client_id: WEB.id, redirect_uri: REDIRECT, response_type: 'code', scope: 'pgfleet', state: 'st 1' };

  it('hands a valid request to the login page with the parameters encoded', async () => {
    const response = await fetch(authorizeUrl(valid), { redirect: 'manual' });
    expect(response.headers.get('location')).toBe(
      `/oauth2/login?client_id=${WEB.id}&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A4977%2Foauth2%2Fcallback&scope=pgfleet&state=st%201`,
    );
  });

  it('forwards an S256 PKCE challenge to the login page', async () => {
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    const location = await redirectOf({ ...valid, code_challenge: challenge, code_challenge_method: 'S256' });
    expect(location.searchParams.get('code_challenge')).toBe(challenge);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it.each([
    ['an empty redirect_uri', { redirect_uri: '' }, 400, 'invalid_request', 'redirect_uri cannot be empty'],
    ['an unknown client', { client_id: 'nobody' }, 401, 'invalid_client', 'OAuth client not found'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 400, 'invalid_request', 'invalid redirect_uri, non-public domain: https://evil.example/cb'],
    ['an unknown response_type', { response_type: 'code id_token' }, 400, 'unsupported_response_type', '{valid=[code], invalid=[id_token]}'],
    ['an invalid access_type', { access_type: 'forever' }, 400, 'invalid_request', 'invalid access_type'],
    ['an unknown scope', { scope: 'pgfleet,admin' }, 400, 'invalid_scope', '{valid=[pgfleet], invalid=[admin]}'],
    ['an unknown prompt', { prompt: 'login' }, 400, 'unsupported_prompt_type', '{valid=[], invalid=[login]}'],
    ['the plain PKCE method', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 400, 'invalid_request', 'code_challenge_method must be S256'],
    ['a malformed PKCE challenge', { code_challenge: 'short', code_challenge_method: 'S256' }, 400, 'invalid_request', 'invalid code_challenge'],
  ])('redirects %s to the error page', async (_name, change, code, error, description) => {
    const location = await redirectOf({ ...valid, ...change });
    expect(location.pathname).toBe('/oauth2/login');
    expect(location.searchParams.get('code')).toBe(String(code));
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('error_description')).toBe(description);
  });

  it('checks in the spec order: an empty redirect_uri wins over an unknown client', async () => {
    const location = await redirectOf({ client_id: 'nobody', response_type: 'bogus' });
    expect(location.searchParams.get('error_description')).toBe('redirect_uri cannot be empty');
  });

  it('renders the error page in Russian on request', async () => {
    const response = await fetch(`${auth.url}/oauth2/login?code=400&error=invalid_scope&error_description=x&lang=ru`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Не удалось войти: invalid_scope');
    expect(html).not.toContain('<form');
  });
});

describe('login page and authorization_code + PKCE', () => {
  async function signIn(extra: Record<string, string> = {}, tamper?: (fields: Record<string, string>) => void) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'pgfleet',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...extra,
    });
    const result = await loginThroughPage(url.href, 'admin', 'admin', tamper);
    return { result, verifier, state };
  }

  it('renders an accessible English form without scripts', async () => {
    const response = await fetch(`${auth.url}/oauth2/login?client_id=${WEB.id}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`, {
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    });
    const html = await response.text();
    expect(html).toContain('<label for="username">');
    expect(html).toContain('<label for="password">');
    expect(html).not.toContain('<script');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain('form-action \'self\' http://127.0.0.1:4977');
  });

  it('signs in, redirects with code and state, and openid-client redeems the code with the verifier', async () => {
    const { result, verifier, state } = await signIn();
    expect(result.status).toBe(302);
    const callback = new URL(result.location as string);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
  });

  it('rejects a reused code with invalid_grant', async () => {
    const { result, verifier, state } = await signIn();
    const callback = new URL(result.location as string);
    await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    const again = await form(`${auth.url}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code: callback.searchParams.get('code') as string, redirect_uri: REDIRECT, code_verifier: verifier,
    });
    expect(again.status).toBe(400);
    expect(await json(again)).toEqual({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
  });

  it('rejects a different redirect_uri at redemption with invalid_grant', async () => {
    const { result, verifier } = await signIn();
    const code = new URL(result.location as string).searchParams.get('code') as string;
    const response = await form(`${auth.url}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code, redirect_uri: 'http://localhost:4977/oauth2/callback', code_verifier: verifier,
    });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'invalid_grant', error_description: 'Redirect URI mismatch.' });
  });

  it('rejects a PKCE verifier that does not match the challenge with invalid_grant', async () => {
    const { result } = await signIn();
    const code = new URL(result.location as string).searchParams.get('code') as string;
    const response = await form(`${auth.url}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code, redirect_uri: REDIRECT, code_verifier: client.randomPKCECodeVerifier(),
    });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
  });

  it('re-renders the page with the reason on a wrong password', async () => {
    const { result } = await signIn({}, (fields) => {
      fields.password = 'wrong';
    });
    expect(result.status).toBe(401);
    expect(result.html).toContain('role="alert"');
    expect(result.html).toContain('value="admin"');
  });

  it('refuses a form without the CSRF token', async () => {
    const { result } = await signIn({}, (fields) => {
      fields.csrf = 'forged';
    });
    expect(result.status).toBe(403);
    expect(result.location).toBeNull();
  });

  it('refuses a form whose redirect_uri was changed to an unregistered one', async () => {
    const { result } = await signIn({}, (fields) => {
      fields.redirect_uri = 'https://evil.example/cb';
    });
    expect(result.status).toBe(400);
    expect(result.location).toBeNull();
  });
});
