import { installFixtures } from './fixtures.js';
import { startApp, type AppHarness } from './support.js';

let app: AppHarness;
let auth: Record<string, string>;

beforeAll(async () => {
  app = await startApp('app_request', { bodyLimit: 64 * 1024 });
  await installFixtures(app.admin);
  auth = { Authorization: `Bearer ${(await app.login()).access_token}` };
});

afterAll(async () => {
  await app.stop();
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; res: Response }> {
  const res = await fetch(`${app.base}${path}`, { method: 'POST', ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  return { status: res.status, text: await res.text(), res };
}

async function echo(init: RequestInit, query = ''): Promise<unknown> {
  const { status, text } = await call(`/api/v1/apptest/echo${query}`, init);
  expect(status).toBe(200);
  return (JSON.parse(text) as { payload: unknown }).payload;
}

describe('payload construction', () => {
  it('passes a JSON body as sent', async () => {
    await expect(echo({ body: '{"a":1,"b":[true,null]}', headers: { 'Content-Type': 'application/json' } })).resolves.toEqual({ a: 1, b: [true, null] });
  });

  it('turns a form body into an object of strings', async () => {
    await expect(echo({ body: 'a=1&b=x%20y', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).resolves.toEqual({ a: '1', b: 'x y' });
  });

  it('turns multipart fields into strings and files into base64', async () => {
    const form = new FormData();
    form.set('name', 'Ann');
    form.set('doc', new Blob([Buffer.from('hello')]), 'hello.txt');
    await expect(echo({ body: form })).resolves.toEqual({ name: 'Ann', doc: Buffer.from('hello').toString('base64') });
  });

  it('uses the query parameters when there is no body, without the shaping parameters', async () => {
    await expect(echo({ method: 'GET' }, '?id=42&name=a%20b&result_format=object&result_object=false')).resolves.toEqual({ id: '42', name: 'a b' });
  });

  it('passes SQL NULL when there is neither body nor query', async () => {
    await expect(echo({})).resolves.toBeNull();
  });

  it('prefers the body over the query string', async () => {
    await expect(echo({ body: '{"a":2}', headers: { 'Content-Type': 'application/json' } }, '?a=1')).resolves.toEqual({ a: 2 });
  });

  it('answers malformed JSON with a 400 envelope, never a 500', async () => {
    const { status, text, res } = await call('/api/v1/apptest/echo', { body: '{"a":', headers: { 'Content-Type': 'application/json' } });
    expect(status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = JSON.parse(text) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(400);
    expect(body.error.message).toContain('Malformed JSON body');
  });

  it('answers a body over the limit with a 413 envelope', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(100 * 1024) });
    const { status, text } = await call('/api/v1/apptest/echo', { body: big, headers: { 'Content-Type': 'application/json' } });
    expect(status).toBe(413);
    const body = JSON.parse(text) as { error: { code: number; message: string } };
    expect(body).toEqual({ error: { code: 413, message: 'Request body larger than 65536 bytes' } });
  });

  it('answers a chunked body over the limit with a 413 envelope', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i += 1) controller.enqueue(new Uint8Array(16 * 1024).fill(32));
        controller.close();
      },
    });
    const { status } = await call('/api/v1/apptest/echo', { body: chunks, headers: { 'Content-Type': 'application/json' }, duplex: 'half' } satisfies RequestInit & { duplex: string });
    expect(status).toBe(413);
  });
});

