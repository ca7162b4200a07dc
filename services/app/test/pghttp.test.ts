import { startApp, type AppHarness } from './support.js';

let app: AppHarness;

beforeAll(async () => {
  app = await startApp('app_pghttp');
});

afterAll(async () => {
  await app.stop();
});

describe('PGHTTP dispatcher', () => {
  it('routes GET /api/* outside /api/v1/ to http.get, which refuses other versions with a 400 row', async () => {
    const res = await fetch(`${app.base}/api/v2/ping`);
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toEqual({ error: { code: 400, message: 'Invalid API version.' } });
  });

  it('passes all request headers and the decoded query parameters to the handler', async () => {
    const headers = await fetch(`${app.base}/callback/v1/headers`, { headers: { 'X-Hook': 'abc' } });
    expect(headers.status).toBe(200);
    expect(await headers.json()).toMatchObject({ 'x-hook': 'abc' });
    const params = await fetch(`${app.base}/import/v1/params?a=1&b=x%20y`);
    await expect(params.json()).resolves.toEqual({ a: '1', b: 'x y' });
  });

  it('passes a JSON body verbatim and a form body as an object to http.post', async () => {
    const json = await fetch(`${app.base}/callback/v1/body`, { method: 'POST', body: '{"event":"paid","n":3}', headers: { 'Content-Type': 'application/json' } });
    expect(json.status).toBe(200);
    await expect(json.json()).resolves.toEqual({ event: 'paid', n: 3 });
    const form = await fetch(`${app.base}/callback/v1/body`, { method: 'POST', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    await expect(form.json()).resolves.toEqual({ a: '1' });
  });

  it('logs every call to http.log', async () => {
    await fetch(`${app.base}/callback/v1/time?marker=pghttp-log`);
    const { rows } = await app.admin.query<{ n: string }>("SELECT count(*) AS n FROM http.log WHERE params->>'marker' = 'pghttp-log'");
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('maps a handler error row to its status', async () => {
    const res = await fetch(`${app.base}/callback/v1/nothing-here`);
    expect(res.status).toBe(404);
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const res = await fetch(`${app.base}/callback/v1/body`, { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(400);
  });

  it('answers a method without a handler in the database with 405, not 500', async () => {
    const res = await fetch(`${app.base}/callback/v1/body`, { method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(405);
  });

  it('answers OPTIONS with 204 and Allow, and unknown methods with 405', async () => {
    const options = await fetch(`${app.base}/api/v2/x`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, POST, PUT, PATCH, DELETE, OPTIONS');
    const other = await fetch(`${app.base}/import/x`, { method: 'PROPFIND' });
    expect(other.status).toBe(405);
    await expect(other.text()).resolves.toBe('405 Method Not Allowed');
  });

  it('answers 204 when the handler returns no row', async () => {
    await app.admin.query(`
      CREATE OR REPLACE FUNCTION http.delete(path text, headers jsonb, params jsonb DEFAULT null, body json DEFAULT null)
      RETURNS SETOF json AS $$ BEGIN RETURN; END $$ LANGUAGE plpgsql;
      GRANT EXECUTE ON FUNCTION http.delete(text, jsonb, jsonb, json) TO daemon;`);
    const res = await fetch(`${app.base}/callback/v1/anything`, { method: 'DELETE' });
    expect(res.status).toBe(204);
  });
});
