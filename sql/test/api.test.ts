import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { anonymous, createUser, errorOf, fetch, openDatabase, rows, service, signIn, str, token, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const user = await createUser(kernel);
  jwt = str((await signIn(daemon, user.username, user.password)).access_token);
});

afterAll(async () => {
  await db.close();
});

describe('routing', () => {
  it('answers a POSTed /ping with the 200 envelope', async () => {
    expect(await anonymous(daemon, '/api/v1/ping')).toEqual([{ error: { code: 200, message: 'OK' } }]);
  });

  it('reports an unknown version as EndPointNotSet naming the full path', async () => {
    const [row] = await anonymous(daemon, '/api/v2/x');
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-092' });
    expect(errorOf(row)?.message).toContain('/api/v2/x');
  });

  it('routes an unknown first segment to rest.api, which answers RouteNotFound with the short path', async () => {
    const [row] = await anonymous(daemon, '/api/v1/nosuch/x');
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-091' });
    expect(errorOf(row)?.message).toContain('/nosuch/x');
  });

  it('refuses a method no route was registered for', async () => {
    const [row] = await anonymous(daemon, '/api/v1/ping', null, 'PUT');
    expect(errorOf(row)?.error).toBe('ERR-400-092');
  });

  it('normalises case and duplicate slashes of the request path', async () => {
    expect(await anonymous(daemon, '//API/v1//Ping/')).toEqual([{ error: { code: 200, message: 'OK' } }]);
    // each departure from the normal form alone
    for (const path of ['api/v1/ping', '/api/v1/ping/', '/api//v1/ping', '/API/V1/PING']) {
      expect([path, await anonymous(daemon, path)]).toEqual([path, [{ error: { code: 200, message: 'OK' } }]]);
    }
    for (const path of ['', '/', '//']) {
      expect([path, errorOf((await anonymous(daemon, path))[0])?.error]).toEqual([path, 'ERR-400-090']);
    }
  });

  it('hands the dispatcher the path without its first two segments', async () => {
    expect(await anonymous(daemon, '/api/v1/ping//')).toEqual([{ error: { code: 200, message: 'OK' } }]);
    const { rows: [logged] } = await kernel.query<{ path: string }>(`SELECT path FROM db.api_log ORDER BY id DESC LIMIT 1`);
    expect(logged?.path).toBe('/ping');
    // the root itself is '/', which rest.api does not know
    const [root] = await anonymous(daemon, '/api/v1');
    expect(errorOf(root)).toMatchObject({ error: 'ERR-400-091' });
    expect(errorOf(root)?.message).toContain('/');
    const { rows: [rootLogged] } = await kernel.query<{ path: string }>(`SELECT path FROM db.api_log ORDER BY id DESC LIMIT 1`);
    expect(rootLogged?.path).toBe('/');
  });

  it('answers /time in whole epoch seconds', async () => {
    const [row] = await anonymous(daemon, '/api/v1/time');
    const now = Date.now() / 1000;
    expect(Number.isInteger(row?.serverTime)).toBe(true);
    expect(Math.abs(Number(row?.serverTime) - now)).toBeLessThan(60);
  });

  it('requires a session for /whoami', async () => {
    const [row] = await anonymous(daemon, '/api/v1/whoami');
    expect(errorOf(row)).toMatchObject({ code: 401, error: 'ERR-401-001' });
  });

  it('runs a batch through /run, errors staying inside their element', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/run', [
      { key: 'a', path: '/api/v1/ping' },
      { key: 'b', path: '/api/v1/nosuch' },
    ]);
    expect(result).toHaveLength(2);
    expect(result[0]).toMatchObject({ key: 'a', method: 'POST', payload: [{ error: { code: 200 } }] });
    expect(errorOf((result[1]?.payload as unknown[])[0])?.error).toBe('ERR-400-091');
  });

  it('refuses a /run payload that is not an array', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/run', { path: '/api/v1/ping' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  describe("each connection's copy of the route table", () => {
    // Ping on the daemon connection first, so that it holds a copy made before each change.
    async function pingFirst(): Promise<void> {
      expect(await anonymous(daemon, '/api/v1/ping')).toEqual([{ error: { code: 200, message: 'OK' } }]);
    }

    it('routes a path registered on another connection from the next request', async () => {
      await pingFirst();
      await kernel.query(`SELECT kernel.EnsureRoute('echo-route', 'api', ARRAY['POST'])`);
      // rest.api answers its own RouteNotFound for '/echo-route': the route table sent it there
      const [row] = await anonymous(daemon, '/api/v1/echo-route/x');
      expect(errorOf(row)).toMatchObject({ error: 'ERR-400-091' });
      expect(errorOf(row)?.message).toContain('/echo-route/x');
      const [get] = await anonymous(daemon, '/api/v1/echo-route/x', null, 'GET');
      expect(errorOf(get)).toMatchObject({ error: 'ERR-400-092' });
      expect(errorOf(get)?.message).toContain('/api/v1/echo-route/x');
    });

    it('stops routing a method unregistered on another connection from the next request', async () => {
      await kernel.query(`SELECT kernel.EnsureRoute('gone-route', 'api', ARRAY['GET', 'POST'])`);
      expect(errorOf((await anonymous(daemon, '/api/v1/gone-route', null, 'GET'))[0])?.error).toBe('ERR-400-091');
      await kernel.query(`SELECT kernel.UnregisterRoute('gone-route', 'v1', 'api', ARRAY['GET'])`);
      expect(errorOf((await anonymous(daemon, '/api/v1/gone-route', null, 'GET'))[0])?.error).toBe('ERR-400-092');
      expect(errorOf((await anonymous(daemon, '/api/v1/gone-route', null, 'POST'))[0])?.error).toBe('ERR-400-091');
    });

    it('lets two transactions change routes at the same time', async () => {
      const other = await db.client('kernel');
      try {
        await kernel.query('BEGIN');
        await other.query('BEGIN');
        await kernel.query(`SELECT kernel.EnsureRoute('first-of-two', 'api', ARRAY['GET'])`);
        // waits for the first transaction, then rewrites the version after it
        const second = other.query(`SELECT kernel.EnsureRoute('second-of-two', 'api', ARRAY['GET'])`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await kernel.query('COMMIT');
        await second;
        await other.query('COMMIT');
      } finally {
        await other.end();
      }
      for (const path of ['/api/v1/first-of-two', '/api/v1/second-of-two']) {
        expect(errorOf((await anonymous(daemon, path, null, 'GET'))[0])?.error).toBe('ERR-400-091');
        expect(errorOf((await anonymous(daemon, path, null, 'POST'))[0])?.error).toBe('ERR-400-092');
      }
    });

    it('rebuilds a copy that was written by hand, and never runs what it names as SQL', async () => {
      await pingFirst();
      const { rows: [current] } = await daemon.query<{ version: string; key: string }>(
        `SELECT current_setting('pgfleet_route.version') AS version, 'pgfleet_route.r' || md5('/api/v1') AS key`,
      );
      const version = str(current?.version);
      const key = str(current?.key);
      // a copy of another version: it is rebuilt and the request routed as registered
      await daemon.query(`SELECT set_config('pgfleet_route.version', '-1', false), set_config($1, '-1 POST=nosuch', false)`, [key]);
      expect(await anonymous(daemon, '/api/v1/ping')).toEqual([{ error: { code: 200, message: 'OK' } }]);
      // the current version with a dispatcher name that is SQL: it is only ever a quoted function name
      await daemon.query(`SELECT set_config($1, $2, false)`, [key, `${version} POST=api(null,null);SELECT(pg_sleep(5));--`]);
      const started = Date.now();
      const [row] = await anonymous(daemon, '/api/v1/ping');
      expect(Date.now() - started).toBeLessThan(4000);
      expect(errorOf(row)?.message).toMatch(/does not exist|не существует/);
      await daemon.query(`SELECT set_config('pgfleet_route.version', '', false)`);
      expect(await anonymous(daemon, '/api/v1/ping')).toEqual([{ error: { code: 200, message: 'OK' } }]);
    });
  });

  it('appends reclimit 0 to an array payload of a count route, yielding an extra unfiltered count', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/user/count', [{ filter: { username: 'nobody-by-that-name' } }]);
    expect(result).toHaveLength(2);
    expect(result[0]).toEqual({ count: 0 });
    expect(Number(result[1]?.count)).toBeGreaterThanOrEqual(1);
  });
});

