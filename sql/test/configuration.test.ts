import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, service, signIn, str, token, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

beforeAll(async () => {
  db = await openDatabase('configuration');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
});

afterAll(async () => {
  await db.close();
});

describe('example configuration', () => {
  it('answers /whoami with the user, its session and its context', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [me] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami');
    expect(me).toMatchObject({
      id: user.id,
      userid: user.id,
      suid: user.id,
      admin: false,
      guest: false,
      session: { code: answer.session, agent: 'jest' },
      profile: { username: user.username },
      locale: { code: expect.any(String) },
      scope: { code: 'pgfleet' },
      area: { id: expect.any(String) },
      interface: { id: expect.any(String) },
    });
  });

  it('marks the administrator as admin in /whoami', async () => {
    const answer = await signIn(daemon, 'admin', 'admin');
    const [me] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['admin'] });
    expect(me).toEqual({ admin: true });
  });

  it('refuses an unknown whoami field', async () => {
    const user = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [row] = await fetch(daemon, str(answer.access_token), '/api/v1/whoami', { fields: ['password'] });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-065' });
  });

  it('refuses a sign-up with a username that is already taken', async () => {
    const user = await createUser(kernel);
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/sign/up', { username: user.username, password: 'x-Password-1' });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-026' });
  });

  it('refuses a sign-up with a malformed e-mail address', async () => {
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [row] = await fetch(daemon, str(client.access_token), '/api/v1/sign/up', { username: `mail${process.pid}`, email: 'not-an-address' });
    expect(errorOf(row)?.code).toBe(400);
  });

  it('keeps the identity of the calling client after a sign-up', async () => {
    const client = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    const [before] = await fetch(daemon, str(client.access_token), '/api/v1/whoami', { fields: ['userid'] });
    await daemon.query('BEGIN');
    const [signup] = (await daemon.query(`SELECT * FROM daemon.fetch($1, 'POST', '/api/v1/sign/up', $2::jsonb)`, [client.access_token, JSON.stringify({ username: `keep${process.pid}` })])).rows;
    const [after] = (await daemon.query(`SELECT * FROM daemon.fetch($1, 'POST', '/api/v1/whoami', '{"fields":["userid"]}'::jsonb)`, [client.access_token])).rows;
    await daemon.query('COMMIT');
    expect(signup?.fetch).toMatchObject({ uid: `keep${process.pid}` });
    expect(after?.fetch).toEqual(before);
  });

  it('shows a user its own profile but not somebody else', async () => {
    const user = await createUser(kernel);
    const other = await createUser(kernel);
    const answer = await signIn(daemon, user.username, user.password);
    const [mine] = await fetch(daemon, str(answer.access_token), '/api/v1/user/profile', {});
    expect(mine).toMatchObject({ id: user.id, username: user.username });
    expect(await fetch(daemon, str(answer.access_token), '/api/v1/user/profile', { code: other.username })).toEqual([]);
  });
});
