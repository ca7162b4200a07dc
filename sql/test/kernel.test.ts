import type pg from 'pg';
import { HOOK_TIMEOUT_MS, failure, one, openDatabase, rows, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('identity and server key', () => {
  it('reads the project code and the server key from db.setting, not from the database name', async () => {
    const project = await one<string>(kernel, 'SELECT kernel.current_project()');
    const stored = await one<string>(kernel, "SELECT value FROM db.setting WHERE name = 'project'");
    expect(project).toBe(stored);
    expect(project).not.toBe(await one<string>(kernel, 'SELECT current_database()::text'));
    expect(await one<string>(kernel, 'SELECT kernel.GetSecretKey()')).toBe(
      await one<string>(kernel, "SELECT value FROM db.setting WHERE name = 'secret_key'"),
    );
  });

  it('computes hmac_key_hash as HMAC-SHA256 of the value with the server key, in hex', async () => {
    const expected = await one<string>(
      kernel,
      "SELECT encode(public.hmac('token-1'::bytea, convert_to(kernel.GetSecretKey(), 'utf8'), 'sha256'), 'hex')",
    );
    expect(await one<string>(kernel, "SELECT kernel.hmac_key_hash('token-1')")).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('generators', () => {
  it('puts the prefix at character 20 of gen_kernel_uuid', async () => {
    const ids = await rows<string>(kernel, "SELECT kernel.gen_kernel_uuid('a')::text FROM generate_series(1, 5)");
    for (const id of ids) expect(id.charAt(19)).toBe('a');
    expect(new Set(ids).size).toBe(5);
  });

  it('makes 16-character random codes without + or /', async () => {
    const code = await one<string>(kernel, 'SELECT kernel.gen_random_code()');
    expect(code).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('keeps only the digits of a phone number', async () => {
    expect(await one(kernel, "SELECT kernel.TrimPhone('+7 (999) 123-45-67')")).toBe('79991234567');
  });

  it('rejects a phone number with too few digits as ERR-400-048 naming the input', async () => {
    const message = await failure(kernel, "SELECT kernel.TrimPhone('12345')");
    expect(message).toMatch(/^ERR-400-048: /);
    expect(message).toContain('12345');
  });
});

describe('session variables', () => {
  it('reads an unset or empty variable as NULL', async () => {
    expect(await one(kernel, "SELECT kernel.GetVar('kernel', 'never_set_here')")).toBeNull();
    await kernel.query("SELECT kernel.SetVar('kernel', 'k_test', ''::text)");
    expect(await one(kernel, "SELECT kernel.GetVar('kernel', 'k_test')")).toBeNull();
    await kernel.query("SELECT kernel.SetVar('kernel', 'k_test', 42::numeric)");
    expect(await one(kernel, "SELECT kernel.GetVar('kernel', 'k_test')")).toBe('42');
  });

  it('keeps the error message for the session', async () => {
    await kernel.query("SELECT kernel.SetErrorMessage('Success.')");
    expect(await one(kernel, 'SELECT kernel.GetErrorMessage()')).toBe('Success.');
  });
});

describe('helpers', () => {
  it('splits paths and drops empty segments; "/" and "" give NULL', async () => {
    expect(await one(kernel, "SELECT kernel.path_to_array('/a//b/')")).toEqual(['a', 'b']);
    expect(await one(kernel, "SELECT kernel.path_to_array('/')")).toBeNull();
    expect(await one(kernel, "SELECT kernel.path_to_array('')")).toBeNull();
  });

  it('turns the null sentinels into NULL', async () => {
    const row = (
      await kernel.query(
        "SELECT kernel.CheckNull(kernel.null_uuid()) AS u, kernel.CheckNull(''::text) AS t, kernel.CheckNull('{}'::jsonb) AS j, kernel.CheckNull(-1) AS i",
      )
    ).rows[0];
    expect(row).toEqual({ u: null, t: null, j: null, i: null });
  });

  it('returns the union of the parameters of all overloads from GetRoutines', async () => {
    await kernel.query('CREATE FUNCTION kernel.k_overload(pA int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
    await kernel.query('CREATE FUNCTION kernel.k_overload(pA text, pB text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
    const keys = await one<string[]>(kernel, "SELECT kernel.GetRoutines('k_overload', 'kernel')");
    expect([...keys].sort()).toEqual(['a', 'a', 'b']);
  });

  it('returns NULL columns for a relation that does not exist', async () => {
    expect(await one(kernel, "SELECT kernel.GetColumns('no_such_view', 'api')")).toBeNull();
  });

  it('encodes URLs per RFC 3986 with lower-case hex', async () => {
    expect(await one(kernel, "SELECT kernel.URLEncode('a b/ü~')")).toBe('a%20b%2f%c3%bc~');
  });

  it('parses wildcard and range IP forms', async () => {
    const wildcard = (await kernel.query("SELECT host, range FROM kernel.str_to_inet('10.0.*.*')")).rows[0];
    expect(wildcard).toEqual({ host: '10.0.0.0/16', range: null });
    const range = (await kernel.query("SELECT host, range FROM kernel.str_to_inet('10.0.0.1-10.0.0.10')")).rows[0];
    expect(range).toEqual({ host: '10.0.0.1', range: 10 });
  });
});

describe('payload validation', () => {
  it('accepts known keys and rejects an unknown key with ERR-400-061 listing the valid keys', async () => {
    await kernel.query(`SELECT kernel.CheckJsonbKeys('/x', ARRAY['a','b'], '{"a":1}'::jsonb)`);
    const message = await failure(kernel, `SELECT kernel.CheckJsonbKeys('/x', ARRAY['a','b'], '{"a":1,"c":2}'::jsonb)`);
    expect(message).toMatch(/^ERR-400-061: /);
    expect(message).toContain('"c"');
    expect(message).toContain('{a,b}');
  });

  it('checks every element of an array payload', async () => {
    const message = await failure(kernel, `SELECT kernel.CheckJsonbKeys('/x', ARRAY['a'], '[{"a":1},{"z":2}]'::jsonb)`);
    expect(message).toMatch(/^ERR-400-061: .*"z"/);
  });

  it('answers a scalar payload with ERR-400-063 (upstream: an unstructured PostgreSQL error)', async () => {
    expect(await failure(kernel, `SELECT kernel.CheckJsonbKeys('/x', ARRAY['a'], '5'::jsonb)`)).toMatch(/^ERR-400-063: /);
  });

  it('reports a missing required key as ERR-400-062', async () => {
    const message = await failure(kernel, `SELECT kernel.CheckJsonbRequired('/x', ARRAY['id'], '{"id":null}'::jsonb)`);
    expect(message).toMatch(/^ERR-400-062: .*id/);
  });

  it('accepts "name DESC" and lower(name) in orderby but not two spaces or a subquery', async () => {
    expect(await one(kernel, `SELECT kernel.JsonbToOrderBy('["name DESC","lower(name) desc"]', ARRAY['name'])`)).toBe('name DESC, lower(name) desc');
    expect(await failure(kernel, `SELECT kernel.JsonbToOrderBy('["name  desc"]', ARRAY['name'])`)).toMatch(/^ERR-400-065: /);
    expect(await failure(kernel, `SELECT kernel.JsonbToOrderBy('["(select 1)"]', ARRAY['name'])`)).toMatch(/^ERR-400-065: /);
    expect(await failure(kernel, `SELECT kernel.JsonbToOrderBy('["name; drop table db.log"]', ARRAY['name'])`)).toMatch(/^ERR-400-065: /);
  });

  it('allows known columns and aggregates in fields and rejects anything else', async () => {
    expect(await one(kernel, `SELECT kernel.JsonbToFields('["count(id) AS n","name"]', ARRAY['id','name'])`)).toBe('count(id) AS n, name');
    expect(await one(kernel, `SELECT kernel.JsonbToFields('[]', ARRAY['id'])`)).toBe('*');
    expect(await failure(kernel, `SELECT kernel.JsonbToFields('["pg_sleep(1)"]', ARRAY['id'])`)).toMatch(/^ERR-400-065: /);
  });

  it('normalises payloads to arrays of objects and refuses arrays where a route takes one object', async () => {
    expect(await one(kernel, `SELECT kernel.JsonbPayload('{"a":1}'::jsonb)`)).toEqual([{ a: 1 }]);
    expect(await one(kernel, 'SELECT kernel.JsonbPayload(null)')).toEqual([{}]);
    expect(await failure(kernel, `SELECT kernel.JsonbPayload('[{}]'::jsonb, false)`)).toMatch(/^ERR-400-063: /);
    expect(await failure(kernel, 'SELECT kernel.JsonbPayload(null, true, true)')).toMatch(/^ERR-400-060: /);
  });
});

describe('JWT', () => {
  it('signs and verifies HS256, HS384 and HS512 round trips with the caller formatting kept', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      const jwt = await one<string>(kernel, `SELECT kernel.sign('{"sub":"x",  "n":1}'::json, 'k3y', $1)`, [alg]);
      const [header, payload] = jwt.split('.').slice(0, 2).map((part) => Buffer.from(part, 'base64url').toString());
      expect(header).toBe(`{"alg":"${alg}","typ":"JWT"}`);
      expect(payload).toBe('{"sub":"x",  "n":1}');
      const verified = (await kernel.query('SELECT valid, payload FROM kernel.verify($1, $2, $3)', [jwt, 'k3y', alg])).rows[0];
      expect(verified).toEqual({ valid: true, payload: { sub: 'x', n: 1 } });
    }
  });

  it('produces the same signature as an independent HMAC implementation', async () => {
    const { createHmac } = await import('node:crypto');
    const jwt = await one<string>(kernel, `SELECT kernel.sign('{"a":1}'::json, 'secret')`);
    const [h, p, s] = jwt.split('.');
    expect(s).toBe(createHmac('sha256', 'secret').update(`${h}.${p}`).digest('base64url'));
  });

  it('returns valid = false for a wrong key or a tampered payload, not an exception', async () => {
    const jwt = await one<string>(kernel, `SELECT kernel.sign('{"sub":"a"}'::json, 'k3y')`);
    expect(await one(kernel, 'SELECT valid FROM kernel.verify($1, $2)', [jwt, 'other'])).toBe(false);
    const [h, , s] = jwt.split('.');
    const forged = `${h}.${Buffer.from('{"sub":"b"}').toString('base64url')}.${s}`;
    expect(await one(kernel, 'SELECT valid FROM kernel.verify($1, $2)', [forged, 'k3y'])).toBe(false);
  });
});

describe('privileges', () => {
  it('lets the daemon role use neither the kernel schema nor the internal tables', async () => {
    const daemon = await db.client('daemon');
    expect(await failure(daemon, 'SELECT kernel.GetSecretKey()')).toMatch(/permission denied/);
    expect(await failure(daemon, 'SELECT * FROM db.setting')).toMatch(/permission denied/);
    expect(await failure(daemon, 'SELECT * FROM oauth2.audience')).toMatch(/permission denied/);
  });
});
