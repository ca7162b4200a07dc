import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let jwt: string;

const LOCALES = ['en', 'ru', 'de', 'fr', 'it', 'es'];

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const user = await createUser(kernel);
  jwt = await signIn(daemon, user.username, user.password);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

async function parse(message: string): Promise<{ code: number; message: string; error: string | null }> {
  const result = await kernel.query('SELECT code, message, error FROM kernel.ParseMessage($1)', [message]);
  return result.rows[0] as { code: number; message: string; error: string | null };
}

describe('ParseMessage', () => {
  it('splits ERR-GGG-CCC: text into group, error id and text', async () => {
    expect(await parse('ERR-400-061: some text')).toEqual({ code: 400, message: 'some text', error: 'ERR-400-061' });
  });

  it('normalises the legacy ERR-GGGCC form to ERR-GGG-0CC', async () => {
    expect(await parse('ERR-40005: x')).toEqual({ code: 400, message: 'x', error: 'ERR-400-005' });
  });

  it('leaves plain text as code -1 with no error id', async () => {
    expect(await parse('x')).toEqual({ code: -1, message: 'x', error: null });
  });

  it('does not accept ERR-400-001:x without the space', async () => {
    expect(await parse('ERR-400-001:x')).toEqual({ code: -1, message: 'ERR-400-001:x', error: null });
  });
});

describe('error catalog', () => {
  it('holds the 80 codes of the exception module plus those later modules register, each in all six locales', async () => {
    const total = Number(await one(kernel, 'SELECT count(*)::int FROM db.error_catalog'));
    expect(total).toBeGreaterThanOrEqual(80);
    const perLocale = await kernel.query<{ code: string; n: number }>(
      `SELECT l.code, count(t.*)::int AS n FROM db.locale l LEFT JOIN db.error_catalog_text t ON t.locale = l.id GROUP BY l.code`,
    );
    expect(Object.fromEntries(perLocale.rows.map((row) => [row.code, row.n]))).toEqual(Object.fromEntries(LOCALES.map((code) => [code, total])));
  });

  it('keeps the same %s placeholders in every translation', async () => {
    const mismatched = await rows(
      kernel,
      `SELECT e.code FROM db.error_catalog e JOIN db.error_catalog_text t ON t.error_id = e.id
        GROUP BY e.code HAVING count(DISTINCT (length(t.message) - length(replace(t.message, '%s', ''))) / 2) > 1`,
    );
    expect(mismatched).toEqual([]);
  });

  it('renders messages in Russian when there is no session (fallback of current_locale)', async () => {
    expect(await failure(kernel, 'SELECT kernel.AccessDenied()')).toBe('ERR-400-001: Доступ запрещён.');
  });

  it('picks the requested locale and falls back to English when its text is missing', async () => {
    expect(await one(kernel, "SELECT kernel.GetErrorCatalogMessage('ERR-400-001', kernel.GetLocale('de'))")).toBe('Zugriff verweigert');
    await kernel.query(
      "DELETE FROM db.error_catalog_text WHERE locale = kernel.GetLocale('it') AND error_id = kernel.GetErrorCatalog('ERR-400-073')",
    );
    expect(await one(kernel, "SELECT kernel.GetErrorCatalogMessage('ERR-400-073', kernel.GetLocale('it'))")).toBe('Not found');
    expect(await one(kernel, "SELECT kernel.GetErrorCatalogMessage('ERR-499-999')")).toBeNull();
  });

  it('answers an unknown code with "Unknown error."', async () => {
    expect(await one(kernel, 'SELECT kernel.GetExceptionStr(400, 999)')).toBe('ERR-400-999: Unknown error.');
  });

  it('renders array arguments as PostgreSQL array literals inside the brackets', async () => {
    const message = await failure(kernel, "SELECT kernel.IncorrectJsonKey('/r', 'k', ARRAY['a','b'])");
    expect(message).toMatch(/^ERR-400-061: \(\/r\) .*"k".*\[\{a,b\}\]\.$/);
  });

  it('keeps ERR-401-002 as the outer code of LoginError with the 401-003 text as detail', async () => {
    const message = await failure(kernel, 'SELECT kernel.LoginError()');
    const english = await one<string>(kernel, "SELECT kernel.GetErrorCatalogMessage('ERR-401-003', kernel.current_locale())");
    expect(message).toMatch(/^ERR-401-002: /);
    expect(message).toContain(english);
  });

  it('uses 400-031 for a NULL lookup value', async () => {
    expect(await failure(kernel, "SELECT kernel.ObjectNotFound('locale', 'id', null::uuid)")).toMatch(/^ERR-400-031: /);
  });

  it('keeps the first http code when RegisterError runs twice', async () => {
    await kernel.query("SELECT kernel.RegisterError('ERR-400-201', 400, 'E', 'validation', 'en', 'First')");
    await kernel.query("SELECT kernel.RegisterError('ERR-400-201', 409, 'W', 'other', 'de', 'Zweite')");
    const row = (await kernel.query("SELECT http_code, severity, category FROM db.error_catalog WHERE code = 'ERR-400-201'")).rows[0];
    expect(row).toEqual({ http_code: 400, severity: 'E', category: 'validation' });
    expect(await one(kernel, "SELECT kernel.GetErrorCatalogMessage('ERR-400-201', kernel.GetLocale('de'))")).toBe('Zweite');
  });

  it('turns PostgreSQL conversion failures into ERR-400-063 naming the value and the expected type', async () => {
    expect(await failure(kernel, `SELECT kernel.IncorrectJsonValue('invalid input syntax for type uuid: "abc"')`)).toMatch(/^ERR-400-063: .*"abc".*"uuid"/);
    expect(await failure(kernel, `SELECT kernel.IncorrectJsonValue('value "99999999999" is out of range for type integer')`)).toMatch(
      /^ERR-400-063: .*"99999999999".*"integer"/,
    );
  });

  it('refuses a malformed code with a 400 error, not a constraint violation', async () => {
    expect(await failure(kernel, "SELECT kernel.CreateErrorCatalog('E-1', 400)")).toMatch(/^ERR-400-029: /);
  });
});

