import type pg from 'pg';
import { createAdminTestDatabase, type TestDatabase } from './admin.fixture.js';

// Development clients committed in config/oauth2/default.json (installed by SyncOAuth2Config).
const web = { id: 'web-pgfleet.local', secret: 'dev-web-secret-change-me-5Yk2Qm8Rt1' };
const service = { id: 'service-pgfleet.local', secret: 'dev-service-secret-change-me-Hw9Lp3Vz6' };
const adminId = '00000000-0000-4000-a001-000000000001';

type Json = Record<string, unknown>;
interface ErrorBody {
  error?: { code: number; error?: string; message: string };
}

let db: TestDatabase;
let kernel: pg.Client;
let daemon: pg.Client;
let apibot: pg.Client;
let adminToken: string;

async function token(payload: Json, host = '127.0.0.1', client = web): Promise<Json & ErrorBody> {
  const { rows } = await daemon.query<{ t: Json & ErrorBody }>(
    'SELECT daemon.token($1, $2, $3::jsonb, $4, $5::inet) AS t',
    [client.id, client.secret, JSON.stringify(payload), 'jest', host],
  );
  return rows[0]!.t;
}

async function signIn(username: string, password: string, host = '127.0.0.1'): Promise<Json & ErrorBody> {
  return token({ grant_type: 'password', username, password }, host);
}

async function accessToken(username: string, password: string): Promise<string> {
  const result = await signIn(username, password);
  expect(result.error).toBeUndefined();
  return result.access_token as string;
}

async function fetchAs(bearer: string, path: string, payload?: unknown): Promise<Array<Json & ErrorBody>> {
  const { rows } = await daemon.query<{ r: Json & ErrorBody }>(
    'SELECT r FROM daemon.fetch($1, $2, $3, $4::jsonb, $5, $6::inet) AS r',
    [bearer, 'POST', `/api/v1${path}`, payload === undefined ? null : JSON.stringify(payload), 'jest', '127.0.0.1'],
  );
  return rows.map((row) => row.r);
}

async function admin(path: string, payload?: unknown): Promise<Array<Json & ErrorBody>> {
  return fetchAs(adminToken, path, payload);
}

async function createUser(username: string, password: string): Promise<string> {
  const [row] = await admin('/admin/user/set', {
    username,
    password,
    name: username,
    passwordchange: false,
    passwordnotchange: false,
  });
  expect(row?.error).toBeUndefined();
  return row!.id as string;
}

function jwtPayload(jwt: string): Json {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Json;
}

async function one<T>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await client.query(sql, params);
  return Object.values(rows[0] as object)[0] as T;
}

