import { createHash, createHmac, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { anonymous, createUser, errorOf, fetch, one, openDatabase, rows, service, sessionFetch, signIn, str, token, web, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

beforeAll(async () => {
  db = await openDatabase('daemon');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
});

afterAll(async () => {
  await db.close();
});

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function claimsOf(jwt: string): Json {
  const [, payload] = jwt.split('.');
  return JSON.parse(Buffer.from(str(payload), 'base64url').toString('utf8')) as Json;
}

function hs256(claims: Json, secret: string): string {
  const signing = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}`;
  return `${signing}.${createHmac('sha256', secret).update(signing).digest('base64url')}`;
}

// The access token's claims have one-second resolution, so a token re-issued for
// the same session within the same second is byte-identical to the old one.
const nextSecond = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1100));

function pkce(): { verifier: string; challenge: string } {
  const verifier = b64url(randomBytes(48));
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('daemon.token client authentication', () => {
  it('names a missing grant_type', async () => {
    expect(await token(daemon, web.id, web.secret, {})).toEqual({
      error: { code: 400, error: 'unsupported_grant_type', message: 'Missing parameter: grant_type' },
    });
  });

  it('refuses an unknown client with invalid_client', async () => {
    const answer = await token(daemon, 'nobody', 'x', { grant_type: 'client_credentials' });
    expect(errorOf(answer)).toMatchObject({ code: 401, error: 'invalid_client' });
  });

  it('refuses a wrong client secret with unauthorized_client', async () => {
    const answer = await token(daemon, web.id, 'wrong', { grant_type: 'client_credentials' });
    expect(errorOf(answer)).toMatchObject({ code: 401, error: 'unauthorized_client' });
  });

  it('names an unknown grant', async () => {
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'magic' });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'unsupported_grant_type', message: 'Invalid parameter "grant_type": magic.' });
  });

  it('refuses a payload that is not an object', async () => {
    const answer = await one(daemon, 'SELECT daemon.token($1, $2, $3::jsonb)', [web.id, web.secret, '["grant_type"]']);
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'invalid_request' });
  });

  it('reports an unknown scope as server_error with the InvalidScope message', async () => {
    const user = await createUser(kernel);
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password, scope: 'nosuchscope' });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'server_error' });
    expect(errorOf(answer)?.message).toContain('nosuchscope');
  });
});

describe('password grant', () => {
  it('issues a token set whose access token carries exactly iss, aud, sub, iat and exp', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password, { state: 'xyz' });
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 3600, state: 'xyz', session: expect.stringMatching(/^[0-9a-f]{40}$/), secret: expect.any(String) });
    const claims = claimsOf(str(answer.access_token));
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub']);
    expect(claims).toMatchObject({ aud: web.id, sub: answer.session });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('issues a refresh token for offline access only', async () => {
    const user = await createUser(kernel);
    const online = await signIn(daemon, user.username, user.password);
    expect(online.refresh_token).toBeUndefined();
    const offline = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    expect(offline.refresh_token).toEqual(expect.any(String));
  });

  it('answers a wrong password with access_denied', async () => {
    const user = await createUser(kernel);
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: 'wrong' });
    expect(errorOf(answer)).toMatchObject({ code: 401, error: 'access_denied' });
  });

  it('locks a user after five failures so that the right password is refused next', async () => {
    const user = await createUser(kernel);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: 'wrong' });
    }
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password });
    expect(errorOf(answer)).toMatchObject({ code: 401, error: 'access_denied' });
  });

  it('refuses a sign-in from an address on the user deny list', async () => {
    const user = await createUser(kernel);
    await kernel.query(`SELECT kernel.SetIPTableStr($1, 'D', '10.1.2.3')`, [user.id]);
    const denied = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password }, '10.1.2.3');
    expect(errorOf(denied)).toMatchObject({ code: 401, error: 'access_denied' });
    const allowed = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password }, '10.9.9.9');
    expect(allowed.access_token).toEqual(expect.any(String));
  });

  it('signs in with the user secret credential returned by sign-up', async () => {
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const username = `secret${process.pid}`;
    // Without a password the user's implicit password is what the credential unlocks.
    const [signup] = await fetch(daemon, str(client.access_token), '/api/v1/sign/up', { username });
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', secret: str(signup?.secret) });
    expect(answer.access_token).toEqual(expect.any(String));
  });
});

describe('authorization_code grant and PKCE', () => {
  const codeFor = async (extra: Json = {}): Promise<Json> => {
    const user = await createUser(kernel);
    return signIn(daemon, user.username, user.password, { response_type: 'code', redirect_uri: 'http://127.0.0.1:4977/oauth2/callback', ...extra });
  };

  it('exchanges a code once and refuses it the second time', async () => {
    const issued = await codeFor();
    expect(issued.access_token).toBeUndefined();
    const payload = { grant_type: 'authorization_code', code: issued.code, redirect_uri: 'http://127.0.0.1:4977/oauth2/callback' };
    const first = await token(daemon, web.id, web.secret, payload);
    expect(first).toMatchObject({ session: issued.session, access_token: expect.any(String) });
    const second = await token(daemon, web.id, web.secret, payload);
    expect(errorOf(second)).toMatchObject({ code: 400, error: 'invalid_grant' });
  });

  it('refuses another redirect_uri than the one the code was issued for', async () => {
    const issued = await codeFor();
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', code: issued.code, redirect_uri: 'http://evil.example/cb' });
    expect(errorOf(answer)).toMatchObject({ error: 'invalid_grant', message: 'Redirect URI mismatch.' });
  });

  it('names a missing code and a missing redirect_uri', async () => {
    expect(errorOf(await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', redirect_uri: 'x' }))).toMatchObject({ error: 'invalid_request', message: 'Missing parameter: code' });
    expect(errorOf(await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', code: 'x' }))).toMatchObject({ error: 'invalid_request', message: 'Missing parameter: redirect_uri' });
  });

  it('accepts the matching code_verifier of an S256 challenge', async () => {
    const { verifier, challenge } = pkce();
    const issued = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', code: issued.code, redirect_uri: 'http://127.0.0.1:4977/oauth2/callback', code_verifier: verifier });
    expect(answer.access_token).toEqual(expect.any(String));
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const { challenge } = pkce();
    const issued = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', code: issued.code, redirect_uri: 'http://127.0.0.1:4977/oauth2/callback', code_verifier: pkce().verifier });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'invalid_grant' });
  });

  it('refuses a missing code_verifier with invalid_grant', async () => {
    const { challenge } = pkce();
    const issued = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'authorization_code', code: issued.code, redirect_uri: 'http://127.0.0.1:4977/oauth2/callback' });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'invalid_grant' });
  });

  it('refuses the plain challenge method with invalid_request', async () => {
    const user = await createUser(kernel);
    const answer = await token(daemon, web.id, web.secret, {
      grant_type: 'password', username: user.username, password: user.password, response_type: 'code',
      code_challenge: 'a'.repeat(43), code_challenge_method: 'plain',
    });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'invalid_request' });
  });
});

describe('refresh_token, client_credentials, token-exchange, ticket and jwt-bearer grants', () => {
  it('rotates the refresh token and refuses the old one', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    await nextSecond();
    const second = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second).toMatchObject({ session: first.session, access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const again = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(errorOf(again)).toMatchObject({ code: 400, error: 'invalid_grant' });
    const [old] = await fetch(daemon, str(first.access_token), '/api/v1/whoami');
    expect(errorOf(old)?.code).toBe(403);
  });

  it('rotates a refresh token presented twice at once only once', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    const other = await db.client('daemon');
    try {
      await daemon.query('BEGIN');
      const winner = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      // The second exchange waits for the first transaction's row lock on the token.
      const racing = token(other, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await daemon.query('COMMIT');
      expect(winner).toMatchObject({ session: first.session, refresh_token: expect.any(String) });
      expect(errorOf(await racing)).toMatchObject({ code: 400, error: 'invalid_grant', message: 'Malformed refresh token.' });
    } finally {
      await other.end();
    }
  });

  it('names a missing refresh_token', async () => {
    expect(errorOf(await token(daemon, web.id, web.secret, { grant_type: 'refresh_token' }))).toMatchObject({ error: 'invalid_request', message: 'Missing parameter: refresh_token' });
  });

  it('gives a client its own one-day offline session', async () => {
    const answer = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    expect(answer).toMatchObject({ expires_in: 86400, refresh_token: expect.any(String) });
    const [me] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['name', 'admin'] });
    expect(me).toMatchObject({ admin: false });
  });

  it('exchanges an access token for a new set of the same session, the old token dying', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password);
    await nextSecond();
    const exchanged = await token(daemon, web.id, web.secret, { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: first.access_token });
    expect(exchanged).toMatchObject({ session: first.session, access_token: expect.any(String) });
    const [old] = await fetch(daemon, str(first.access_token), '/api/v1/whoami');
    expect(errorOf(old)?.code).toBe(403);
  });

  it('refuses an unknown subject_token_type', async () => {
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: 'x', subject_token_type: 'urn:x' });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'unsupported_token_type' });
  });

  it('signs a user in with a recovery ticket and its code', async () => {
    const user = await createUser(kernel);
    const ticket = await kernel.query<{ ticket: string }>(`SELECT kernel.NewRecoveryTicket($1, '424242', 'jest') AS ticket`, [user.id]);
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'ticket', ticket: ticket.rows[0]?.ticket, code: '424242' });
    expect(answer.access_token).toEqual(expect.any(String));
    const [me] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['userid'] });
    expect(me).toEqual({ userid: user.id });
  });

  it('refuses a ticket with the wrong code', async () => {
    const user = await createUser(kernel);
    const ticket = await kernel.query<{ ticket: string }>(`SELECT kernel.NewRecoveryTicket($1, '424242', 'jest') AS ticket`, [user.id]);
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'ticket', ticket: ticket.rows[0]?.ticket, code: '000000' });
    expect(errorOf(answer)).toMatchObject({ code: 401, error: 'access_denied' });
  });

  it('signs the client in with an HS256 assertion of the internal provider', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = hs256({ iss: 'accounts.pgfleet.local', aud: web.id, sub: 'jest', iat: now, exp: now + 60 }, web.secret);
    const answer = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(answer.access_token).toEqual(expect.any(String));
  });

  it('refuses an assertion signed with another key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = hs256({ iss: 'accounts.pgfleet.local', aud: web.id, sub: 'jest', iat: now, exp: now + 60 }, 'not-the-secret');
    const answer = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(errorOf(answer)).toMatchObject({ code: 400 });
  });

  it('refuses an expired assertion with 403', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = hs256({ iss: 'accounts.pgfleet.local', aud: web.id, sub: 'jest', iat: now - 120, exp: now - 60 }, web.secret);
    const answer = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(errorOf(answer)?.code).toBe(403);
  });
});

describe('external identity provider through jwt-bearer', () => {
  const google = { id: `google-web-${process.pid}`, secret: 'google-test-secret-1' };

  beforeAll(async () => {
    await kernel.query(`SELECT kernel.CreateAudience(kernel.AddProvider('E', 'google', 'Google'), kernel.GetApplication('web'), kernel.GetAlgorithm('HS256'), $1, $2, 'Google web')`, [google.id, google.secret]);
    await kernel.query(`SELECT kernel.AddIssuer(kernel.GetProvider('google'), 'https://accounts.google.com', 'Google')`);
    // The service user every audience has (SyncOAuth2Config creates it for file-configured clients).
    await kernel.query(`SELECT kernel.AddMemberToGroup(kernel.CreateUser($1, $2, 'Google web', null, null, null, false, false), '00000000-0000-4000-a000-000000000000'::uuid)`, [google.id, google.secret]);
  });

  const assertion = (sub: string, email: string): string => {
    const now = Math.floor(Date.now() / 1000);
    return hs256({ iss: 'https://accounts.google.com', aud: google.id, sub, email, name: 'Jane Doe', given_name: 'Jane', family_name: 'Doe', iat: now, exp: now + 60 }, google.secret);
  };

  it('creates a local user for a new subject and signs it in through the default provider', async () => {
    const answer = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion('g-1', `jane${process.pid}@example.com`) });
    expect(answer.access_token).toEqual(expect.any(String));
    expect(claimsOf(str(answer.access_token)).aud).toBe(web.id);
    const [me] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['email'] });
    expect(me).toEqual({ email: `jane${process.pid}@example.com` });
  });

  it('maps the same subject to the same user the next time', async () => {
    const first = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion('g-2', `john${process.pid}@example.com`) });
    const second = await token(daemon, '', '', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion('g-2', `john${process.pid}@example.com`) });
    const [a] = await fetch(daemon, str(first.access_token), '/api/v1/whoami', { fields: ['userid'] });
    const [b] = await fetch(daemon, str(second.access_token), '/api/v1/whoami', { fields: ['userid'] });
    expect(a).toEqual(b);
  });

  it('refuses an assertion from an unknown issuer', async () => {
    const now = Math.floor(Date.now() / 1000);
    const answer = await token(daemon, '', '', {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: hs256({ iss: 'https://evil.example', aud: google.id, sub: 'x', iat: now, exp: now + 60 }, google.secret),
    });
    expect(errorOf(answer)).toMatchObject({ code: 400 });
  });
});

describe('daemon.fetch and friends', () => {
  it('answers a token whose row has expired with 403', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    await kernel.query(
      `UPDATE db.token SET validFromDate = now() - interval '2 hours', validToDate = now() - interval '1 hour' WHERE hash = kernel.GetTokenHash($1)`,
      [answer.access_token],
    );
    const [row] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami');
    expect(errorOf(row)).toMatchObject({ code: 403 });
    expect(errorOf(row)).not.toHaveProperty('error');
  });

  it('answers a malformed token with an error object instead of raising', async () => {
    const [row] = await fetch(daemon, 'not.a.jwt', '/api/v1/whoami');
    expect(errorOf(row)?.code).toBeGreaterThanOrEqual(400);
  });

  it('closes the session when a wrong secret is presented', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [ok] = await sessionFetch(daemon, str(answer.session), str(answer.secret), '/api/v1/whoami', { fields: ['userid'] });
    expect(ok).toEqual({ userid: user.id });
    const [wrong] = await sessionFetch(daemon, str(answer.session), 'wrong-secret', '/api/v1/whoami');
    expect(errorOf(wrong)).toMatchObject({ code: 401 });
    const [after] = await sessionFetch(daemon, str(answer.session), str(answer.secret), '/api/v1/whoami');
    expect(errorOf(after)?.message).toMatch(/Session code not found/);
    const open = await kernel.query(`SELECT count(*) FROM db.session WHERE code = $1`, [answer.session]);
    expect(Number(open.rows[0]?.count)).toBe(0);
  });

  it('runs an HTTP Basic request and closes its temporary session', async () => {
    const user = await createUser(kernel);
    const result = await rows(daemon, `SELECT * FROM daemon.authorized_fetch($1, $2, 'POST', '/api/v1/whoami', '{"fields":["userid"]}'::jsonb)`, [user.username, user.password]);
    expect(result).toEqual([{ userid: user.id }]);
    const open = await kernel.query(`SELECT count(*) FROM db.session WHERE userid = $1`, [user.id]);
    expect(Number(open.rows[0]?.count)).toBe(0);
  });

  it('follows a Basic /sign/out with an error row because the session is already gone', async () => {
    const user = await createUser(kernel);
    const result = await rows(daemon, `SELECT * FROM daemon.authorized_fetch($1, $2, 'POST', '/api/v1/sign/out')`, [user.username, user.password]);
    expect(result).toHaveLength(2);
    expect(result[0]).toMatchObject({ success: true });
    expect(errorOf(result[1])).toBeDefined();
  });

  it('refuses HTTP Basic with a wrong password', async () => {
    const user = await createUser(kernel);
    const [row] = await rows(daemon, `SELECT * FROM daemon.authorized_fetch($1, 'wrong', 'POST', '/api/v1/whoami')`, [user.username]);
    expect(errorOf(row)).toMatchObject({ code: 401 });
  });

  it('refuses blacklisted paths to anonymous callers only', async () => {
    await kernel.query(`SELECT kernel.RegSetValueString('CURRENT_CONFIG', 'CONFIG\\CurrentProject\\API\\Route', 'Blacklist', '/api/v1/time, /API/v1/locale')`);
    expect(await anonymous(daemon, '/api/v1/time')).toEqual([{ error: { code: 401, message: 'Unauthorized' } }]);
    expect(await anonymous(daemon, '/api/v1/Locale/')).toEqual([{ error: { code: 401, message: 'Unauthorized' } }]);
    const [ping] = await anonymous(daemon, '/api/v1/ping');
    expect(errorOf(ping)?.code).toBe(200);
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [time] = await fetch(daemon, str(answer.access_token), '/api/v1/time');
    expect(time).toHaveProperty('serverTime');
    await kernel.query(`SELECT kernel.RegSetValueString('CURRENT_CONFIG', 'CONFIG\\CurrentProject\\API\\Route', 'Blacklist', ',')`);
  });

  it('does not carry the identity of a previous call into an anonymous one', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    await fetch(daemon, str(answer.access_token), '/api/v1/whoami');
    expect(await anonymous(daemon, '/api/v1/current/userid')).toEqual([{ userid: null }]);
  });
});

describe('daemon.signed_fetch', () => {
  const signed = async (session: string, secret: string, path: string, body: string | null, nonce: number, tamper = false): Promise<Json[]> => {
    const signature = createHmac('sha256', secret).update(`${path.toLowerCase()}${nonce}${body ?? 'null'}`).digest('hex');
    return rows(daemon, `SELECT * FROM daemon.signed_fetch('POST', $1, $2::json, $3, $4, $5)`, [path, body, session, nonce, tamper ? `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}` : signature]);
  };

  it('runs a request whose HMAC signature matches', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const result = await signed(str(answer.session), str(answer.secret), '/api/v1/whoami', '{"fields": ["userid"]}', Date.now() * 1000);
    expect(result).toEqual([{ userid: user.id }]);
  });

  it('refuses a wrong signature with ERR-401-007', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [row] = await signed(str(answer.session), str(answer.secret), '/api/v1/whoami', null, Date.now() * 1000, true);
    expect(errorOf(row)?.code).toBe(401);
    expect(errorOf(row)?.message).toMatch(/^(?!.*ERR-401-002)/);
  });

  it('refuses a stale nonce with ERR-400-004', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [row] = await signed(str(answer.session), str(answer.secret), '/api/v1/whoami', null, (Date.now() - 120_000) * 1000);
    expect(errorOf(row)?.code).toBe(400);
  });

  it('refuses a nonce 20 seconds in the future', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [row] = await signed(str(answer.session), str(answer.secret), '/api/v1/whoami', null, (Date.now() + 20_000) * 1000);
    expect(errorOf(row)?.code).toBe(400);
  });
});

describe('token and session functions', () => {
  it('validates a token into its claims', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    expect(await one(daemon, 'SELECT daemon.validation($1)', [answer.access_token])).toMatchObject({ sub: answer.session, aud: web.id });
  });

  it('returns the same token from refresh_token while it is still valid', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    const refreshed = await one(daemon, 'SELECT daemon.refresh_token($1, $2)', [answer.access_token, answer.refresh_token]);
    expect(refreshed).toMatchObject({ access_token: answer.access_token, session: answer.session });
  });

  it('names a missing refresh token in refresh_token', async () => {
    expect(errorOf(await one(daemon, 'SELECT daemon.refresh_token($1, null)', ['x']))).toMatchObject({ error: 'invalid_request' });
  });

  it('tells which identifiers a value matches', async () => {
    const user = await createUser(kernel);
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const found = await one(daemon, 'SELECT daemon.identifier($1, $2)', [client.access_token, user.username]);
    expect(found).toEqual({ id: user.id, username: user.username, identifiers: ['username'] });
    const none = await one(daemon, 'SELECT daemon.identifier($1, $2)', [client.access_token, 'nobody-at-all']);
    expect(none).toEqual({ id: null, username: null, identifiers: null });
  });

  it('hands out the access token of a session through authorize', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    expect(await one(daemon, 'SELECT daemon.authorize($1)', [answer.session])).toMatchObject({ access_token: answer.access_token, token_type: 'Bearer', session: answer.session });
  });

  it('opens and closes a session by token, a second close reading as 403', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    expect(await one(daemon, 'SELECT * FROM daemon.session_open($1)', [answer.access_token])).toMatchObject({ sub: answer.session });
    expect(await one(daemon, 'SELECT * FROM daemon.session_close($1)', [answer.access_token])).toMatchObject({ sub: answer.session });
    expect(errorOf(await one(daemon, 'SELECT * FROM daemon.session_close($1)', [answer.access_token]))?.code).toBe(403);
  });
});

describe('introspection and revocation', () => {
  it('describes an active access token to an authenticated client', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const info = await one(daemon, 'SELECT daemon.introspect($1, $2, $3, $4)', [web.id, web.secret, answer.access_token, 'access_token']);
    expect(info).toMatchObject({ active: true, client_id: web.id, username: user.username, sub: answer.session, token_type: 'Bearer' });
  });

  it('describes a refresh token', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    const info = await one(daemon, 'SELECT daemon.introspect($1, $2, $3, null)', [web.id, web.secret, answer.refresh_token]);
    expect(info).toMatchObject({ active: true, token_type: 'refresh_token' });
  });

  it('reports an unknown token as inactive', async () => {
    expect(await one(daemon, 'SELECT daemon.introspect($1, $2, $3, null)', [web.id, web.secret, 'garbage'])).toEqual({ active: false });
  });

  it('refuses introspection to a client with a wrong secret', async () => {
    expect(errorOf(await one(daemon, 'SELECT daemon.introspect($1, $2, $3, null)', [web.id, 'wrong', 'x']))).toMatchObject({ code: 401, error: 'unauthorized_client' });
  });

  it('revokes a refresh token so that it can no longer be rotated', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password, { access_type: 'offline' });
    expect(await one(daemon, 'SELECT daemon.revoke($1, $2, $3, $4)', [web.id, web.secret, answer.refresh_token, 'refresh_token'])).toEqual({ success: true });
    const rotated = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: answer.refresh_token });
    expect(errorOf(rotated)).toMatchObject({ error: 'invalid_grant' });
    expect(await one(daemon, 'SELECT daemon.introspect($1, $2, $3, null)', [web.id, web.secret, answer.refresh_token])).toEqual({ active: false });
  });

  it('revokes an access token', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    await one(daemon, 'SELECT daemon.revoke($1, $2, $3, null)', [web.id, web.secret, answer.access_token]);
    const [row] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami');
    expect(errorOf(row)?.code).toBe(403);
  });

  it('ignores a revocation by a client the token was not issued to', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    expect(await one(daemon, 'SELECT daemon.revoke($1, $2, $3, null)', [service.id, service.secret, answer.access_token])).toEqual({ success: true });
    const [row] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['userid'] });
    expect(row).toEqual({ userid: user.id });
  });
});