describe('REST /error/*', () => {
  it('requires a session', async () => {
    expect(await failure(kernel, "SELECT * FROM rest.error('/error/list', null)")).toMatch(/^ERR-401-001: /);
  });

  it('gets an entry by code with a field projection', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/error/code', { code: 'ERR-400-061', fields: ['code', 'http_code', 'category'] });
    expect(row).toEqual({ code: 'ERR-400-061', http_code: 400, category: 'validation' });
  });

  it('creates an entry with /error/set and reads it back with /error/get', async () => {
    const [created] = await fetch(daemon, jwt, '/api/v1/error/set', { code: 'ERR-400-202', httpcode: 400, category: 'validation', message: 'Custom' });
    expect(created).toMatchObject({ code: 'ERR-400-202', http_code: 400, severity: 'E' });
    const [read] = await fetch(daemon, jwt, '/api/v1/error/get', { id: created?.id, fields: ['code'] });
    expect(read).toEqual({ code: 'ERR-400-202' });
  });

  it('counts entries and lists them ordered by code by default', async () => {
    const [count] = await fetch(daemon, jwt, '/api/v1/error/count', { filter: { category: 'auth' } });
    expect(count).toEqual({ count: 14 });
    const list = await fetch(daemon, jwt, '/api/v1/error/list', { fields: ['code'], reclimit: 3 });
    expect(list).toEqual([{ code: 'ERR-400-001' }, { code: 'ERR-400-002' }, { code: 'ERR-400-003' }]);
  });

  it('answers an unknown key with ERR-400-061 in the error envelope', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/error/list', { nosuch: 1 });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-061' });
  });

  it('answers a malformed uuid with a 400 (upstream: a 500 cast error)', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/error/get', { id: "1' OR '1'='1" });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-063' });
  });

  it('answers a missing required id with ERR-400-062', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/error/get', { fields: ['code'] });
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('answers an unknown /error path with RouteNotFound', async () => {
    const [row] = await fetch(daemon, jwt, '/api/v1/error/nosuch', {});
    expect(errorOf(row)).toMatchObject({ code: 400, error: 'ERR-400-091' });
  });

  it('registers its paths in the REST catalogue', async () => {
    const paths = await rows<string>(kernel, "SELECT path FROM db.rest_catalog WHERE module = 'exception' ORDER BY path");
    expect(paths).toEqual(['/error/code', '/error/count', '/error/get', '/error/list', '/error/set']);
  });
});
