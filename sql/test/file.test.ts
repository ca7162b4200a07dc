// The file module: the virtual file tree through its REST paths (as the app
// service calls them), the api functions the file service calls as apibot,
// the `file` NOTIFY contract of the sync worker, the permission mask and the
// S3 upload request.
import pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, fetch, one, openDatabase, rows, str, token, web, type Json, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let apibot: pg.Client;
let listener: pg.Client;
let owner: Account;
let other: Account;
let admin: Account;
let counter = 0;
const notices: Json[] = [];

interface Account {
  id: string;
  jwt: string;
  session: string;
}

async function account(group: 'user' | 'administrator' = 'user'): Promise<Account> {
  const user = await createUser(kernel, group);
  const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password });
  if (errorOf(answer) !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return { id: user.id, jwt: str(answer.access_token), session: str(answer.session) };
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  apibot = await db.client('apibot');
  listener = await db.client('kernel');
  listener.on('notification', (message) => {
    if (message.channel === 'file' && message.payload !== undefined) notices.push(JSON.parse(message.payload) as Json);
  });
  await listener.query('LISTEN file');
  owner = await account();
  other = await account();
  admin = await account('administrator');
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

function call(who: Account, path: string, payload: unknown): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

async function single(who: Account, path: string, payload: unknown): Promise<Json> {
  const answer = await call(who, path, payload);
  if (answer.length !== 1 || answer[0] === undefined) throw new Error(`expected one row, got ${JSON.stringify(answer)}`);
  const error = errorOf(answer[0]);
  if (error !== undefined) throw new Error(`${path} failed: ${JSON.stringify(error)}`);
  return answer[0];
}

async function refused(who: Account, path: string, payload: unknown): Promise<{ code: number; error?: string | null; message: string }> {
  const answer = await call(who, path, payload);
  const error = answer.length === 1 ? errorOf(answer[0]) : undefined;
  if (error === undefined) throw new Error(`expected an error from ${path}, got ${JSON.stringify(answer)}`);
  return error;
}

function unique(name: string): string {
  counter += 1;
  return `${name}${process.pid}x${counter}`;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Notifications on `file` about one entry id, after a round trip flushed them. */
async function noticesOf(id: string): Promise<Json[]> {
  await listener.query('SELECT 1');
  return notices.filter((n) => n.id === id);
}

describe('tree and paths', () => {
  it('stores a top-level entry with path /, level 0 and itself as root, and a child of /docs with path /docs/ and level 1', async () => {
    const top = unique('docs');
    const file = await single(owner, '/file/set', { name: 'a b.txt', path: `/${top}/`, data: b64('hello') });
    const dir = await single(owner, '/file/get', { path: '/', name: top, fields: ['id', 'root', 'path', 'level', 'type'] });
    expect(dir).toEqual({ id: dir.id, root: dir.id, path: '/', level: 0, type: 'd' });
    expect(file).toMatchObject({ path: `/${top}/`, level: 1, root: dir.id, parent: dir.id, url: `/file/${top}/a%20b.txt`, typelabel: 'File' });
  });

  it('creates every missing directory of a deep path (public/img) as type d', async () => {
    const top = unique('public');
    await single(owner, '/file/set', { path: `/${top}/img/`, name: 'a.png', data: b64('png') });
    const dirs = await rows<Json>(kernel, "SELECT json_build_object('name', name, 'type', type, 'path', path) FROM db.file WHERE name IN ($1, 'img') AND path IN ('/', $2) ORDER BY level", [top, `/${top}/`]);
    expect(dirs).toEqual([{ name: top, type: 'd', path: '/' }, { name: 'img', type: 'd', path: `/${top}/` }]);
  });

  it('updates the existing entry when the same path and name are set again without id', async () => {
    const top = unique('again');
    const first = await single(owner, '/file/set', { path: `/${top}/`, name: 'x.txt', data: b64('one') });
    const second = await single(owner, '/file/set', { path: `/${top}/`, name: 'x.txt', data: b64('two'), hash: 'abc' });
    expect(second.id).toBe(first.id);
    expect(await single(owner, '/file/get', { id: first.id, fields: ['hash'] })).toEqual({ hash: 'abc' });
  });

  it('stores ~/ as / and answers /file/get with only a path with its index.html', async () => {
    const name = unique('root');
    const file = await single(owner, '/file/set', { path: '~/', name });
    expect(file.path).toBe('/');
    const top = unique('site');
    await single(owner, '/file/set', { path: `/${top}/`, name: 'index.html', data: b64('<html>') });
    const index = await single(owner, '/file/get', { path: `/${top}/` });
    expect(index).toMatchObject({ name: 'index.html', data: b64('<html>') });
  });

  it('takes mask as the integer of its nine bits (493 is 111101101)', async () => {
    const file = await single(owner, '/file/set', { name: unique('m'), mask: 493 });
    expect(file.mask).toBe('111101101');
  });

  it('recomputes path, level and url of a moved directory subtree (upstream leaves them stale)', async () => {
    const a = unique('ma');
    const b = unique('mb');
    const file = await single(owner, '/file/set', { path: `/${a}/sub/`, name: 'f.txt' });
    const target = await single(owner, '/file/set', { path: '/', name: b, type: 'd' });
    const sub = str(file.parent);
    await kernel.query('SELECT kernel.EditFile($1::uuid, pParent => $2::uuid)', [sub, target.id]);
    expect(await one(kernel, "SELECT json_build_object('path', path, 'level', level, 'root', root, 'url', url) FROM db.file WHERE id = $1", [file.id])).toEqual({
      path: `/${b}/sub/`,
      level: 2,
      root: target.id,
      url: `/file/${b}/sub/f.txt`,
    });
  });

  it('lists in tree order with an index and counts what the caller may read', async () => {
    const top = unique('tree');
    await single(owner, '/file/set', { path: `/${top}/`, name: 'b.txt' });
    await single(owner, '/file/set', { path: `/${top}/`, name: 'a.txt' });
    const list = await call(owner, '/file/list', { filter: { root: (await single(owner, '/file/get', { path: '/', name: top, fields: ['id'] })).id }, fields: ['name', 'index'] });
    expect(list.map((row) => row.name)).toEqual([top, 'a.txt', 'b.txt']);
    expect(list[1]?.index).toMatch(/^\d+\.1$/);
    const count = await single(owner, '/file/count', { filter: { path: `/${top}/` } });
    expect(count).toEqual({ count: 2 });
  });

  it('deletes by stored path and name, and refuses a directory that still has children with a 400', async () => {
    const top = unique('del');
    await single(owner, '/file/set', { path: `/${top}/`, name: 'gone.txt' });
    expect(await single(owner, '/file/delete', { path: `/${top}/`, name: 'gone.txt' })).toEqual({ success: true });
    expect(await single(owner, '/file/delete', { path: `/${top}/`, name: 'gone.txt' })).toEqual({ success: false });
    await single(owner, '/file/set', { path: `/${top}/`, name: 'stays.txt' });
    const error = await refused(owner, '/file/delete', { path: '/', name: top });
    expect(error.code).toBe(400);
  });
});

describe('bad input answers 4xx', () => {
  it('rejects a name with a slash and a path with .. as ERR-400-000 invalid name/path', async () => {
    expect(await refused(owner, '/file/set', { name: 'a/b' })).toMatchObject({ code: 400, error: 'ERR-400-000', message: expect.stringContaining('Invalid file name') });
    expect(await refused(owner, '/file/set', { name: 'x', path: '../x' })).toMatchObject({ code: 400, message: expect.stringContaining('Invalid file path') });
  });

  it('rejects unknown keys, an empty payload, a non-base64 data, a bad uuid and a mask beyond 9 bits with 400 (upstream: 500 for conversions)', async () => {
    expect(await refused(owner, '/file/set', { name: 'x', color: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect(await refused(owner, '/file/set', null)).toMatchObject({ code: 400, error: 'ERR-400-060' });
    expect((await refused(owner, '/file/set', { name: unique('b'), data: '***' })).code).toBe(400);
    expect((await refused(owner, '/file/get', { id: 'not-a-uuid' })).code).toBe(400);
    expect((await refused(owner, '/file/set', { name: unique('m'), mask: 1000 })).code).toBe(400);
    expect((await refused(owner, '/file/set', { name: unique('t'), type: 'q' })).code).toBe(400);
    expect((await refused(owner, '/file/set', { name: { evil: true } })).code).toBe(400);
  });

  it('rejects bad list, count and delete payloads: unknown filter column, non-array search, malformed id', async () => {
    expect((await refused(owner, '/file/list', { filter: { nosuch: 1 } })).code).toBe(400);
    expect(await refused(owner, '/file/count', { search: 'name' })).toMatchObject({ code: 400, error: 'ERR-400-063' });
    expect((await refused(owner, '/file/delete', { id: 42 })).code).toBe(400);
    expect(await refused(owner, '/file/delete', null)).toMatchObject({ code: 400, error: 'ERR-400-060' });
  });

  it('refuses data in /file/get fields (judged against api.file) and an unknown route', async () => {
    expect(await refused(owner, '/file/get', { path: '/', name: 'x', fields: ['data'] })).toMatchObject({ code: 400, error: 'ERR-400-065' });
    expect(await refused(owner, '/file/nothing', {})).toMatchObject({ code: 400, error: 'ERR-400-091' });
  });

  it('treats a SQL-looking name as plain text', async () => {
    const name = `x'; DROP TABLE db.file; --${unique('q')}`;
    const file = await single(owner, '/file/set', { name });
    expect(file.name).toBe(name);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.file WHERE id = $1', [file.id])).toBe(1);
  });

  it('refuses a done callback that names no existing function', async () => {
    expect(await refused(owner, '/file/set', { name: unique('cb'), done: 'api.no_such_function' })).toMatchObject({ code: 400, message: expect.stringContaining('Not found function') });
  });
});

describe('permission mask (upstream stores it but never checks it)', () => {
  it('enforces the owner read bit: an owner without r cannot read its own file, an administrator can', async () => {
    const name = unique('private');
    expect(await call(owner, '/file/set', { name, mask: 0o244, data: b64('secret') })).toEqual([]);
    const id = await one<string>(kernel, "SELECT kernel.GetFile($1, '/')", [name]);
    expect(await call(owner, '/file/get', { id })).toEqual([]);
    expect((await single(admin, '/file/get', { id })).data).toBe(b64('secret'));
  });

  it('enforces the other read bit: another user reads a 0o604 file and not a 0o640 one', async () => {
    const open = await single(owner, '/file/set', { name: unique('open'), mask: 0o604 });
    const closed = await single(owner, '/file/set', { name: unique('closed'), mask: 0o640 });
    expect(await call(other, '/file/get', { id: open.id, fields: ['id'] })).toEqual([{ id: open.id }]);
    expect(await call(other, '/file/get', { id: closed.id })).toEqual([]);
    const listed = await call(other, '/file/list', { filter: { id: [open.id, closed.id] }, fields: ['id'] });
    expect(listed).toEqual([{ id: open.id }]);
  });

  it('enforces the group read bit for members of a group that owns the file', async () => {
    const group = await one<string>(kernel, "SELECT kernel.CreateGroup($1, 'File group', null)", [unique('grp')]);
    await kernel.query('SELECT kernel.AddMemberToGroup($1::uuid, $2::uuid)', [other.id, group]);
    const shared = await one<string>(kernel, "SELECT kernel.NewFile(null, null, null, $1, '-', $2::uuid, B'000100000')", [unique('shared'), group]);
    const hidden = await one<string>(kernel, "SELECT kernel.NewFile(null, null, null, $1, '-', $2::uuid, B'000000100')", [unique('hidden'), group]);
    expect(await call(other, '/file/get', { id: shared, fields: ['id'] })).toEqual([{ id: shared }]);
    expect(await call(other, '/file/get', { id: hidden })).toEqual([]);
    expect(await call(owner, '/file/get', { id: hidden, fields: ['id'] })).toEqual([{ id: hidden }]);
  });

  it('refuses to change or delete an entry without its w bit, and chmod by anyone but the owner', async () => {
    const file = await single(owner, '/file/set', { name: unique('ro'), mask: 0o644 });
    expect(await refused(other, '/file/set', { id: file.id, text: 'mine now' })).toMatchObject({ code: 400, error: 'ERR-400-001' });
    expect(await refused(other, '/file/delete', { id: file.id })).toMatchObject({ error: 'ERR-400-001' });
    const writable = await single(owner, '/file/set', { name: unique('rw'), mask: 0o666 });
    expect((await single(other, '/file/set', { id: writable.id, text: 'edited' })).text).toBe('edited');
    expect(await refused(other, '/file/set', { id: writable.id, mask: 0o777 })).toMatchObject({ error: 'ERR-400-001' });
    expect(await refused(other, '/file/set', { name: unique('gift'), owner: owner.id })).toMatchObject({ error: 'ERR-400-001' });
  });

  it('lets the file service read through api.authorize + api.get_file as apibot, only within the session user rights', async () => {
    const top = unique('svc');
    const file = await single(owner, '/file/set', { path: `/${top}/`, name: 'doc.txt', data: b64('body'), mask: 0o600 });
    await apibot.query('SELECT * FROM api.authorize($1)', [owner.session]);
    const found = await apibot.query<{ id: string; data: string }>('SELECT * FROM api.get_file(api.get_file_id($1, $2))', ['doc.txt', `/${top}/`]);
    expect(found.rows.map((r) => [r.id, r.data])).toEqual([[file.id, b64('body')]]);
    await apibot.query('SELECT * FROM api.authorize($1)', [other.session]);
    expect((await apibot.query('SELECT * FROM api.get_file(api.get_file_id($1, $2))', ['doc.txt', `/${top}/`])).rows).toEqual([]);
  });
});

describe('the services bot session (group system)', () => {
  it('reads any file whatever its mask, as the file-sync worker and the /public/ path of the file server need', async () => {
    const answer = await token(daemon, 'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', { grant_type: 'client_credentials' });
    const bot = str(answer.session);
    const file = await single(owner, '/file/set', { name: unique('locked'), mask: 0o600, data: b64('only me') });
    await apibot.query('SELECT * FROM api.authorize($1)', [bot]);
    const found = await apibot.query<{ data: string }>('SELECT data FROM api.get_file($1::uuid)', [file.id]);
    expect(found.rows.map((r) => r.data)).toEqual([b64('only me')]);
  });
});

describe('NOTIFY file (sync contract)', () => {
  it('announces an INSERT with the new values and the caller session', async () => {
    const top = unique('n');
    const file = await single(owner, '/file/set', { path: `/${top}/`, name: 'new.txt', hash: 'h1' });
    expect(await noticesOf(str(file.id))).toEqual([{ session: owner.session, operation: 'INSERT', id: file.id, type: '-', name: 'new.txt', path: `/${top}/`, hash: 'h1' }]);
  });

  it('announces an UPDATE with the OLD name, path and hash and the NEW type, even for a mask-only change', async () => {
    const file = await single(owner, '/file/set', { name: unique('old'), hash: 'h-old' });
    await single(owner, '/file/set', { id: file.id, name: 'renamed.txt', hash: 'h-new' });
    await kernel.query("UPDATE db.file SET type = 's', data = convert_to('https://bucket.example', 'UTF8') WHERE id = $1", [file.id]);
    await single(owner, '/file/set', { id: file.id, mask: 0o600 });
    const updates = (await noticesOf(str(file.id))).filter((n) => n.operation === 'UPDATE');
    expect(updates).toEqual([
      { session: owner.session, operation: 'UPDATE', id: file.id, type: '-', name: file.name, path: '/', hash: 'h-old' },
      { session: null, operation: 'UPDATE', id: file.id, type: 's', name: 'renamed.txt', path: '/', hash: 'h-new' },
      { session: owner.session, operation: 'UPDATE', id: file.id, type: 's', name: 'renamed.txt', path: '/', hash: 'h-new' },
    ]);
  });

  it('announces a DELETE with type null, and nothing for a new storage (s) entry', async () => {
    const file = await single(owner, '/file/set', { name: unique('bye'), hash: 'h' });
    await single(owner, '/file/delete', { id: file.id });
    expect((await noticesOf(str(file.id))).at(-1)).toEqual({ session: owner.session, operation: 'DELETE', id: file.id, type: null, name: file.name, path: '/', hash: 'h' });
    const s3 = await single(owner, '/file/set', { name: unique('s3'), type: 's', data: b64('https://bucket.example') });
    expect(await noticesOf(str(s3.id))).toEqual([]);
    expect(s3.url).toBe(`https://bucket.example/${str(s3.name)}`);
  });
});

describe('streamed uploads and sync callbacks', () => {
  const hash = 'a'.repeat(64);

  it('registers a file by path, name, size and hash without bytes, and re-registering replaces it', async () => {
    const top = unique('up');
    const file = await single(owner, '/file/register', { path: `/${top}/`, name: 'big.bin', size: 1048576, hash, mime: 'application/octet-stream' });
    expect(file).toMatchObject({ type: '-', size: 1048576, hash, path: `/${top}/`, url: `/file/${top}/big.bin` });
    expect((await single(owner, '/file/get', { id: file.id })).data).toBeNull();
    const again = await single(owner, '/file/register', { path: `/${top}/`, name: 'big.bin', size: 5, hash: 'b'.repeat(64), storage: 'https://bucket.s3.eu-central-1.amazonaws.com' });
    expect(again).toMatchObject({ id: file.id, type: 's', size: 5, url: `https://bucket.s3.eu-central-1.amazonaws.com/${top}/big.bin` });
  });

  it('rejects a registration without hash, with a negative size or a storage that is no URL', async () => {
    expect(await refused(owner, '/file/register', { name: unique('r'), size: 1 })).toMatchObject({ code: 400, error: 'ERR-400-062' });
    expect((await refused(owner, '/file/register', { name: unique('r'), size: -1, hash })).code).toBe(400);
    expect((await refused(owner, '/file/register', { name: unique('r'), size: 1, hash, storage: 'ftp://x' })).code).toBe(400);
  });

  it('records size and hash from the done callback once, so the re-sync it triggers ends', async () => {
    const file = await single(owner, '/file/set', { name: unique('sync'), data: b64('abc'), done: 'api.file_sync_done', fail: 'api.file_sync_fail' });
    await apibot.query('SELECT * FROM api.authorize($1)', [owner.session]);
    const first = await apibot.query<{ changed: boolean }>("SELECT api.file_sync_done($1::uuid, '/files/x', 3, $2, 'text/plain') AS changed", [file.id, hash]);
    const second = await apibot.query<{ changed: boolean }>("SELECT api.file_sync_done($1::uuid, '/files/x', 3, $2, 'text/plain') AS changed", [file.id, hash]);
    expect([first.rows[0]?.changed, second.rows[0]?.changed]).toEqual([true, false]);
    await apibot.query("SELECT api.file_sync_fail($1::uuid, 'HTTP 404 fetching file')", [file.id]);
    expect(await one<number>(kernel, "SELECT count(*)::int FROM db.log WHERE text LIKE '%' || $1 || '%HTTP 404 fetching file'", [file.id])).toBe(1);
  });
});

describe('REST catalogue', () => {
  it('lists every /file path for the app service, readable by daemon', async () => {
    const catalogue = await rows<Json>(daemon, "SELECT c FROM daemon.rest_catalog() AS c WHERE c->>'module' = 'file'");
    expect(catalogue.map((entry) => entry.path).sort()).toEqual(['/file/count', '/file/delete', '/file/get', '/file/list', '/file/register', '/file/set']);
  });
});

describe('PutFileToS3', () => {
  beforeAll(async () => {
    await kernel.query(`SELECT kernel.RegSetValueString('CURRENT_CONFIG', E'CONFIG\\\\S3', k, v, null) FROM (VALUES
      ('Region', 'eu-central-1'), ('Endpoint', 'https://bucket.s3.eu-central-1.amazonaws.com'), ('AccessKey', 'AKIDEXAMPLE'), ('SecretKey', 'secret')) AS t(k, v)`);
  });

  it('returns null for a directory and queues a signed PUT with x-amz-acl for a file under /public/', async () => {
    const top = unique('s3dir');
    await single(owner, '/file/set', { path: `/${top}/`, name: 'x.txt' });
    const dir = await one<string>(kernel, 'SELECT kernel.GetFile($1, $2)', [top, '/']);
    expect(await one(kernel, 'SELECT kernel.PutFileToS3($1::uuid)', [dir])).toBeNull();

    const pub = await single(owner, '/file/set', { path: `/public/${top}/`, name: 'p.png', data: b64('png'), mime: 'image/png' });
    const request = await one<string>(kernel, "SELECT kernel.PutFileToS3($1::uuid, pDone => 'api.file_s3_done', pFail => 'api.file_s3_fail')", [pub.id]);
    const row = await one<Json>(kernel, "SELECT json_build_object('method', method, 'resource', resource, 'command', command, 'headers', headers, 'data', data) FROM http.request WHERE id = $1", [request]);
    expect(row).toMatchObject({ method: 'PUT', resource: `https://bucket.s3.eu-central-1.amazonaws.com/public/${top}/p.png`, command: 'put', data: { id: pub.id, region: 'eu-central-1' } });
    const headers = row.headers as Record<string, string>;
    expect(headers['x-amz-acl']).toBe('public-read');
    expect(headers.host).toBeUndefined();
    expect(headers.Authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request, SignedHeaders=content-type;host;x-amz-acl;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=[0-9a-f]{64}$/);
  });

  it('turns the file into a storage entry when the S3 answer is 2xx (done callback)', async () => {
    const file = await single(owner, '/file/set', { name: unique('tos3'), data: b64('bytes') });
    const request = await one<string>(kernel, 'SELECT kernel.PutFileToS3($1::uuid)', [file.id]);
    await kernel.query("INSERT INTO http.response (id, request, status, status_text, headers) VALUES ($1, $1, 200, 'OK', '{}')", [request]);
    await kernel.query('SELECT api.file_s3_done($1::uuid)', [request]);
    expect(await one(kernel, "SELECT json_build_object('type', type, 'url', url) FROM db.file WHERE id = $1", [file.id])).toEqual({
      type: 's',
      url: `https://bucket.s3.eu-central-1.amazonaws.com/${str(file.name)}`,
    });
  });
});
