import type pg from 'pg';
import { anonymous, createUser, errorOf, fetch, openDatabase, signIn, str, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;
let user: { id: string; username: string; password: string };

beforeAll(async () => {
  db = await openDatabase('current');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  user = await createUser(kernel);
  jwt = str((await signIn(daemon, user.username, user.password)).access_token);
});

afterAll(async () => {
  await db.close();
});

describe('/current/* with a session', () => {
  it('returns the session row', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/current/session');
    expect(row).toMatchObject({ userid: user.id, username: user.username, code: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('returns the user row of the current scope', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/current/user');
    expect(row).toMatchObject({ id: user.id, username: user.username });
  });

  it('returns the user id and name', async () => {
    expect(await fetch(daemon, jwt, '/api/v1/current/userid')).toEqual([{ userid: user.id }]);
    expect(await fetch(daemon, jwt, '/api/v1/current/username')).toEqual([{ username: user.username }]);
  });

  it('returns area, interface and locale rows', async () => {
    const [area] = await fetch(daemon, jwt, '/api/v1/current/area');
    expect(area).toMatchObject({ id: expect.any(String), code: expect.any(String), scope: expect.any(String) });
    const [iface] = await fetch(daemon, jwt, '/api/v1/current/interface');
    expect(Object.keys(iface ?? {}).sort()).toEqual(['code', 'description', 'id', 'name']);
    const [locale] = await fetch(daemon, jwt, '/api/v1/current/locale');
    expect(Object.keys(locale ?? {}).sort()).toEqual(['code', 'description', 'id', 'name']);
  });

  it('returns a null business date until one is set', async () => {
    expect(await fetch(daemon, jwt, '/api/v1/current/oper_date')).toEqual([{ oper_date: null }]);
  });

  it('answers an unknown path with RouteNotFound', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/current/nothing');
    expect(errorOf(row)?.error).toBe('ERR-400-091');
  });
});

describe('/current/* without a session', () => {
  it('answers the fallbacks, never an authentication error', async () => {
    expect(await anonymous(daemon, '/api/v1/current/userid')).toEqual([{ userid: null }]);
    expect(await anonymous(daemon, '/api/v1/current/session')).toEqual([]);
    const [locale] = await anonymous(daemon, '/api/v1/current/locale');
    expect(locale).toMatchObject({ code: 'ru', id: '00000000-0000-4001-a000-000000000002' });
    const [area] = await anonymous(daemon, '/api/v1/current/area');
    expect(area).toMatchObject({ id: '00000000-0000-4003-a000-000000000002' });
    const [iface] = await anonymous(daemon, '/api/v1/current/interface');
    expect(iface).toMatchObject({ id: '00000000-0000-4004-a000-000000000003' });
  });

  it('ignores the payload', async () => {
    expect(await anonymous(daemon, '/api/v1/current/userid', { anything: "'; drop table db.user; --" })).toEqual([{ userid: null }]);
  });
});
