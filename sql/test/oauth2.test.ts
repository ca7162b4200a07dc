import type pg from 'pg';
import { HOOK_TIMEOUT_MS, errorOf, failure, one, openDatabase, rows, token, web, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

const config = {
  default: {
    web: { client_id: 'k-web', client_secret: 'k-web-secret-0123456789', algorithm: 'HS256', issuers: ['https://id.k.test', 'id.k.test'] },
    service: { client_id: 'k-svc', client_secret: 'k-svc-secret-0123456789', issuers: ['https://id.k.test'] },
  },
  partner: {
    web: { client_id: 'k-partner', client_secret: 'k-partner-secret-0123456789', issuers: ['https://partner.test'] },
  },
  google: { web: { client_id: '', client_secret: '' } },
};

async function sync(value: unknown): Promise<void> {
  await kernel.query('SELECT kernel.SyncOAuth2Config($1::jsonb)', [JSON.stringify(value)]);
}

async function snapshot(): Promise<unknown> {
  const result = await kernel.query(`
    SELECT (SELECT json_agg(p ORDER BY id) FROM oauth2.provider p) AS providers,
           (SELECT json_agg(a ORDER BY id) FROM oauth2.application a) AS applications,
           (SELECT json_agg(i ORDER BY id) FROM oauth2.issuer i) AS issuers,
           (SELECT json_agg(json_build_object('id', id, 'code', code, 'hash', hash, 'secret', encode(secret, 'hex')) ORDER BY id) FROM oauth2.audience) AS audiences,
           (SELECT count(*) FROM db.user) AS users`);
  return result.rows[0];
}

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  await sync(config);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('SyncOAuth2Config', () => {
  it('is idempotent: a second run changes no row, not even the encrypted secrets', async () => {
    const before = await snapshot();
    await sync(config);
    expect(await snapshot()).toEqual(before);
  });

  it('makes default internal and other providers external, and adds no client for an external section without credentials', async () => {
    const providers = await kernel.query<{ code: string; type: string }>('SELECT code, type FROM oauth2.provider ORDER BY code');
    expect(Object.fromEntries(providers.rows.map((row) => [row.code, row.type]))).toEqual({ default: 'I', google: 'E', partner: 'E', system: 'I' });
    expect(await one(kernel, "SELECT count(*)::int FROM oauth2.audience WHERE provider = kernel.GetProvider('google')")).toBe(0);
  });

  it('keeps the issuers in file order so the first one is used when minting', async () => {
    const issuers = await rows<string>(kernel, "SELECT code FROM oauth2.issuer WHERE provider = kernel.GetProvider('default') ORDER BY id");
    expect(issuers.indexOf('https://id.k.test')).toBeLessThan(issuers.indexOf('id.k.test'));
  });

  it('registers the system audience under the project code with the server key as secret', async () => {
    const id = await one<number>(kernel, 'SELECT kernel.GetAudience(kernel.current_project())');
    expect(await one(kernel, 'SELECT kernel.GetAudienceSecret($1)', [id])).toBe(await one(kernel, 'SELECT kernel.GetSecretKey()'));
    expect(await one(kernel, 'SELECT kernel.GetProviderCode(provider) FROM oauth2.audience WHERE id = $1', [id])).toBe('system');
  });

  it('creates for every audience a service user in group system whose password is the client secret', async () => {
    const user = await one<string>(kernel, "SELECT id::text FROM db.user WHERE username = 'k-svc' AND type = 'U'");
    expect(await one(kernel, "SELECT kernel.CheckPassword($1::uuid, 'k-svc-secret-0123456789')", [user])).toBe(true);
    expect(await one(kernel, "SELECT kernel.IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, $1::uuid)", [user])).toBe(true);
  });

  it('lets the synced service client get a token with client_credentials', async () => {
    const answer = await token(daemon, 'k-svc', 'k-svc-secret-0123456789', { grant_type: 'client_credentials' });
    expect(errorOf(answer)).toBeUndefined();
    expect(typeof answer.access_token).toBe('string');
  });

  it('rotates a changed secret: the old one stops working, the new one works', async () => {
    await sync({ ...config, default: { ...config.default, service: { ...config.default.service, client_secret: 'k-svc-rotated-0123456789' } } });
    const id = await one<number>(kernel, "SELECT kernel.GetAudience('k-svc')");
    expect(await one(kernel, "SELECT kernel.CheckAudienceSecret($1, 'k-svc-secret-0123456789')", [id])).toBe(false);
    expect(await one(kernel, "SELECT kernel.CheckAudienceSecret($1, 'k-svc-rotated-0123456789')", [id])).toBe(true);
    await sync(config);
  });

  it('rejects a section without client_id with ERR-400-062 naming it', async () => {
    const message = await failure(kernel, 'SELECT kernel.SyncOAuth2Config($1::jsonb)', [JSON.stringify({ default: { web: { client_secret: 'x' } } })]);
    expect(message).toMatch(/^ERR-400-062: .*oauth2\/default\/web.*client_id/);
  });

  it('rejects a document that is not an object with ERR-400-063', async () => {
    expect(await failure(kernel, "SELECT kernel.SyncOAuth2Config('[]'::jsonb)")).toMatch(/^ERR-400-063: /);
  });
});

describe('client secrets at rest', () => {
  it('stores no client secret in plain text anywhere in the audience table', async () => {
    const secrets = [web.secret, config.default.web.client_secret, config.default.service.client_secret];
    const dump = await one<string>(kernel, 'SELECT string_agg(t::text, E"\\n") FROM oauth2.audience t'.replace('E"\\n"', "E'\\n'"));
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });

  it('keeps an HMAC-SHA256 keyed hash and an encrypted copy only SECURITY DEFINER code can read', async () => {
    const id = await one<number>(kernel, "SELECT kernel.GetAudience('k-web')");
    expect(await one(kernel, 'SELECT hash FROM oauth2.audience WHERE id = $1', [id])).toBe(
      await one(kernel, "SELECT kernel.hmac_key_hash('k-web-secret-0123456789')"),
    );
    expect(await one(kernel, 'SELECT kernel.GetAudienceSecret($1)', [id])).toBe('k-web-secret-0123456789');
    expect(await failure(daemon, 'SELECT kernel.GetAudienceSecret($1)', [id])).toMatch(/permission denied/);
  });

  it('hides secret and hash from the Audience view', async () => {
    const columns = await one<string[]>(kernel, "SELECT kernel.GetColumns('audience', 'kernel')");
    expect(columns).not.toContain('secret');
    expect(columns).not.toContain('hash');
  });
});

describe('reference data functions', () => {
  it('returns NULL from getters for unknown codes', async () => {
    const row = (await kernel.query("SELECT kernel.GetProvider('nope') AS p, kernel.GetAudience('nope') AS a, kernel.GetIssuer('nope') AS i")).rows[0];
    expect(row).toEqual({ p: null, a: null, i: null });
  });

  it('refuses AddProvider to a connection that is neither kernel nor an administrator (ERR-400-001)', async () => {
    const superuser = await db.client('postgres');
    expect(await failure(superuser, "SELECT kernel.AddProvider('E', 'intruder')")).toMatch(/^ERR-400-001: /);
  });

  it('accepts the OIDC scope names as aliases of the default scope', async () => {
    const aliases = await rows<string>(kernel, "SELECT code FROM db.scope_alias WHERE scope = '00000000-0000-4006-a000-000000000000' ORDER BY code");
    expect(aliases).toEqual(expect.arrayContaining(['email', 'offline_access', 'openid', 'profile']));
  });
});