describe('result shaping', () => {
  it('answers a single row as the object itself by default', async () => {
    const { text } = await call('/api/v1/apptest/echo');
    expect(JSON.parse(text)).toEqual({ payload: null });
  });

  it('wraps rows with result_object=true', async () => {
    expect(JSON.parse((await call('/api/v1/apptest/echo?result_object=true')).text)).toEqual({ result: [{ payload: null }] });
    expect(JSON.parse((await call('/api/v1/apptest/none?result_object=true')).text)).toEqual({ result: [] });
  });

  it('forces an array with result_format=array', async () => {
    expect(JSON.parse((await call('/api/v1/apptest/echo?result_format=array')).text)).toEqual([{ payload: null }]);
  });

  it('keeps the object form with result_format=object', async () => {
    expect(JSON.parse((await call('/api/v1/apptest/echo?result_format=object')).text)).toEqual({ payload: null });
  });

  it('answers no rows as {} by default, [] for arrays and null for result_format=null', async () => {
    expect((await call('/api/v1/apptest/none')).text).toBe('{}');
    expect((await call('/api/v1/apptest/none?result_format=array')).text).toBe('[]');
    expect((await call('/api/v1/apptest/none?result_format=null')).text).toBe('null');
    expect((await call('/api/v1/apptest/none?result_format=null&result_object=true')).text).toBe('null');
  });

  it('answers several rows as an array, a NULL row as null', async () => {
    const { status, text } = await call('/api/v1/apptest/rows?result_format=object');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual([{ n: 1 }, null, { n: 3 }]);
  });

  it('defaults to an array on /list paths', async () => {
    const { status, text } = await call('/api/v1/admin/area/list', { body: '{"reclimit":1}', headers: { 'Content-Type': 'application/json' } });
    expect(status).toBe(200);
    expect(Array.isArray(JSON.parse(text))).toBe(true);
  });

  it('refuses bad shaping values before any database work', async () => {
    const object = await call('/api/v1/apptest/echo?result_object=yes');
    expect(object.status).toBe(400);
    expect(JSON.parse(object.text)).toEqual({ error: { code: 400, message: 'Invalid result_object: yes' } });
    const format = await call('/api/v1/apptest/echo?result_format=table');
    expect(JSON.parse(format.text)).toEqual({ error: { code: 400, message: 'Invalid result_format: table' } });
  });
});

describe('status mapping', () => {
  it.each([
    ['/api/v1/apptest/notfound', 404],
    ['/api/v1/apptest/legacy', 403],
    ['/api/v1/apptest/negative', 400],
    ['/api/v1/apptest/conflict', 400],
    ['/api/v1/apptest/crash', 500],
    ['/api/v1/nowhere', 400],
  ])('maps the envelope of %s to %i and relays it verbatim', async (path, expected) => {
    const { status, text } = await call(path);
    expect(status).toBe(expected);
    expect(JSON.parse(text)).toHaveProperty('error.code');
  });

  it('maps envelope codes 200–299 to 200, as the database-routed ping', async () => {
    const ping = await call('/api/v1/ping');
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.text)).toEqual({ error: { code: 200, message: 'OK' } });
    expect((await call('/api/v1/apptest/ok2xx')).status).toBe(200);
  });

  it('returns error rows inside a multi-row answer as data', async () => {
    const { status, text } = await call('/api/v1/apptest/errors');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toHaveLength(2);
  });
});

describe('binary answers', () => {
  it('sends #raw data decoded with its status and content type', async () => {
    const res = await fetch(`${app.base}/api/v1/apptest/raw`, { method: 'POST', headers: auth });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from('89504e470d0a1a0a00ff', 'hex'));
  });

  it('defaults #raw to 200 application/octet-stream', async () => {
    const res = await fetch(`${app.base}/api/v1/apptest/rawdefault`, { method: 'POST', headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('abc');
  });
});

describe('client address', () => {
  let direct: AppHarness;

  beforeAll(async () => {
    // Loopback is not a trusted proxy here, so the forwarding headers of this test are lies.
    direct = await startApp('app_ip', { trustedProxies: '10.0.0.0/8' });
  });

  afterAll(async () => {
    await direct.stop();
  });

  it('ignores X-Forwarded-For and X-Real-IP from a peer outside TRUSTED_PROXIES', async () => {
    const res = await fetch(`${direct.base}/api/v1/whoami`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        'X-Forwarded-For': '198.51.100.7',
        'X-Real-IP': '198.51.100.8',
      },
    });
    const body = (await res.json()) as { session?: { host?: string } };
    expect(body.session?.host).toBe('127.0.0.1');
  });
});