beforeAll(async () => {
  db = await createAdminTestDatabase();
  kernel = await db.connect('kernel');
  daemon = await db.connect('daemon');
  apibot = await db.connect('apibot');
  adminToken = await accessToken('admin', 'admin');
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('seed data', () => {
  it('names the default scope and default area after the project code, not the database', async () => {
    const { rows } = await kernel.query<{ scope: string; area: string }>(
      `SELECT s.code AS scope, a.code AS area FROM db.scope s, db.area a
        WHERE s.id = '00000000-0000-4006-a000-000000000000' AND a.id = '00000000-0000-4003-a001-000000000001'`,
    );
    expect(rows[0]).toEqual({ scope: 'pgfleet', area: 'pgfleet' });
    expect(db.name).not.toBe('pgfleet');
  });

  it('registers the OIDC scope names as aliases of the default scope', async () => {
    const { rows } = await kernel.query<{ code: string }>(
      `SELECT code FROM db.scope_alias WHERE scope = '00000000-0000-4006-a000-000000000000' ORDER BY code`,
    );
    expect(rows.map((r) => r.code)).toEqual(expect.arrayContaining(['email', 'offline_access', 'openid', 'profile']));
  });

  it('seeds admin, daemon, apibot and mailbot with admin in administrator and message', async () => {
    const groups = await one<string[]>(
      kernel,
      `SELECT array_agg(g.username ORDER BY g.username) FROM db.member_group m JOIN db.user g ON g.id = m.userid
        WHERE m.member = $1`,
      [adminId],
    );
    expect(groups).toEqual(['administrator', 'message']);
    const users = await one<string[]>(
      kernel,
      `SELECT array_agg(username ORDER BY username) FROM db.user WHERE id::text LIKE '00000000-0000-4000-a00%' AND type = 'U'`,
    );
    expect(users).toEqual(['admin', 'apibot', 'daemon', 'mailbot']);
  });

  it('reads the ACL with the login bit rightmost and leaves administrators without substitute', async () => {
    const { rows } = await kernel.query<{ login: boolean; deletearea: boolean; substitute: boolean }>(
      `SELECT kernel.CheckAccessControlList(B'00000000000000001', $1) AS login,
              kernel.CheckAccessControlList(B'10000000000000000', $1) AS deletearea,
              kernel.CheckAccessControlList(B'00010000000000000', $1) AS substitute`,
      [adminId],
    );
    expect(rows[0]).toEqual({ login: true, deletearea: true, substitute: false });
  });
});

describe('sign-in', () => {
  it('returns a token set carrying the session and its secret for the right password', async () => {
    const result = await signIn('admin', 'admin');
    expect(result.error).toBeUndefined();
    expect(result.session).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof result.secret).toBe('string');
    expect(result.token_type).toBe('Bearer');
  });

  it('refuses a wrong password with access_denied and ERR-401-002', async () => {
    await createUser('wrongpw', 'right-one');
    const result = await signIn('wrongpw', 'wrong-one');
    expect(result.error?.error).toBe('access_denied');
    expect(result.error?.message).toContain('ERR-401-002');
  });

  it('locks the account for one minute after five failures, then unlocks when the lock has passed', async () => {
    await createUser('lockme', 'secret-lock');
    for (let i = 0; i < 5; i++) expect((await signIn('lockme', 'nope')).error).toBeDefined();

    const minutes = await one<number>(
      kernel,
      `SELECT round(extract(epoch FROM lock_date - now()) / 60) FROM db.user WHERE username = 'lockme'`,
    );
    expect(Number(minutes)).toBe(1);
    const locked = await signIn('lockme', 'secret-lock');
    expect(locked.error?.error).toBe('access_denied');
    expect(locked.error?.message).toContain('ERR-401-002');

    // time passes: the lock date slides into the past
    await kernel.query(`UPDATE db.user SET lock_date = now() - interval '1 second' WHERE username = 'lockme'`);
    const ok = await signIn('lockme', 'secret-lock');
    expect(ok.error).toBeUndefined();
    const errors = await one<number>(
      kernel,
      `SELECT input_error FROM db.profile p JOIN db.user u ON u.id = p.userid WHERE u.username = 'lockme'`,
    );
    expect(errors).toBe(0);
  });

  it('still refuses and counts a wrong password on a connection that just verified the right one (bcrypt cache)', async () => {
    await createUser('cached', 'right-cached');
    expect((await signIn('cached', 'right-cached')).error).toBeUndefined();
    const wrong = await signIn('cached', 'wrong-cached');
    expect(wrong.error?.message).toContain('ERR-401-002');
    const errors = await one<number>(kernel, `SELECT input_error FROM db.profile p JOIN db.user u ON u.id = p.userid WHERE u.username = 'cached'`);
    expect(errors).toBe(1);
    // A changed stored hash invalidates what the connection remembered.
    await kernel.query(`UPDATE db.user SET pswhash = public.crypt('replaced', public.gen_salt('bf')) WHERE username = 'cached'`);
    expect((await signIn('cached', 'right-cached')).error?.message).toContain('ERR-401-002');
  });

  it('counts every one of many concurrent sign-ins of one user exactly once', async () => {
    await createUser('busy', 'busy-secret');
    const before = await one<number>(kernel, `SELECT input_count FROM db.profile p JOIN db.user u ON u.id = p.userid WHERE u.username = 'busy'`);
    // Six connections, three sign-ins each, all in flight at once (the fixture closes them on drop).
    const clients = await Promise.all(Array.from({ length: 6 }, () => db.connect('daemon')));
    const results = await Promise.all(clients.flatMap((client) => [1, 2, 3].map(() =>
      client.query<{ t: Json & ErrorBody }>('SELECT daemon.token($1, $2, $3::jsonb, $4, $5::inet) AS t', [web.id, web.secret, JSON.stringify({ grant_type: 'password', username: 'busy', password: 'busy-secret' }), 'jest', '127.0.0.1']))));
    for (const result of results) expect(result.rows[0]?.t.error).toBeUndefined();
    const after = await one<number>(kernel, `SELECT input_count FROM db.profile p JOIN db.user u ON u.id = p.userid WHERE u.username = 'busy'`);
    expect(Number(after) - Number(before)).toBe(18);
  });

  it('grows the temporary lock five-fold after ten failures', async () => {
    await createUser('lockmore', 'secret-lock');
    await kernel.query(
      `UPDATE db.profile SET input_error = 9 WHERE userid = (SELECT id FROM db.user WHERE username = 'lockmore')`,
    );
    await signIn('lockmore', 'nope');
    const minutes = await one<number>(
      kernel,
      `SELECT round(extract(epoch FROM lock_date - now()) / 60) FROM db.user WHERE username = 'lockmore'`,
    );
    expect(Number(minutes)).toBe(5);
  });

  it('keeps counting and locks for ten hours after a few hundred failures', async () => {
    await createUser('hammered', 'secret-hammer');
    await kernel.query(
      `UPDATE db.profile SET input_error = 300 WHERE userid = (SELECT id FROM db.user WHERE username = 'hammered')`,
    );
    expect((await signIn('hammered', 'nope')).error?.message).toContain('ERR-401-002');
    const row = await one<{ errors: number; hours: number }>(
      kernel,
      `SELECT json_build_object('errors', p.input_error, 'hours', round(extract(epoch FROM u.lock_date - now()) / 3600))
         FROM db.user u JOIN db.profile p ON p.userid = u.id WHERE u.username = 'hammered'`,
    );
    expect(row).toEqual({ errors: 301, hours: 10 });
  });

  it('refuses an address on the deny list with ERR-400-044 even with the right password', async () => {
    const id = await createUser('denied', 'secret-ip');
    const [set] = await admin('/admin/user/iptable/set', { id, type: 'D', iptable: '10.1.0.0-10.1.0.9, 192.168.*.*' });
    expect(set).toEqual({ success: true });
    const [get] = await admin('/admin/user/iptable/get', { id, type: 'D' });
    expect(get?.iptable).toBe('10.1.0.0-10.1.0.9, 192.168.*.*');

    const refused = await signIn('denied', 'secret-ip', '192.168.4.5');
    expect(refused.error?.message).toContain('ERR-400-044');
    expect((await signIn('denied', 'secret-ip', '10.1.0.5')).error).toBeDefined();
    expect((await signIn('denied', 'secret-ip', '10.1.0.10')).error).toBeUndefined();
  });

  it('accepts only listed addresses once an allow list exists', async () => {
    const id = await createUser('allowed', 'secret-ip');
    await admin('/admin/user/iptable/set', { id, type: 'A', iptable: '172.16.0.0/12' });
    expect((await signIn('allowed', 'secret-ip', '172.20.1.1')).error).toBeUndefined();
    expect((await signIn('allowed', 'secret-ip', '8.8.8.8')).error?.message).toContain('ERR-400-044');
  });

  it('sets the online state of the profile from the IP lists of the area in the registry', async () => {
    const id = await createUser('roaming', 'secret-roam');
    const area = await one<string>(kernel, 'SELECT a.code FROM db.profile p JOIN db.area a ON a.id = p.area WHERE p.userid = $1', [id]);
    const key = `CONFIG\\Department\\${area}\\IPTable`;
    const state = (): Promise<string> => one<string>(kernel, 'SELECT state::text FROM db.profile WHERE userid = $1', [id]);
    // Without lists, only the default local addresses count as local.
    expect((await signIn('roaming', 'secret-roam', '10.8.1.1')).error).toBeUndefined();
    expect(await state()).toBe('001');
    await kernel.query(`SELECT kernel.RegSetValueString('CURRENT_CONFIG', $1, 'LocalIP', '10.8.*.*')`, [key]);
    await kernel.query(`SELECT kernel.RegSetValueString('CURRENT_CONFIG', $1, 'EntrustedIP', '10.9.0.0/16, 10.8.1.1')`, [key]);
    expect((await signIn('roaming', 'secret-roam', '10.8.1.1')).error).toBeUndefined();
    expect(await state()).toBe('110');
    expect((await signIn('roaming', 'secret-roam', '10.8.2.2')).error).toBeUndefined();
    expect(await state()).toBe('010');
    expect((await signIn('roaming', 'secret-roam', '8.8.8.8')).error).toBeUndefined();
    expect(await state()).toBe('001');
  });

  it('closes the oldest sessions beyond the profile session limit', async () => {
    const id = await createUser('limited', 'secret-limit');
    await kernel.query('UPDATE db.profile SET session_limit = 2 WHERE userid = $1', [id]);
    const first = await signIn('limited', 'secret-limit');
    await signIn('limited', 'secret-limit');
    await signIn('limited', 'secret-limit');
    const sessions = await one<string[]>(kernel, 'SELECT array_agg(code) FROM db.session WHERE userid = $1', [id]);
    expect(sessions).toHaveLength(2);
    expect(sessions).not.toContain(first.session);
  });
});

describe('sessions', () => {
  it('stores only a keyed hash of the session secret and accepts the secret it handed out', async () => {
    const result = await signIn('admin', 'admin');
    const stored = await one<string>(kernel, 'SELECT secret FROM db.session WHERE code = $1', [result.session]);
    expect(stored).not.toBe(result.secret);
    expect(stored).toBe(await one<string>(kernel, 'SELECT kernel.hmac_key_hash($1)', [result.secret]));

    const { rows } = await apibot.query<{ authorized: boolean; code: string }>(
      'SELECT * FROM api.authenticate($1, $2, $3, $4)',
      [result.session, result.secret, 'jest', '127.0.0.1'],
    );
    expect(rows[0]?.authorized).toBe(true);
    const again = await apibot.query<{ code: string }>('SELECT * FROM api.authenticate($1, $2, $3, $4)', [
      result.session,
      result.secret,
      'jest',
      '127.0.0.1',
    ]);
    expect(again.rows[0]?.code).not.toBe(rows[0]?.code);
  });

  it('signs the session out when presented with a wrong secret', async () => {
    const result = await signIn('admin', 'admin');
    const { rows } = await apibot.query<{ authorized: boolean }>('SELECT * FROM api.authenticate($1, $2, $3, $4)', [
      result.session,
      'not-the-secret',
      'jest',
      '127.0.0.1',
    ]);
    expect(rows[0]?.authorized).toBe(false);
    expect(await one<number>(kernel, 'SELECT count(*)::int FROM db.session WHERE code = $1', [result.session])).toBe(0);
  });

  it('stops resuming existing sessions as soon as the user is locked', async () => {
    const id = await createUser('lockedout', 'secret-lo');
    const bearer = await accessToken('lockedout', 'secret-lo');
    expect((await fetchAs(bearer, '/admin/user/list'))[0]?.error?.error).toBe('ERR-400-001');
    const [lock] = await admin('/admin/user/lock', { id });
    expect(lock).toEqual({ success: true });
    const [denied] = await fetchAs(bearer, '/admin/user/list');
    expect(denied?.error?.code).toBe(401);
    const [unlock] = await admin('/admin/user/unlock', { username: 'lockedout' });
    expect(unlock).toEqual({ success: true });
  });

  it('touches session statistics at most once a minute', async () => {
    const result = await signIn('admin', 'admin');
    await kernel.query(`UPDATE db.session SET updated = now() - interval '30 second' WHERE code = $1`, [result.session]);
    const before = await one<Date>(kernel, 'SELECT updated FROM db.session WHERE code = $1', [result.session]);
    await fetchAs(result.access_token as string, '/admin/user/count');
    expect(await one<Date>(kernel, 'SELECT updated FROM db.session WHERE code = $1', [result.session])).toEqual(before);

    await kernel.query(`UPDATE db.session SET updated = now() - interval '2 minute' WHERE code = $1`, [result.session]);
    await fetchAs(result.access_token as string, '/admin/user/count');
    const age = await one<number>(kernel, 'SELECT extract(epoch FROM now() - updated) FROM db.session WHERE code = $1', [
      result.session,
    ]);
    expect(Number(age)).toBeLessThan(30);
  });
});

describe('tokens', () => {
  it('signs access tokens with exactly iss, aud, sub, iat and exp', async () => {
    const result = await signIn('admin', 'admin');
    const claims = jwtPayload(result.access_token as string);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub']);
    expect(claims.aud).toBe(web.id);
    expect(claims.sub).toBe(result.session);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('issues an id token naming the user when openid is asked for', async () => {
    const result = await token({ grant_type: 'password', username: 'admin', password: 'admin', scope: 'pgfleet openid' });
    expect(result.error).toBeUndefined();
    const claims = jwtPayload(result.id_token as string);
    expect(claims).toMatchObject({ aud: web.id, sub: 'admin', uid: adminId });
  });

  it('keeps tokens under their keyed hash', async () => {
    const result = await signIn('admin', 'admin');
    const hash = await one<string>(kernel, 'SELECT kernel.hmac_key_hash($1)', [result.access_token]);
    expect(await one<number>(kernel, `SELECT count(*)::int FROM db.token WHERE hash = $1 AND type = 'A'`, [hash])).toBe(1);
  });

  it('rejects a refresh token after rotation', async () => {
    const first = await token({ grant_type: 'password', username: 'admin', password: 'admin', access_type: 'offline' });
    expect(typeof first.refresh_token).toBe('string');
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second.error).toBeUndefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.session).toBe(first.session);
    const replay = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(replay.error).toMatchObject({ error: 'invalid_grant', message: 'Malformed refresh token.' });
    expect((await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token })).error).toBeUndefined();
  });

  it('answers ERR-403-001 for an access token past its validity window', async () => {
    const result = await signIn('admin', 'admin');
    await kernel.query(
      `UPDATE db.token SET validFromDate = now() - interval '2 hour', validToDate = now() - interval '1 hour'
        WHERE hash = kernel.hmac_key_hash($1)`,
      [result.access_token],
    );
    const [expired] = await fetchAs(result.access_token as string, '/admin/user/count');
    expect(expired?.error?.code).toBe(403);
    expect(expired?.error?.message).toBeDefined();
  });

  it('answers ERR-403-001 once the session is signed out', async () => {
    const result = await signIn('admin', 'admin');
    const ok = await apibot.query('SELECT kernel.SessionOut($1, false)', [result.session]).catch((e: Error) => e);
    // apibot has no EXECUTE on kernel: sign out through the daemon instead
    if (ok instanceof Error) {
      await daemon.query('SELECT daemon.session_close($1)', [result.access_token]);
    }
    const [closed] = await fetchAs(result.access_token as string, '/admin/user/count');
    expect(closed?.error?.code).toBe(403);
  });

  it('gives helper processes one reusable apibot session per scope', async () => {
    const login = await apibot.query<{ session: string }>('SELECT * FROM api.login($1, $2, $3, $4)', [
      service.id,
      service.secret,
      'helper',
      '127.0.0.1',
    ]);
    const first = await apibot.query<{ code: string }>('SELECT api.get_sessions($1, $2, $3) AS code', ['apibot', 'helper', '127.0.0.1']);
    const again = await apibot.query<{ code: string }>('SELECT api.get_sessions($1, $2, $3) AS code', ['apibot', 'helper', '127.0.0.1']);
    expect(first.rows).toHaveLength(1);
    expect(again.rows[0]?.code).toBe(first.rows[0]?.code);
    expect(await one<boolean>(apibot, 'SELECT api.signout($1)', [login.rows[0]!.session])).toBe(true);
    const { rows } = await apibot.query<{ authorized: boolean }>('SELECT * FROM api.authorize($1)', [first.rows[0]!.code]);
    expect(rows[0]?.authorized).toBe(true);
    expect(await one<string>(apibot, 'SELECT api.current_username()')).toBe('apibot');
  });
});

