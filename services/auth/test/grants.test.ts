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

describe('token exchange', () => {
  it('issues a fresh token set for the same session and retires the subject token at once', async () => {
    const first = await client.genericGrantRequest(config, 'password', { username: 'admin', password: 'admin', scope: 'pgfleet' });
    // JWTs minted within one second for one session are byte-identical; wait so the two differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const exchanged = await client.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:token-exchange', {
      subject_token: first.access_token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect(exchanged.session).toBe(first.session);
    expect(exchanged.access_token).not.toBe(first.access_token);
    expect((await client.tokenIntrospection(config, first.access_token)).active).toBe(false);
    expect((await client.tokenIntrospection(config, exchanged.access_token)).active).toBe(true);
  });

  it('refuses an unknown subject_token_type with unsupported_token_type', async () => {
    const response = await form(`${auth.url}/oauth2/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: WEB.id,
      client_secret: WEB.secret,
      subject_token: 'x',
      subject_token_type: 'urn:example:saml',
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('unsupported_token_type');
  });
});

describe('implicit style through the login page', () => {
  it('puts the token set in the fragment for response_type=token', async () => {
    const url = `${auth.url}/oauth2/authorize?${new URLSearchParams({ client_id: WEB.id, redirect_uri: REDIRECT, response_type: 'token', scope: 'pgfleet', state: 's1' }).toString()}`;
    const result = await loginThroughPage(url, 'admin', 'admin');
    expect(result.status).toBe(302);
    const [base, fragment] = (result.location as string).split('#');
    expect(base).toBe(REDIRECT);
    const values = new URLSearchParams(fragment);
    expect(values.get('token_type')).toBe('Bearer');
    expect(values.get('state')).toBe('s1');
    expect(values.get('access_token')?.split('.')).toHaveLength(3);
  });
});

describe('the installation as its own code provider', () => {
  it('exchanges a code at its own token endpoint and lands on the site callback with the token fragment and cookies', async () => {
    const landing = `${auth.url}/oauth2/code/default`;
    const signIn = await form(`${auth.url}/oauth2/token`, {
      grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: 'admin', password: 'admin', response_type: 'code', redirect_uri: landing, scope: 'pgfleet',
    });
    const code = (await json(signIn)).code as string;
    const response = await fetch(`${landing}?code=${encodeURIComponent(code)}&state=debug`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location') as string;
    // state=debug selects the site's debug page instead of its callback.
    expect(location.startsWith('/oauth2/login#access_token=')).toBe(true);
    expect(new URLSearchParams(location.split('#')[1]).get('state')).toBe('debug');
    expect(response.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(expect.arrayContaining(['__Secure-AT', 'SID']));
  });

  it('passes the token endpoint error of a spent code to the error page', async () => {
    const response = await fetch(`${auth.url}/oauth2/code/default?code=spent`, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') as string, auth.url);
    expect(location.searchParams.get('error')).toBe('invalid_grant');
    expect(location.searchParams.get('code')).toBe('400');
  });
});
