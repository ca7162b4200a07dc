// The verification module: e-mail and phone codes, through the kernel
// functions (as the message entity uses them) and /verification/* (as the
// app service calls them, via daemon.fetch).
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, fetch, one, openDatabase, rows, signIn, web, type Json, type TestDb } from './kernel-support.js';

interface Signed {
  id: string;
  jwt: string;
}

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let user: Signed;
let admin: Signed;

async function signed(group: 'user' | 'administrator' = 'user'): Promise<Signed> {
  const created = await createUser(kernel, group);
  return { id: created.id, jwt: await signIn(daemon, created.username, created.password) };
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  user = await signed();
  admin = await signed('administrator');
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(who: Signed, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function callError(who: Signed, path: string, payload: unknown): Promise<string | null | undefined> {
  const result = await call(who, path, payload);
  expect(result).toHaveLength(1);
  const error = errorOf(result[0]);
  expect(error?.code).toBe(400);
  return error?.error;
}

async function issue(who: Signed, kind: 'email' | 'phone', code?: string): Promise<Json> {
  const result = await call(who, `/verification/${kind}/code`, code === undefined ? null : { code });
  expect(result).toHaveLength(1);
  return result[0] as Json;
}

function seconds(from: unknown, to: unknown): number {
  return (new Date(String(to)).getTime() - new Date(String(from)).getTime()) / 1000;
}

describe('issuing codes', () => {
  it('issues a 6-digit phone code valid for 5 minutes', async () => {
    const row = await issue(user, 'phone');
    expect(row).toMatchObject({ type: 'phone', used: null });
    expect(String(row.code)).toMatch(/^[0-9]{6}$/);
    expect(seconds(row.validfromdate, row.validtodate)).toBe(300);
  });

  it('issues a UUID e-mail code valid for one day', async () => {
    const row = await issue(user, 'email');
    expect(row).toMatchObject({ type: 'email', used: null });
    expect(String(row.code)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(seconds(row.validfromdate, row.validtodate)).toBe(86400);
  });

  it('stores a caller-supplied code verbatim', async () => {
    expect((await issue(user, 'phone', '123')).code).toBe('123');
  });

  it('closes the previous code when a new one is issued: the old one is then not found', async () => {
    const first = await issue(user, 'email');
    const second = await issue(user, 'email');
    const old = await one<Json>(kernel, "SELECT json_build_object('used', used IS NOT NULL, 'closed', validtodate = $2::timestamptz) FROM db.verification_code WHERE id = $1", [first.id, second.validfromdate]);
    expect(old).toEqual({ used: true, closed: true });
    expect(await call(user, '/verification/email/confirm', { code: first.code })).toEqual([{ result: false, message: 'Verification code not found.' }]);
  });

  it('keeps one row with its first code when issued twice in one transaction', async () => {
    await kernel.query('BEGIN');
    try {
      const a = await one<string>(kernel, "SELECT kernel.NewVerificationCode($1, 'P', '111111')", [user.id]);
      const b = await one<string>(kernel, "SELECT kernel.NewVerificationCode($1, 'P', '222222')", [user.id]);
      expect(b).toBe(a);
      expect(await one(kernel, 'SELECT kernel.GetVerificationCode($1)', [a])).toBe('111111');
    } finally {
      await kernel.query('COMMIT');
    }
  });

  it('refuses a type other than M or P with ERR-400-047', async () => {
    await expect(kernel.query("SELECT kernel.NewVerificationCode($1, 'X')", [user.id])).rejects.toThrow(/ERR-400-047/);
    await expect(kernel.query("INSERT INTO db.verification_code (userid, type) VALUES ($1, 'X')", [user.id])).rejects.toThrow(/ERR-400-047/);
  });

  it('keeps a code unchanged when an update tries to change it', async () => {
    const row = await issue(user, 'phone');
    await kernel.query("UPDATE db.verification_code SET code = 'changed' WHERE id = $1", [row.id]);
    expect(await one(kernel, 'SELECT kernel.GetVerificationCode($1)', [row.id])).toBe(row.code);
  });

  it('rejects an unknown key, a non-string code and an unsupported payload with a 400 envelope', async () => {
    expect(await callError(user, '/verification/email/code', { code: 'x', extra: 1 })).toBe('ERR-400-061');
    expect(await callError(user, '/verification/phone/code', { code: { nested: true } })).toBe('ERR-400-063');
    expect(await callError(user, '/verification/phone/code', 'text')).toBe('ERR-400-063');
  });
});

describe('confirming codes', () => {
  it('confirms an e-mail code once, marks every profile verified, then reports it used', async () => {
    const row = await issue(user, 'email');
    expect(await call(user, '/verification/email/confirm', { code: row.code })).toEqual([{ result: true, message: 'Email address confirmed.' }]);
    expect(await rows(kernel, 'SELECT email_verified FROM db.profile WHERE userid = $1', [user.id])).not.toContain(false);
    expect(await call(user, '/verification/email/confirm', { code: row.code })).toEqual([{ result: false, message: 'Verification code has already been used.' }]);
  });

  it('confirms a phone code and marks the phone verified', async () => {
    const row = await issue(user, 'phone');
    expect(await call(user, '/verification/phone/confirm', { code: row.code })).toEqual([{ result: true, message: 'Phone number confirmed.' }]);
    expect(await rows(kernel, 'SELECT phone_verified FROM db.profile WHERE userid = $1', [user.id])).not.toContain(false);
  });

  it('does not confirm a phone code as an e-mail code', async () => {
    const row = await issue(user, 'phone');
    expect(await call(user, '/verification/email/confirm', { code: row.code })).toEqual([{ result: false, message: 'Verification code not found.' }]);
  });

  it('reports an expired code as not found', async () => {
    const other = await signed();
    const id = await one<string>(kernel, "SELECT kernel.AddVerificationCode($1, 'P', '654321', now() - interval '6 minutes')", [other.id]);
    expect(await one(kernel, "SELECT validtodate = validfromdate + interval '5 minutes' FROM db.verification_code WHERE id = $1", [id])).toBe(true);
    expect(await call(other, '/verification/phone/confirm', { code: '654321' })).toEqual([{ result: false, message: 'Verification code not found.' }]);
  });

  it('treats an SQL-looking code as a plain unknown code', async () => {
    expect(await call(user, '/verification/email/confirm', { code: "' OR 1=1 --" })).toEqual([{ result: false, message: 'Verification code not found.' }]);
  });

  it('runs the confirmation hooks for a confirmation service (group system) and returns its session to it', async () => {
    const service: Signed = { id: await one<string>(kernel, 'SELECT id FROM db.user WHERE username = $1', [web.id]), jwt: await signIn(daemon, web.id, web.secret) };
    const id = await one<string>(kernel, "SELECT kernel.NewVerificationCode($1, 'M')", [user.id]);
    const code = await one<string>(kernel, 'SELECT kernel.GetVerificationCode($1)', [id]);
    expect(await call(service, '/verification/email/confirm', { code })).toEqual([{ result: true, message: 'Email address confirmed.' }]);
    const sessions = await rows<Json>(kernel, "SELECT json_build_object('userid', userid, 'suid', suid) FROM db.session WHERE suid = $1", [service.id]);
    for (const session of sessions) expect(session.userid).toBe(session.suid);
  });

  it('requires a code to confirm', async () => {
    expect(await callError(user, '/verification/email/confirm', {})).toBe('ERR-400-062');
    expect(await callError(user, '/verification/phone/confirm', null)).toBe('ERR-400-060');
  });
});

describe('reading codes', () => {
  it('gets an own code by id, projected, and nothing for another user\'s code', async () => {
    const row = await issue(user, 'phone');
    expect(await call(user, '/verification/code/get', { id: row.id, fields: ['id', 'type'] })).toEqual([{ id: row.id, type: 'phone' }]);
    const other = await signed();
    expect(await call(other, '/verification/code/get', { id: row.id })).toEqual([]);
  });

  it('rejects a malformed id (upstream: 500) and a missing id with a 400 envelope', async () => {
    expect(await callError(user, '/verification/code/get', { id: 'not-a-uuid' })).toMatch(/^ERR-400-/);
    expect(await callError(user, '/verification/code/get', { fields: ['id'] })).toBe('ERR-400-062');
  });

  it('refuses count and list to a non-administrator with ERR-400-001', async () => {
    expect(await callError(user, '/verification/code/count', {})).toBe('ERR-400-001');
    expect(await callError(user, '/verification/code/list', {})).toBe('ERR-400-001');
  });

  it('counts and lists an administrator\'s own codes only', async () => {
    await issue(admin, 'phone');
    await issue(admin, 'email');
    expect(await call(admin, '/verification/code/count', {})).toEqual([{ count: 2 }]);
    const list = await call(admin, '/verification/code/list', { fields: ['type'], orderby: ['type'] });
    expect(list).toEqual([{ type: 'email' }, { type: 'phone' }]);
    expect(await callError(admin, '/verification/code/list', { fields: ['userid'] })).toBe('ERR-400-065');
    expect(await callError(admin, '/verification/code/count', { search: 'x' })).toBe('ERR-400-063');
  });

  it('refuses a call without a session with a 401', async () => {
    const [row] = await rows(daemon, "SELECT * FROM daemon.unauthorized_fetch('POST', '/api/v1/verification/email/code', null, 'jest', null)");
    expect(errorOf(row)).toMatchObject({ code: 401 });
  });

  it('answers an unknown path with ERR-400-091', async () => {
    expect(await callError(user, '/verification/other', {})).toBe('ERR-400-091');
  });

  it('registers every path in the REST catalogue', async () => {
    const paths = await rows<string>(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'verification' ORDER BY path");
    expect(paths).toEqual([
      '/verification/code/count',
      '/verification/code/get',
      '/verification/code/list',
      '/verification/email/code',
      '/verification/email/confirm',
      '/verification/phone/code',
      '/verification/phone/confirm',
    ]);
  });
});