describe('passwords and recovery', () => {
  it('closes the other sessions of a user whose password is changed', async () => {
    const id = await createUser('changer', 'old-password');
    const other = await signIn('changer', 'old-password');
    const [changed] = await admin('/admin/user/password', { id, oldpass: 'old-password', newpass: 'new-password' });
    expect(changed).toEqual({ success: true });
    expect(await one<number>(kernel, 'SELECT count(*)::int FROM db.session WHERE code = $1', [other.session])).toBe(0);
    expect((await signIn('changer', 'old-password')).error).toBeDefined();
    expect((await signIn('changer', 'new-password')).error).toBeUndefined();
  });

  it('refuses a wrong old password with ERR-400-000', async () => {
    const id = await createUser('changer2', 'old-password');
    const [refused] = await admin('/admin/user/password', { id, oldpass: 'guess', newpass: 'x' });
    expect(refused?.error).toMatchObject({ code: 400, error: 'ERR-400-000' });
  });

  it('resets a password with a recovery ticket exactly once', async () => {
    const id = await createUser('forgetful', 'lost-password');
    const ticket = await one<string>(kernel, `SELECT kernel.NewRecoveryTicket($1, '123456', 'jest')`, [id]);
    const svc = await token({ grant_type: 'client_credentials' }, '127.0.0.1', service);
    await apibot.query('SELECT * FROM api.authorize($1)', [svc.session]);

    const wrong = await apibot.query<{ result: boolean; message: string }>(
      'SELECT * FROM api.check_recovery_ticket($1, $2)',
      [ticket, '000000'],
    );
    expect(wrong.rows[0]?.result).toBe(false);

    const reset = await apibot.query<{ result: boolean }>('SELECT * FROM api.reset_password($1, $2, $3)', [
      ticket,
      '123456',
      'found-password',
    ]);
    expect(reset.rows[0]?.result).toBe(true);
    expect((await signIn('forgetful', 'found-password')).error).toBeUndefined();

    const replay = await apibot.query<{ result: boolean; message: string }>(
      'SELECT * FROM api.reset_password($1, $2, $3)',
      [ticket, '123456', 'stolen'],
    );
    expect(replay.rows[0]).toMatchObject({ result: false });
    expect(replay.rows[0]?.message).toMatch(/already been used|уже использован/);
  });

  it('gives up on a recovery ticket after five wrong answers', async () => {
    const id = await createUser('guesser', 'pw-guesser');
    const ticket = await one<string>(kernel, `SELECT kernel.NewRecoveryTicket($1, '654321', 'jest')`, [id]);
    for (let i = 0; i < 5; i++) await kernel.query(`SELECT kernel.CheckRecoveryTicket($1, 'bad')`, [ticket]);
    const userId = await one<string | null>(kernel, `SELECT kernel.CheckRecoveryTicket($1, '654321')`, [ticket]);
    expect(userId).toBeNull();
  });
});

