// api_run_rows' dispatcher path and its /ping answer (seventh round): under
// /api/v1/ the dispatcher path is cut by position, any other namespace or
// version still goes through the regular expression; /ping answers with a
// constant that must stay byte for byte what rest.api builds.
import type pg from 'pg';
import { anonymous, createUser, fetch, openDatabase, signIn, str, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;

beforeAll(async () => {
  db = await openDatabase('apiroutepath');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const user = await createUser(kernel);
  jwt = str((await signIn(daemon, user.username, user.password)).access_token);
});

afterAll(async () => {
  await db.close();
});

async function lastLoggedPath(): Promise<string | undefined> {
  const { rows } = await kernel.query<{ path: string }>('SELECT path FROM db.api_log ORDER BY id DESC LIMIT 1');
  return rows[0]?.path;
}

describe('the dispatcher path', () => {
  it('is what follows /api/v1 for every spelling of an /api/v1 path', async () => {
    for (const [path, logged] of [
      ['/api/v1/ping', '/ping'],
      ['/API/V1/Ping/', '/ping'],
      ['//api//v1//ping', '/ping'],
      ['api/v1/ping', '/ping'],
      ['/api/v1/user/nosuch/deeper', '/user/nosuch/deeper'],
      ['/api/v1', '/'],
      ['/api/v1/', '/'],
    ] as const) {
      await anonymous(daemon, path);
      expect([path, await lastLoggedPath()]).toEqual([path, logged]);
    }
  });

  it('is cut by the regular expression for another version or namespace', async () => {
    await kernel.query('BEGIN');
    try {
      const { rows: [endpoint] } = await kernel.query<{ id: string }>(
        `SELECT kernel.AddEndPoint('SELECT * FROM rest.api($1, $2);') AS id`,
      );
      await kernel.query(`SELECT kernel.RegisterRoute(null, $1, 'v2')`, [endpoint?.id]);
      await kernel.query(`SELECT kernel.RegisterRoute(null, $1, 'v1', 'other')`, [endpoint?.id]);
      await kernel.query('COMMIT');
    } catch (error) {
      await kernel.query('ROLLBACK');
      throw error;
    }
    for (const path of ['/api/v2/ping', '/other/v1/ping', '/API/v2//Ping/']) {
      expect([path, await fetch(daemon, jwt, path)]).toEqual([path, [{ error: { code: 200, message: 'OK' } }]]);
      expect([path, await lastLoggedPath()]).toEqual([path, '/ping']);
    }
    // the version's root: '/', which rest.api does not know
    await anonymous(daemon, '/api/v2');
    expect(await lastLoggedPath()).toBe('/');
  });
});

describe('/ping', () => {
  it('answers the same bytes as rest.api', async () => {
    const { rows: [direct] } = await kernel.query<{ answer: string }>(`SELECT x::text AS answer FROM rest.api('/ping', null) AS x`);
    for (const answer of [
      (await daemon.query<{ answer: string }>(`SELECT x::text AS answer FROM daemon.fetch($1, 'POST', '/api/v1/ping') AS x`, [jwt])).rows,
      (await daemon.query<{ answer: string }>(`SELECT x::text AS answer FROM daemon.unauthorized_fetch('POST', '/api/v1/ping') AS x`)).rows,
    ]) {
      expect(answer).toEqual([{ answer: direct?.answer }]);
    }
    expect(direct?.answer).toBe('{"error" : {"code" : 200, "message" : "OK"}}');
  });
});