describe('API log', () => {
  it('logs a call without its top-level password, and links a failed call to its error event', async () => {
    await anonymous(daemon, '/api/v1/locale', { password: 'very-secret', fields: ['code'] });
    const logged = await kernel.query<{ json: Json; eventid: string | null }>(
      `SELECT json, eventid FROM db.api_log WHERE path = '/locale' ORDER BY id DESC LIMIT 1`,
    );
    const row = logged.rows[0];
    expect(row?.json).toEqual({ fields: ['code'] });
    expect(row?.eventid).not.toBeNull();
  });

  it('keeps session secrets out of the log as well (beyond upstream)', async () => {
    await anonymous(daemon, '/api/v1/authenticate', { session: 'x'.repeat(40), secret: 'session-secret' });
    const logged = await kernel.query<{ json: Json }>(`SELECT json FROM db.api_log WHERE path = '/authenticate' ORDER BY id DESC LIMIT 1`);
    expect(logged.rows[0]?.json).toMatchObject({ session: 'x'.repeat(40) });
    expect(JSON.stringify(logged.rows[0]?.json)).not.toContain('session-secret');
  });

  it('records the runtime of a successful call', async () => {
    await anonymous(daemon, '/api/v1/time');
    const logged = await kernel.query<{ runtime: unknown; eventid: string | null }>(
      `SELECT runtime, eventid FROM db.api_log WHERE path = '/time' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged.rows[0]?.runtime).not.toBeNull();
    expect(logged.rows[0]?.eventid).toBeNull();
  });
});

describe('error envelope and locale', () => {
  it('lists the accepted keys when a payload key is unknown', async () => {
    const [row] = await anonymous(daemon, '/api/v1/locale', { nope: 1 });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect(errorOf(row)?.message).toContain('fields');
  });

  it('renders catalog messages in the locale the session switched to', async () => {
    const [en] = await fetch(daemon, jwt, '/api/v1/locale/set', { code: 'en' });
    expect(en).toMatchObject({ code: 'en' });
    const [english] = await fetch(daemon, jwt, '/api/v1/nosuch');
    expect(errorOf(english)?.message).toMatch(/^Route not found/);

    await fetch(daemon, jwt, '/api/v1/locale/set', { code: 'de' });
    const [german] = await fetch(daemon, jwt, '/api/v1/nosuch');
    expect(errorOf(german)?.error).toBe('ERR-400-091');
    expect(errorOf(german)?.message).not.toBe(errorOf(english)?.message);

    await fetch(daemon, jwt, '/api/v1/locale/set', { code: 'en' });
  });

  it('refuses an unknown locale code with ObjectNotFound', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/locale/set', { code: 'xx' });
    expect(errorOf(row)?.error).toMatch(/^ERR-400-03[01]$/);
  });
});

describe('api.sql query builder through /user/list', () => {
  const refused = async (payload: unknown, error: string): Promise<void> => {
    const result = await fetch(daemon, jwt, '/api/v1/user/list', payload);
    expect(result).toHaveLength(1);
    expect(errorOf(result[0])).toMatchObject({ code: 400, error });
  };

  it('lists with a search, a filter, an order and a projection', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/user/list', {
      fields: ['id', 'username'],
      search: [{ field: 'username', compare: 'LKE', value: 'user%' }],
      orderby: ['username desc'],
      reclimit: 5,
    });
    expect(result.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(result[0] ?? {}).sort()).toEqual(['id', 'username']);
  });

  it('binds an SQL-looking value as a literal instead of running it', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/user/list', {
      search: [{ field: 'username', value: "x' OR '1'='1" }],
    });
    expect(result).toEqual([]);
    const users = await kernel.query('SELECT count(*) FROM db.user');
    expect(Number(users.rows[0]?.count)).toBeGreaterThan(0);
  });

  it('rejects an injected field name', async () => {
    await refused({ search: [{ field: 'username; DROP TABLE db.user', value: 'x' }] }, 'ERR-400-065');
  });

  it('rejects a sub-select in orderby', async () => {
    await refused({ orderby: ['(select 1)'] }, 'ERR-400-065');
  });

  it('rejects a function outside the allowed list in orderby', async () => {
    await refused({ orderby: ['pg_sleep(id)'] }, 'ERR-400-065');
  });

  it('rejects an expression in fields', async () => {
    await refused({ fields: ['pg_sleep(1)'] }, 'ERR-400-065');
  });

  it('rejects an injected filter key', async () => {
    await refused({ filter: { 'id = id OR true --': 1 } }, 'ERR-400-061');
  });

  it('rejects an injected comparison operator', async () => {
    await refused({ search: [{ field: 'username', compare: 'EQL; DROP', value: 'x' }] }, 'ERR-400-065');
  });

  it('rejects unbalanced parentheses that could escape the access filter', async () => {
    await refused(
      { search: [{ field: 'username', value: 'x', rstr: ')' }, { condition: 'OR', field: 'id', compare: 'INN', lstr: '(' }] },
      'ERR-400-065',
    );
  });

  it('keeps a non-administrator to its own row even with an OR in the search', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/user/list', {
      search: [
        { field: 'username', value: 'admin' },
        { condition: 'OR', field: 'id', compare: 'INN' },
      ],
    });
    expect(result.every((row) => row.username !== 'admin')).toBe(true);
  });

  it('refuses a search that is not an array', async () => {
    await refused({ search: { field: 'username' } }, 'ERR-400-063');
  });
});

describe('bad input', () => {
  it('answers a non-numeric reclimit with 400 ERR-400-063 where upstream answered 500', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/list', { reclimit: 'abc' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('answers a malformed uuid with 400 ERR-400-063 where upstream answered 500', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/locale/set', { id: 'not-a-uuid' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('refuses a scalar JSON payload', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/whoami', 'just a string');
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('refuses an array payload on a route that takes one object', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/list', [{}]);
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('names a missing required key', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/password', { oldpass: 'x' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect(errorOf(row)?.message).toContain('newpass');
  });

  it('refuses a missing payload where one is required', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/password');
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-060' });
  });

  it('refuses fields given as an object', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/whoami', { fields: { id: true } });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });
});

describe('REST catalogue', () => {
  it('lists every path of the api, session and current modules for daemon', async () => {
    const catalog = await rows(daemon, 'SELECT * FROM daemon.rest_catalog()');
    const paths = catalog.map((entry) => entry.path);
    // Catalogued paths are the dispatcher's, below /api/v1.
    for (const path of ['/ping', '/whoami', '/sign/in', '/user/list', '/member/area', '/session/set/locale', '/current/oper_date']) {
      expect(paths).toContain(path);
    }
    const signOut = catalog.find((entry) => entry.path === '/sign/out');
    expect(signOut).toMatchObject({ session: true, module: 'api', keys: ['session', 'closeall', 'close_all'] });
  });

  it('routes every catalogued path of these modules to a dispatcher that knows it', async () => {
    const catalog = await rows(daemon, `SELECT * FROM daemon.rest_catalog()`);
    const mine = catalog.filter((entry) => ['api', 'session', 'current'].includes(String(entry.module)));
    // Its own session: the loop reaches /sign/out too.
    const user = await createUser(kernel);
    const own = str((await signIn(daemon, user.username, user.password)).access_token);
    for (const entry of mine.filter((item) => item.path !== '/sign/out').concat(mine.filter((item) => item.path === '/sign/out'))) {
      const result = await fetch(daemon, own, `/api/v1${str(entry.path)}`, {});
      for (const row of result) {
        expect([entry.path, errorOf(row)?.error]).not.toEqual([entry.path, 'ERR-400-091']);
        expect([entry.path, errorOf(row)?.error]).not.toEqual([entry.path, 'ERR-400-092']);
      }
    }
  });

  it('keeps api and rest functions out of reach of the daemon role', async () => {
    await expect(daemon.query(`SELECT * FROM api.run('POST', '/api/v1/ping')`)).rejects.toThrow(/permission denied/);
  });
});

describe('sign routes', () => {
  it('signs a user in through a client session and returns session, secret and code', async () => {
    const user = await createUser(kernel);
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/sign/in', { username: user.username, password: user.password });
    expect(row).toMatchObject({ session: expect.stringMatching(/^[0-9a-f]{40}$/), secret: expect.any(String), code: expect.any(String) });
  });

  it('refuses /sign/in without a client context', async () => {
    const [row] = await anonymous(daemon, '/api/v1/sign/in', { username: 'x', password: 'y' });
    expect(errorOf(row)?.error).toBe('ERR-400-071');
  });

  it('closes all sessions of the user with close_all on /sign/out', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password);
    const second = await signIn(daemon, user.username, user.password);
    const [out] = await fetch(daemon, str(first.access_token), '/api/v1/sign/out', { close_all: true });
    expect(out).toMatchObject({ success: true });
    const [after] = await fetch(daemon, str(second.access_token), '/api/v1/whoami');
    expect(errorOf(after)?.code).toBe(403);
  });

  it('also accepts the closeall spelling on /sign/out', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password);
    const [out] = await fetch(daemon, str(first.access_token), '/api/v1/sign/out', { closeall: false });
    expect(out).toMatchObject({ success: true });
  });

  it('registers a user through /sign/up and lets it sign in', async () => {
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const username = `signup${process.pid}`;
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/sign/up', {
      username,
      password: 'Signup-pass-1',
      name: { first: 'Sign', last: 'Up' },
      email: `${username}@example.com`,
    });
    expect(row).toMatchObject({ uid: username, secret: expect.stringMatching(/^[0-9a-f]{128}$/) });
    const session = await signIn(daemon, username, 'Signup-pass-1');
    expect(session.access_token).toEqual(expect.any(String));
  });

  it('refuses /sign/up with a malformed username', async () => {
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/sign/up', { username: "x'; drop table db.user; --" });
    expect(errorOf(row)?.code).toBe(400);
  });
});

describe('user and member routes', () => {
  it('reads and updates the current user', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [me] = await fetch(daemon, str(session.access_token), '/api/v1/user/get', { fields: ['id', 'username'] });
    expect(me).toEqual({ id: user.id, username: user.username });
    const [updated] = await fetch(daemon, str(session.access_token), '/api/v1/user/set', { description: 'changed' });
    expect(updated).toMatchObject({ id: user.id, description: 'changed' });
  });

  it('changes the password only with the right old one', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [wrong] = await fetch(daemon, str(session.access_token), '/api/v1/user/password', { oldpass: 'nope', newpass: 'New-pass-2' });
    expect(errorOf(wrong)?.code).toBe(400);
    const [right] = await fetch(daemon, str(session.access_token), '/api/v1/user/password', { oldpass: user.password, newpass: 'New-pass-2' });
    expect(right).toEqual({ success: true });
  });

  it('lists the groups of the current user', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/member/group');
    expect(result.map((row) => row.username)).toContain('user');
  });

  it('answers an unknown member path with RouteNotFound', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/member/nothing');
    expect(errorOf(row)?.error).toBe('ERR-400-091');
  });

  it('returns the profile of the current user from the configuration', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/profile', {});
    expect(row).toMatchObject({ username: expect.any(String) });
  });

  it('refuses an unknown key on /user/set', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/set', { admin: true });
    expect(errorOf(row)?.error).toBe('ERR-400-061');
  });
});

describe('authenticate and authorize routes', () => {
  it('resumes a session through /authorize', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [row] = await anonymous(daemon, '/api/v1/authorize', { session: session.session });
    expect(row).toMatchObject({ authorized: true, userid: user.id });
  });

  it('needs the session key on /authorize', async () => {
    const [row] = await anonymous(daemon, '/api/v1/authorize', { agent: 'x' });
    expect(errorOf(row)?.error).toBe('ERR-400-062');
  });

  it('checks a secret through /authenticate', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [row] = await anonymous(daemon, '/api/v1/authenticate', { session: session.session, secret: session.secret });
    expect(row).toMatchObject({ authorized: true, userid: user.id });
  });
});

describe('workflow dispatchers', () => {
  it('require a session', async () => {
    const [row] = await anonymous(daemon, '/api/v1/state');
    expect(errorOf(row)).toMatchObject({ code: 401, error: 'ERR-401-001' });
  });

  it('answer an unknown path with RouteNotFound', async () => {
    for (const path of ['/api/v1/state/nothing', '/api/v1/action/nothing', '/api/v1/method/nothing']) {
      const [row] = await fetch(daemon, jwt, path);
      expect(errorOf(row)?.error).toBe('ERR-400-091');
    }
  });

  it('refuses /action/execute without an object', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/action/execute', { code: 'enable' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });
});

describe('remaining user routes: valid and invalid payloads', () => {
  it('updates the profile of the current user', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [row] = await fetch(daemon, str(session.access_token), '/api/v1/user/profile/set', { givenname: 'Given', familyname: 'Family' });
    expect(row).toMatchObject({ id: user.id, given_name: 'Given', family_name: 'Family' });
  });

  it('refuses a profile locale that is not a code', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/profile/set', { locale: { code: 'en' } });
    expect(errorOf(row)?.code).toBe(400);
  });

  it('counts users with a single object payload', async () => {
    expect(await fetch(daemon, jwt, '/api/v1/user/count', { filter: { username: 'nobody-by-that-name' } })).toEqual([{ count: 0 }]);
  });

  it('names the missing identifier of a password recovery', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/password/recovery', { hashcode: 'x' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('refuses a malformed recovery ticket with 400', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/security/answer', { ticket: 'not-a-uuid', securityanswer: '1' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('checks a recovery ticket through /user/security/answer', async () => {
    const user = await createUser(kernel);
    const ticket = await kernel.query<{ ticket: string }>(`SELECT kernel.NewRecoveryTicket($1, '777000', 'jest') AS ticket`, [user.id]);
    const [wrong] = await fetch(daemon, jwt, '/api/v1/user/security/answer', { ticket: ticket.rows[0]?.ticket, securityanswer: '000000' });
    expect(wrong).toMatchObject({ result: false });
    const [right] = await fetch(daemon, jwt, '/api/v1/user/security/answer', { ticket: ticket.rows[0]?.ticket, securityanswer: '777000' });
    expect(right).toMatchObject({ result: true });
  });

  it('resets a password with a recovery ticket', async () => {
    const user = await createUser(kernel);
    const ticket = await kernel.query<{ ticket: string }>(`SELECT kernel.NewRecoveryTicket($1, '777001', 'jest') AS ticket`, [user.id]);
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/user/password/reset', { ticket: ticket.rows[0]?.ticket, securityanswer: '777001', password: 'Reset-pass-9' });
    expect(row).toMatchObject({ result: true });
    const answer = await signIn(daemon, user.username, 'Reset-pass-9');
    expect(answer.access_token).toEqual(expect.any(String));
  });

  it('names the missing password of a reset', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/password/reset', { ticket: '00000000-0000-4000-8000-000000000000', securityanswer: '1' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('needs an e-mail or a phone for registration codes', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/registration/code', { hashcode: 'x' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('names the missing code of a registration check', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/user/registration/check', { ticket: '00000000-0000-4000-8000-000000000000' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('refuses /su without a password', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/su', { username: 'admin' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('refuses /su to a user without the substitution right', async () => {
    const user = await createUser(kernel);
    const session = await signIn(daemon, user.username, user.password);
    const [row] = await fetch(daemon, str(session.access_token), '/api/v1/su', { username: 'admin', password: user.password });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('needs the text of a search', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/search', { entities: ['client'] });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });
});

describe('workflow reference routes', () => {
  it.each(['/api/v1/entity', '/api/v1/type', '/api/v1/class', '/api/v1/priority'])('lists %s and refuses an unknown key', async (path) => {
    const result = await fetch(daemon, jwt, path, { fields: ['id', 'code'] });
    for (const row of result) expect(Object.keys(row).sort()).toEqual(['code', 'id']);
    const [bad] = await anonymous(daemon, path, { nope: 1 });
    expect(errorOf(bad)?.error).toBe('ERR-400-061');
  });

  it.each(['/api/v1/state', '/api/v1/action', '/api/v1/method', '/api/v1/state/type'])('lists %s with a session', async (path) => {
    const result = await fetch(daemon, jwt, path, { fields: ['id'] });
    expect(result.every((row) => errorOf(row) === undefined)).toBe(true);
  });
});

describe('search, su and membership routes', () => {
  it('searches with a text', async () => {
    const result = await fetch(daemon, jwt, '/api/v1/search', { text: 'nothing-matches-this' });
    expect(result.every((row) => errorOf(row) === undefined)).toBe(true);
  });

  it('refuses entities that are not an array', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/search', { text: 'x', entities: 'client' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('lets a service client substitute a user with its own secret', async () => {
    const user = await createUser(kernel);
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [su] = await fetch(daemon, str(client.access_token), '/api/v1/su', { username: user.username, password: service.secret });
    expect(su).toEqual({ success: true });
    const [me] = await fetch(daemon, str(client.access_token), '/api/v1/whoami', { fields: ['userid'] });
    expect(me).toEqual({ userid: user.id });
  });

  it('lists the areas and interfaces of the current user', async () => {
    const areas = await fetch(daemon, jwt, '/api/v1/member/area');
    expect(areas.length).toBeGreaterThan(0);
    expect(areas[0]).toHaveProperty('sortlist');
    const interfaces = await fetch(daemon, jwt, '/api/v1/member/interface');
    expect(interfaces.map((row) => row.code)).toContain('guest');
  });
});

describe('/whoami answers kept per session', () => {
  const guests = '00000000-0000-4000-a000-000000000003';
  const poison = '{"kept":true}';

  interface Me {
    id: string;
    username: string;
    session: string;
    jwt: string;
  }

  async function me(): Promise<Me> {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    return { id: user.id, username: user.username, session: str(answer.session), jwt: str(answer.access_token) };
  }

  // The raw text of the answer, as a service receives it.
  async function whoamiText(jwt: string, payload: string | null = null, path = '/api/v1/whoami'): Promise<string[]> {
    const result = await daemon.query<{ t: string }>(
      `SELECT f::text AS t FROM daemon.fetch($1, 'POST', $3, $2::jsonb, 'jest', '127.0.0.1') AS f`,
      [jwt, payload, path],
    );
    return result.rows.map((row) => row.t);
  }

  // What the configuration's view says right now, built afresh.
  async function viewText(session: string): Promise<string[]> {
    await kernel.query('BEGIN');
    try {
      await kernel.query(`SELECT set_config('current.session', $1, true)`, [session]);
      const result = await kernel.query<{ t: string }>('SELECT row_to_json(w)::text AS t FROM api.whoami AS w');
      return result.rows.map((row) => row.t);
    } finally {
      await kernel.query('COMMIT');
    }
  }

  // Writes a recognisable answer into the session's kept row, stamps untouched:
  // served back, it shows the row is used; gone, that it was outdated.
  async function poisonKept(session: string): Promise<void> {
    const result = await kernel.query(`UPDATE db.whoami_cache SET answer = $2::json WHERE session = $1`, [session, poison]);
    expect(result.rowCount).toBe(1);
  }

  async function expectFresh(user: Me): Promise<void> {
    const answer = await whoamiText(user.jwt);
    expect(answer).not.toEqual([poison]);
    expect(answer).toEqual(await viewText(user.session));
  }

  it('answers byte for byte what the view answers, built once and then served from the kept row', async () => {
    const user = await me();
    const reference = await viewText(user.session);
    expect(reference).toHaveLength(1);
    expect(await whoamiText(user.jwt)).toEqual(reference);
    expect(await whoamiText(user.jwt)).toEqual(reference);
    expect(await whoamiText(user.jwt, '{}')).toEqual(reference);
    expect(await whoamiText(user.jwt, 'null')).toEqual(reference);
    await poisonKept(user.session);
    expect(await whoamiText(user.jwt)).toEqual([poison]);
    expect(await whoamiText(user.jwt, '{}')).toEqual([poison]);
    expect(await whoamiText(user.jwt, 'null')).toEqual([poison]);
    // daemon.fetch reads the kept row with the token for the path services send;
    // any other spelling of it is served from the same row by WhoamiRows
    expect(await whoamiText(user.jwt, null, '/API/v1//whoami/')).toEqual([poison]);
    // a field selection is built from the view each time
    const [fields] = await fetch(daemon, user.jwt, '/api/v1/whoami', { fields: ['userid'] });
    expect(fields).toEqual({ userid: user.id });
  });

  it('answers the same when rest.api is called directly', async () => {
    const user = await me();
    const reference = await viewText(user.session);
    await kernel.query('BEGIN');
    try {
      await kernel.query(`SELECT set_config('current.session', $1, true)`, [user.session]);
      const direct = await kernel.query<{ t: string }>(`SELECT f::text AS t FROM rest.api('/whoami') AS f`);
      expect(direct.rows.map((row) => row.t)).toEqual(reference);
      const ping = await kernel.query<{ t: string }>(`SELECT f::text AS t FROM rest.api('/ping') AS f`);
      expect(ping.rows.map((row) => JSON.parse(row.t))).toEqual([{ error: { code: 200, message: 'OK' } }]);
    } finally {
      await kernel.query('COMMIT');
    }
    expect(await whoamiText(user.jwt)).toEqual(reference);
  });

  it('outdates it on a write of the session row', async () => {
    const user = await me();
    await whoamiText(user.jwt);
    await poisonKept(user.session);
    await kernel.query(`UPDATE db.session SET host = '10.1.2.3' WHERE code = $1`, [user.session]);
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).session.host).toBe('10.1.2.3');
  });

  it('outdates it on a write of the user row, and not on a write that changes nothing', async () => {
    const user = await me();
    await whoamiText(user.jwt);
    await poisonKept(user.session);
    await kernel.query(`UPDATE db.user SET name = name WHERE id = $1`, [user.id]);
    expect(await whoamiText(user.jwt)).toEqual([poison]);
    await kernel.query(`UPDATE db.user SET name = 'Renamed Person' WHERE id = $1`, [user.id]);
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).name).toBe('Renamed Person');
  });

  it('outdates it on a write of the profile, including the sign-in of another session of the user', async () => {
    const user = await me();
    await whoamiText(user.jwt);
    await poisonKept(user.session);
    await kernel.query(`UPDATE db.profile SET given_name = 'Given' WHERE userid = $1`, [user.id]);
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).profile.given_name).toBe('Given');

    await poisonKept(user.session);
    await signIn(daemon, user.username, 'Secret-pass-1');
    await expectFresh(user);
  });

  it('outdates it on a change of group membership', async () => {
    const user = await me();
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).guest).toBe(false);
    await poisonKept(user.session);
    await kernel.query(`INSERT INTO db.member_group (userid, member) VALUES ($1, $2)`, [guests, user.id]);
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).guest).toBe(true);
    await poisonKept(user.session);
    await kernel.query(`DELETE FROM db.member_group WHERE userid = $1 AND member = $2`, [guests, user.id]);
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).guest).toBe(false);
  });

  it.each(['locale', 'scope', 'area', 'interface'])('outdates it on a write of the db.%s row it shows', async (table) => {
    const user = await me();
    await whoamiText(user.jwt);
    await poisonKept(user.session);
    const described = `described ${table} ${process.pid}`;
    const { rows: [old] } = await kernel.query<{ description: string | null }>(
      `SELECT description FROM db.${table} WHERE id = (SELECT ${table} FROM db.session WHERE code = $1)`,
      [user.session],
    );
    await kernel.query(`UPDATE db.${table} SET description = $2 WHERE id = (SELECT ${table} FROM db.session WHERE code = $1)`, [user.session, described]);
    try {
      await expectFresh(user);
      expect(JSON.parse(str((await whoamiText(user.jwt))[0]))[table].description).toBe(described);
    } finally {
      await kernel.query(`UPDATE db.${table} SET description = $2 WHERE id = (SELECT ${table} FROM db.session WHERE code = $1)`, [user.session, old?.description ?? null]);
    }
  });

  it('does not keep an answer built while a change of its sources was being committed', async () => {
    const user = await me();
    const other = await db.client('kernel');
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE db.user SET name = 'Committed Later' WHERE id = $1`, [user.id]);
      // built and kept from the snapshot before that commit
      const [before] = await whoamiText(user.jwt);
      expect(JSON.parse(str(before)).name).not.toBe('Committed Later');
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    await expectFresh(user);
    expect(JSON.parse(str((await whoamiText(user.jwt))[0])).name).toBe('Committed Later');
  });

  it('patch P00000010 creates the kept rows and their stamps in a database without them, and is a no-op when re-run', async () => {
    const user = await me();
    const patch = readFileSync(new URL('../platform/patch/P00000010.sql', import.meta.url), 'utf8');
    const version = async (): Promise<number> => Number((await kernel.query<{ v: string }>('SELECT kernel.whoami_version() AS v')).rows[0]?.v);
    const gen = async (): Promise<number> =>
      Number((await kernel.query<{ g: string | null }>('SELECT (SELECT gen FROM db.whoami_gen WHERE userid = $1) AS g', [user.id])).rows[0]?.g ?? 0);
    await kernel.query('BEGIN');
    try {
      await kernel.query('DROP TABLE db.whoami_cache, db.whoami_gen');
      await kernel.query('DROP FUNCTION db.ft_whoami_user_changed(), kernel.WhoamiChanged(uuid), kernel.whoami_version() CASCADE');
      await kernel.query('DROP SEQUENCE db.whoami_version');
      // before P00000010 the route version had a trigger function of its own (P00000008)
      await kernel.query('DROP FUNCTION db.ft_constant_version() CASCADE');
      await kernel.query(readFileSync(new URL('../platform/patch/P00000008.sql', import.meta.url), 'utf8'));
      await kernel.query(patch);
      const { rows: [routeTriggers] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_trigger WHERE tgname LIKE 't\\_%\\_route\\_version' AND tgfoid = 'db.ft_constant_version'::regproc`,
      );
      expect(routeTriggers?.n).toBe('3');
      expect((await kernel.query(`SELECT to_regprocedure('db.ft_route_version()') AS f`)).rows[0]?.f).toBeNull();
      const routeVersion = async (): Promise<number> => Number((await kernel.query<{ v: string }>('SELECT kernel.api_route_version() AS v')).rows[0]?.v);
      const routeBefore = await routeVersion();
      await kernel.query(`SELECT kernel.EnsureRoute('patched-route', 'api', ARRAY['POST'])`);
      expect(await routeVersion()).toBeGreaterThan(routeBefore);
      const { rows: [triggers] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_trigger WHERE tgname LIKE 't\\_%\\_whoami%' AND NOT tgisinternal`,
      );
      expect(triggers?.n).toBe('7');
      const before = await version();
      await kernel.query(`UPDATE db.locale SET description = description WHERE code = 'en'`);
      const moved = await version();
      expect(moved).toBeGreaterThan(before);
      const genBefore = await gen();
      await kernel.query(`UPDATE db.user SET name = 'Patched Name' WHERE id = $1`, [user.id]);
      expect(await gen()).toBe(genBefore + 1);
      await kernel.query(patch);
      expect(await version()).toBe(moved);
      expect(await gen()).toBe(genBefore + 1);
    } finally {
      await kernel.query('ROLLBACK');
    }
  });

  it('drops the kept row with its session', async () => {
    const user = await me();
    await whoamiText(user.jwt);
    await fetch(daemon, user.jwt, '/api/v1/sign/out');
    const { rows: [kept] } = await kernel.query<{ n: string }>('SELECT count(*) AS n FROM db.whoami_cache WHERE session = $1', [user.session]);
    expect(kept?.n).toBe('0');
  });
});