describe('substitute user', () => {
  it('lets a service client become another user with its own password', async () => {
    await createUser('target', 'pw-target');
    const { rows } = await apibot.query<{ session: string }>('SELECT * FROM api.login($1, $2, $3, $4)', [
      service.id,
      service.secret,
      'jest',
      '127.0.0.1',
    ]);
    expect(rows[0]?.session).toMatch(/^[0-9a-f]{40}$/);
    await apibot.query('SELECT api.su($1, $2)', ['target', service.secret]);
    const userid = await one<string>(kernel, 'SELECT userid::text FROM db.session WHERE code = $1', [rows[0]!.session]);
    expect(userid).toBe(await one<string>(kernel, `SELECT id::text FROM db.user WHERE username = 'target'`));
  });

  it('refuses su with a wrong password of the original user as ERR-403-000', async () => {
    await apibot.query('SELECT * FROM api.login($1, $2, $3, $4)', [service.id, service.secret, 'jest', '127.0.0.1']);
    await expect(apibot.query('SELECT api.su($1, $2)', ['target', 'pw-target'])).rejects.toThrow(/ERR-40300/);
  });

  it('refuses su for administrators, who lack the substitute right', async () => {
    await apibot.query('SELECT * FROM api.login($1, $2, $3, $4)', ['admin', 'admin', 'jest', '127.0.0.1']);
    await expect(apibot.query('SELECT api.su($1, $2)', ['target', 'admin'])).rejects.toThrow(/ERR-400-001/);
  });
});

