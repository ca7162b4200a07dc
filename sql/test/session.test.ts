import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, signIn, str, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

beforeAll(async () => {
  db = await openDatabase('session');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
});

afterAll(async () => {
  await db.close();
});

async function newSession(): Promise<{ jwt: string; id: string; username: string; password: string }> {
  const user = await createUser(kernel);
  const answer = await signIn(daemon, user.username, user.password);
  return { jwt: str(answer.access_token), ...user };
}

describe('/session/set/locale', () => {
  it('switches the session locale by code and makes it the default of future sessions', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/locale', { code: 'de' });
    expect(row).toMatchObject({ code: 'de', id: '00000000-0000-4001-a000-000000000003' });
    const next = await signIn(daemon, me.username, me.password);
    const [locale] = await fetch(daemon, str(next.access_token), '/api/v1/current/locale');
    expect(locale).toMatchObject({ code: 'de' });
  });

  it('switches by id', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/locale', { id: '00000000-0000-4001-a000-000000000001' });
    expect(row).toMatchObject({ code: 'en' });
  });

  it('reports an unknown code as not found', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/locale', { code: 'xx' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-031' });
  });

  it('refuses an unknown key', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/locale', { lang: 'en' });
    expect(errorOf(row)?.error).toBe('ERR-400-061');
  });

  it('requires a payload', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/locale');
    expect(errorOf(row)?.error).toBe('ERR-400-060');
  });
});

describe('/session/set/area and /session/set/interface', () => {
  it('refuses an area the user is not a member of, leaving the session unchanged', async () => {
    const me = await newSession();
    const [before] = await fetch(daemon, me.jwt, '/api/v1/current/area');
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/area', { id: '00000000-0000-4003-a000-000000000001' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-018' });
    const [after] = await fetch(daemon, me.jwt, '/api/v1/current/area');
    expect(after).toEqual(before);
  });

  it('sets an area of which the user is a member and answers the area row', async () => {
    const me = await newSession();
    await kernel.query(`SELECT kernel.AddMemberToArea($1, '00000000-0000-4003-a001-000000000001'::uuid)`, [me.id]);
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/area', { id: '00000000-0000-4003-a001-000000000001' });
    expect(row).toMatchObject({ id: '00000000-0000-4003-a001-000000000001', scopecode: expect.any(String) });
  });

  it('reports an unknown area code as not found', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/area', { code: 'no-such-area' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-031' });
  });

  it('sets the guest interface by code', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/interface', { code: 'guest' });
    expect(row).toMatchObject({ code: 'guest' });
  });

  it('refuses an interface the user is not a member of', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/interface', { id: '00000000-0000-4004-a000-000000000001' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-020' });
  });

  it('refuses a malformed id with 400 instead of a conversion error', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/interface', { id: "'; drop table db.session; --" });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });
});

describe('/session/set/oper_date', () => {
  it('stores and clears the business date of the session', async () => {
    const me = await newSession();
    const [set] = await fetch(daemon, me.jwt, '/api/v1/session/set/oper_date', { oper_date: '2024-03-01 10:00:00' });
    expect(String(set?.oper_date)).toMatch(/^2024-03-01T10:00:00/);
    const [read] = await fetch(daemon, me.jwt, '/api/v1/current/oper_date');
    expect(read).toEqual(set);
    const [cleared] = await fetch(daemon, me.jwt, '/api/v1/session/set/oper_date', { oper_date: null });
    expect(cleared).toEqual({ oper_date: null });
  });

  it('refuses a malformed date with 400 where upstream answered 500', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/oper_date', { oper_date: 'yesterday-ish' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('names the missing oper_date key', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/oper_date', {});
    expect(errorOf(row)?.error).toBe('ERR-400-062');
  });
});

describe('session routes without a session', () => {
  it('require one', async () => {
    const [row] = await (await import('./api-support.js')).anonymous(daemon, '/api/v1/session/set/locale', { code: 'en' });
    expect(errorOf(row)).toMatchObject({ code: 401, error: 'ERR-401-001' });
  });

  it('answer an unknown path with RouteNotFound', async () => {
    const me = await newSession();
    const [row] = await fetch(daemon, me.jwt, '/api/v1/session/set/nothing', {});
    expect(errorOf(row)?.error).toBe('ERR-400-091');
  });
});