describe('edge cases of the admin kernel', () => {
  it('rejects an unknown scope code with the InvalidScope 400', async () => {
    const result = await token({ grant_type: 'password', username: 'admin', password: 'admin', scope: 'pgfleet nosuchscope' });
    // daemon.token reports it as server_error carrying the parsed InvalidScope group and text
    expect(result.error).toMatchObject({ code: 400, error: 'server_error' });
    expect(result.error?.message).toContain('nosuchscope');
  });

  it('matches usernames case-sensitively at sign-in but refuses a lower-case duplicate on creation', async () => {
    expect((await signIn('ADMIN', 'admin')).error).toBeDefined();
    await createUser('casey', 'pw-case');
    const [dup] = await admin('/admin/user/set', {
      username: 'CASEY',
      password: 'x',
      name: 'x',
      passwordchange: false,
      passwordnotchange: false,
    });
    expect(dup?.error?.error).toBe('ERR-400-022');
  });

  it('keeps phone and email when an update sends empty strings', async () => {
    const id = await createUser('keeper', 'pw-keep');
    await admin('/admin/user/set', { id, phone: '8 (912) 345-67-89', email: 'keeper@example.com' });
    const [kept] = await admin('/admin/user/set', { id, phone: '', email: '' });
    expect(kept).toMatchObject({ phone: '89123456789', email: 'keeper@example.com' });
  });

  it('refuses a phone number outside 10 to 12 digits with ERR-400-048', async () => {
    const id = await createUser('shortphone', 'pw');
    const [bad] = await admin('/admin/user/set', { id, phone: '12345' });
    expect(bad?.error?.error).toBe('ERR-400-048');
  });

  it('defaults the password flags when api.add_user is called directly', async () => {
    await apibot.query('SELECT * FROM api.login($1, $2, $3, $4)', ['admin', 'admin', 'jest', '127.0.0.1']);
    const id = await one<string>(apibot, `SELECT api.add_user('withdefaults', 'pw', 'With defaults')`);
    const { rows } = await kernel.query('SELECT passwordchange, passwordnotchange FROM db.user WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ passwordchange: true, passwordnotchange: false });
  });

  it('guards DeleteGroup with the update-group bit, not the delete-group bit', async () => {
    const id = await createUser('groupadm', 'pw-groupadm');
    await admin('/admin/member/group/add', { id, groupid: '00000000-0000-4000-a000-000000000001' });
    const [victim] = await admin('/admin/group/set', { username: 'victim', name: 'Victim' });
    // deny only "delete group" (D): deleting still works
    await kernel.query(`SELECT kernel.chmod(B'0000000010000000000000000000000011', $1)`, [id]);
    const bearer = await accessToken('groupadm', 'pw-groupadm');
    expect((await fetchAs(bearer, '/admin/group/delete', { id: victim!.id }))[0]).toMatchObject({ result: true });
    // deny "update group" (U): deleting is refused
    const [victim2] = await admin('/admin/group/set', { username: 'victim2', name: 'Victim 2' });
    await kernel.query(`SELECT kernel.chmod(B'0000000001000000000000000000000011', $1)`, [id]);
    expect((await fetchAs(bearer, '/admin/group/delete', { id: victim2!.id }))[0]?.error?.error).toBe('ERR-400-001');
  });

  it('needs both the create-user and the set-password bits to create a user', async () => {
    const id = await createUser('useradm', 'pw-useradm');
    await admin('/admin/member/group/add', { id, groupid: '00000000-0000-4000-a000-000000000001' });
    await kernel.query(`SELECT kernel.chmod(B'0000000000010000000000000000000011', $1)`, [id]);
    const bearer = await accessToken('useradm', 'pw-useradm');
    const [refused] = await fetchAs(bearer, '/admin/user/set', {
      username: 'notcreated',
      password: 'x',
      name: 'x',
      passwordchange: false,
      passwordnotchange: false,
    });
    expect(refused?.error?.error).toBe('ERR-400-001');
  });

  it('moves the profile default with SetArea but not with SetInterface', async () => {
    const result = await signIn('admin', 'admin');
    const guestArea = '00000000-0000-4003-a000-000000000002';
    const userInterface = '00000000-0000-4004-a000-000000000002';
    await kernel.query('SELECT kernel.SetArea($1, $2, $3)', [guestArea, adminId, result.session]);
    await kernel.query('SELECT kernel.AddMemberToInterface($1, $2)', [adminId, userInterface]);
    await kernel.query('SELECT kernel.SetInterface($1, $2, $3)', [userInterface, adminId, result.session]);
    const { rows } = await kernel.query(
      `SELECT s.area::text AS sarea, s.interface::text AS sif, p.area::text AS parea, p.interface::text AS pif
         FROM db.session s JOIN db.profile p ON p.userid = s.userid AND p.scope = s.scope WHERE s.code = $1`,
      [result.session],
    );
    expect(rows[0]).toMatchObject({ sarea: guestArea, parea: guestArea, sif: userInterface });
    expect(rows[0].pif).not.toBe(userInterface);
    await kernel.query(`SELECT kernel.SetArea('00000000-0000-4003-a001-000000000001', $1, $2)`, [adminId, result.session]);
  });

  it('grants area membership to descendants but interface membership only directly', async () => {
    const { rows } = await kernel.query(
      `SELECT kernel.IsMemberArea('00000000-0000-4003-a001-000000000001', $1) AS area,
              kernel.IsMemberInterface('00000000-0000-4004-a000-000000000002', '00000000-0000-4000-a001-000000000002') AS iface`,
      [adminId],
    );
    expect(rows[0]).toEqual({ area: true, iface: false });
  });

  it('finds a HashCash nonce whose byte-reversed double SHA-256 meets the compact target', async () => {
    const { rows } = await kernel.query<{ nonce: string; hash: string }>(
      `SELECT nonce::text, hash FROM kernel.HashCash('\\x0102'::bytea, x'1f00ffff'::integer)`,
    );
    expect(rows[0]?.hash.startsWith('0000')).toBe(true);
    const check = await one<string>(
      kernel,
      `SELECT encode(kernel.GetHashCash('\\x0102'::bytea || int4send(x'1f00ffff'::integer) || int4send($1::integer)), 'hex')`,
      [rows[0]?.nonce],
    );
    expect(check).toBe(rows[0]?.hash);
  });
});

describe('/admin REST paths', () => {
  let userId: string;
  let groupId: string;
  let areaId: string;
  let interfaceId: string;
  const guestInterface = '00000000-0000-4004-a000-000000000003';

  beforeAll(async () => {
    userId = await createUser('restuser', 'pw-rest');
    const [group] = await admin('/admin/group/set', { username: 'restgroup', name: 'REST group' });
    groupId = group!.id as string;
    const [area] = await admin('/admin/area/set', { code: 'rest-area', name: 'REST area' });
    areaId = area!.id as string;
    const [iface] = await admin('/admin/interface/set', { code: 'rest-if', name: 'REST interface' });
    interfaceId = iface!.id as string;
  });

  function expectOk(rows: Array<Json & ErrorBody>): void {
    // api log rows carry their own nullable `error` column; only an envelope object is a failure
    for (const row of rows) expect(typeof row.error === 'object' && row.error !== null).toBe(false);
  }

  function expect4xx(rows: Array<Json & ErrorBody>): void {
    expect(rows).toHaveLength(1);
    expect(rows[0]?.error?.code).toBeGreaterThanOrEqual(400);
    expect(rows[0]?.error?.code).toBeLessThan(500);
  }

  const invalid: Array<[string, unknown]> = [
    ['/admin/session', { bogus: 1 }],
    ['/admin/session/count', { search: 'not-an-array' }],
    ['/admin/session/get', {}],
    ['/admin/session/list', { fields: ['no_such_column'] }],
    ['/admin/event/log', { code: 'abc' }],
    ['/admin/event/log/set', { type: 'M' }],
    ['/admin/event/log/get', { id: 'x1' }],
    ['/admin/event/log/count', { filter: { nope: 1 } }],
    ['/admin/event/log/list', { reclimit: 'lots' }],
    ['/admin/api/log', { datefrom: 'yesterday-ish' }],
    ['/admin/api/log/get', {}],
    ['/admin/api/log/count', [{ search: 5 }]],
    ['/admin/api/log/list', { orderby: ['(select 1)'] }],
    ['/admin/user/count', { bogus: true }],
    ['/admin/user/set', { username: 'nopw', name: 'No flags' }],
    ['/admin/user/get', { id: "'; DROP TABLE db.user; --" }],
    ['/admin/user/list', { fields: ['pswhash'] }],
    ['/admin/user/delete', { id: 'not-a-uuid' }],
    ['/admin/user/profile/set', { userid: 'nope' }],
    ['/admin/user/member', { id: 1 }],
    ['/admin/user/password', { newpass: 'x' }],
    ['/admin/user/lock', { username: 'nobody-by-that-name' }],
    ['/admin/user/unlock', { id: 42 }],
    ['/admin/user/iptable/get', { username: 'restuser', type: 'X' }],
    ['/admin/user/iptable/set', { username: 'restuser', iptable: 'not-an-address' }],
    ['/admin/group/count', 'text'],
    ['/admin/group/set', { name: 'no username' }],
    ['/admin/group/get', { id: null }],
    ['/admin/group/list', [{}]],
    ['/admin/group/delete', {}],
    ['/admin/group/member', { name: 'no-such-group' }],
    ['/admin/group/member/add', { id: '00000000-0000-4000-a000-000000000002' }],
    ['/admin/group/member/delete', { member: 'x' }],
    ['/admin/area/type', { fields: ['secret'] }],
    ['/admin/area/count', { filter: [] }],
    ['/admin/area/set', { name: 'no code' }],
    ['/admin/area/get', { id: 12 }],
    ['/admin/area/list', { recoffset: 'first' }],
    ['/admin/area/delete', { id: '00000000-0000-4000-8000-00000000dead' }],
    ['/admin/area/delete/safely', {}],
    ['/admin/area/clear', { now: true }],
    ['/admin/area/member', { id: 'zzz' }],
    ['/admin/area/member/add', { id: '00000000-0000-4003-a000-000000000002' }],
    ['/admin/area/member/delete', { member: 'x' }],
    ['/admin/interface/count', { bogus: 1 }],
    ['/admin/interface/set', { code: 'only-code' }],
    ['/admin/interface/get', {}],
    ['/admin/interface/list', { fields: 'code' }],
    ['/admin/interface/delete', { id: 'x' }],
    ['/admin/interface/member', {}],
    ['/admin/interface/member/add', { id: guestInterface, member: '00000000-0000-4000-a001-000000000001' }],
    ['/admin/interface/member/delete', { interface: 'x' }],
    ['/admin/member/user', { id: 'x' }],
    ['/admin/member/group', { name: 'no-such-user' }],
    ['/admin/member/group/add', { id: 'x', groupid: 'y' }],
    ['/admin/member/group/delete', {}],
    ['/admin/member/area', { userid: 7 }],
    ['/admin/member/area/add', { id: '00000000-0000-4000-a001-000000000001' }],
    ['/admin/member/area/delete', { area: 'x' }],
    ['/admin/member/interface', { bogus: 1 }],
    ['/admin/member/interface/add', { id: '00000000-0000-4000-a001-000000000001', interface: 'x' }],
    ['/admin/member/interface/delete', {}],
    ['/admin/no/such/path', {}],
  ];

  it.each(invalid)('answers %s with bad input as a 4xx error envelope', async (path, payload) => {
    expect4xx(await admin(path, payload));
  });

  it('reads sessions, counts and lists them', async () => {
    const result = await signIn('restuser', 'pw-rest');
    const sessions = await admin('/admin/session', { username: 'restuser' });
    expect(sessions.map((s) => s.code)).toContain(result.session);
    expect((await admin('/admin/session/count', {}))[0]?.count).toBeGreaterThan(0);
    expect((await admin('/admin/session/get', { code: result.session, fields: ['code', 'username'] }))[0]).toEqual({
      code: result.session,
      username: 'restuser',
    });
    expectOk(await admin('/admin/session/list', { reclimit: 5 }));
  });

  it('reads and writes the event and API logs', async () => {
    const [written] = await admin('/admin/event/log/set', { type: 'M', code: 1234, scope: 'jest', text: 'hello' });
    expect(written?.error).toBeUndefined();
    expectOk(await admin('/admin/event/log', { type: 'M' }));
    expectOk(await admin('/admin/event/log/get', { id: written!.id }));
    expect((await admin('/admin/event/log/count', {}))[0]?.count).toBeGreaterThan(0);
    expectOk(await admin('/admin/event/log/list', { reclimit: 3 }));
    expectOk(await admin('/admin/api/log', {}));
    const [apiLog] = await admin('/admin/api/log/list', { reclimit: 1 });
    expectOk([apiLog!]);
    expectOk(await admin('/admin/api/log/get', { id: apiLog!.id }));
    expectOk(await admin('/admin/api/log/count', [{}, {}]));
  });

  it('manages users', async () => {
    expect((await admin('/admin/user/count', [{}, { filter: { username: 'restuser' } }]))[1]).toEqual({ count: 1 });
    const [updated] = await admin('/admin/user/set', { id: userId, name: 'Renamed', phone: '+7 (999) 123-45-67' });
    expect(updated).toMatchObject({ id: userId, name: 'Renamed', phone: '79991234567' });
    expect((await admin('/admin/user/get', { id: userId, fields: ['username'] }))[0]).toEqual({ username: 'restuser' });
    const list = await admin('/admin/user/list', { filter: { username: 'restuser' } });
    expect(list).toHaveLength(1);
    const [profile] = await admin('/admin/user/profile/set', { userid: userId, givenname: 'Rest', locale: 'en' });
    expect(profile).toMatchObject({ given_name: 'Rest', locale_code: 'en' });
    const groups = await admin('/admin/user/member');
    expect(groups.map((g) => g.username)).toContain('administrator');
    const temp = await createUser('shortlived', 'pw');
    expect((await admin('/admin/user/delete', { id: temp }))[0]).toEqual({ id: temp, result: true, message: 'Успешно.' });
  });

  it('names the missing flag when creating a user without passwordchange (400 instead of upstream 500)', async () => {
    const [row] = await admin('/admin/user/set', { username: 'noflags', password: 'x', name: 'x' });
    expect(row?.error).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('manages groups and their members', async () => {
    expect((await admin('/admin/group/count', {}))[0]?.count).toBeGreaterThanOrEqual(7);
    expect((await admin('/admin/group/get', { id: groupId }))[0]).toMatchObject({ username: 'restgroup' });
    expectOk(await admin('/admin/group/list', {}));
    expect((await admin('/admin/group/member/add', { id: groupId, member: userId }))[0]).toMatchObject({ result: true });
    expect((await admin('/admin/group/member', { name: 'restgroup' })).map((m) => m.id)).toEqual([userId]);
    expect((await admin('/admin/member/user', { id: groupId })).map((m) => m.id)).toEqual([userId]);
    expect((await admin('/admin/member/group', { id: userId })).map((m) => m.id)).toContain(groupId);
    expect((await admin('/admin/group/member/delete', { id: groupId }))[0]).toMatchObject({ result: true });
    expect(await admin('/admin/group/member', { id: groupId })).toHaveLength(0);
    expect((await admin('/admin/member/group/add', { id: userId, groupid: groupId }))[0]).toMatchObject({ groupid: groupId });
    expect((await admin('/admin/member/group/delete', { id: userId, groupid: groupId }))[0]).toMatchObject({ result: true });
    const [renamed] = await admin('/admin/group/set', { id: groupId, name: 'Renamed group' });
    expect(renamed).toMatchObject({ name: 'Renamed group' });
    const [temp] = await admin('/admin/group/set', { username: 'tempgroup', name: 'Temp' });
    expect((await admin('/admin/group/delete', { id: temp!.id }))[0]).toMatchObject({ result: true });
  });

  it('manages areas, their members and the membership of descendants', async () => {
    expect((await admin('/admin/area/type', { fields: ['code'] })).map((t) => t.code)).toContain('guest');
    expect((await admin('/admin/area/count', {}))[0]?.count).toBeGreaterThan(0);
    const [child] = await admin('/admin/area/set', { parent: areaId, code: 'rest-child', name: 'Child' });
    expect(child).toMatchObject({ parent: areaId, level: 2 });
    expect((await admin('/admin/area/get', { id: areaId }))[0]).toMatchObject({ code: 'rest-area' });
    expect((await admin('/admin/area/list', {})).map((a) => a.code)).toEqual(expect.arrayContaining(['rest-area', 'rest-child']));
    expect((await admin('/admin/area/member/add', { id: areaId, member: userId }))[0]).toMatchObject({ result: true });
    expect((await admin('/admin/area/member', { code: 'rest-area' })).map((m) => m.id)).toEqual([userId]);
    const areas = (await admin('/admin/member/area', { id: userId })).map((a) => a.code);
    expect(areas).toEqual(expect.arrayContaining(['rest-area', 'rest-child']));
    expect((await admin('/admin/area/member/delete', { id: areaId, member: userId }))[0]).toMatchObject({ result: true });
    expect((await admin('/admin/member/area/add', { id: userId, area: areaId }))[0]).toMatchObject({ area: areaId });
    expect((await admin('/admin/member/area/delete', { id: userId, area: areaId }))[0]).toMatchObject({ result: true });
    const [safely] = await admin('/admin/area/delete/safely', { id: areaId });
    expect(safely).toMatchObject({ id: areaId, result: false });
    expect((await admin('/admin/area/delete', { id: child!.id }))[0]).toMatchObject({ result: true });
    await kernel.query(`UPDATE db.area SET validToDate = now() - interval '1 day' WHERE id = $1`, [areaId]);
    expect((await admin('/admin/area/clear'))[0]).toEqual({ deleted: 1 });
  });

  it('manages interfaces, with id and member swapped on /admin/interface/member/add', async () => {
    expect((await admin('/admin/interface/count', {}))[0]?.count).toBeGreaterThanOrEqual(5);
    expect((await admin('/admin/interface/get', { id: interfaceId }))[0]).toMatchObject({ code: 'rest-if' });
    expectOk(await admin('/admin/interface/list', {}));
    const [added] = await admin('/admin/interface/member/add', { id: userId, member: interfaceId });
    expect(added).toMatchObject({ result: true });
    expect((await admin('/admin/interface/member', { id: interfaceId })).map((m) => m.id)).toEqual([userId]);
    expect((await admin('/admin/member/interface', { id: userId })).map((i) => i.id)).toContain(interfaceId);
    expect((await admin('/admin/interface/member/delete', { id: userId, member: interfaceId }))[0]).toMatchObject({ result: true });
    expect((await admin('/admin/member/interface/add', { id: userId, interface: interfaceId }))[0]).toMatchObject({ result: true });
    expect((await admin('/admin/member/interface/delete', { id: userId, interface: interfaceId }))[0]).toMatchObject({ result: true });
    const [renamed] = await admin('/admin/interface/set', { id: interfaceId, name: 'Renamed interface' });
    expect(renamed).toMatchObject({ name: 'Renamed interface' });
    expect((await admin('/admin/interface/delete', { id: interfaceId }))[0]).toMatchObject({ result: true });
  });

  it('denies every /admin path to a user outside the administrator group', async () => {
    const bearer = await accessToken('restuser', 'pw-rest');
    const [denied] = await fetchAs(bearer, '/admin/user/list');
    expect(denied?.error).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('lists the /admin paths in the REST catalogue', async () => {
    const count = await one<number>(kernel, `SELECT count(*)::int FROM db.rest_catalog WHERE path LIKE '/admin/%'`);
    expect(count).toBe(62);
  });
});
