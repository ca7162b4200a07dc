import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type TestDb } from './kernel-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

describe('locale catalogue', () => {
  it('seeds the six locales with their fixed ids', async () => {
    const seeded = await kernel.query<{ id: string; code: string }>('SELECT id, code FROM kernel.Locale ORDER BY id');
    expect(seeded.rows.map((row) => [row.id, row.code])).toEqual(
      ['en', 'ru', 'de', 'fr', 'it', 'es'].map((code, index) => [`00000000-0000-4001-a000-00000000000${index + 1}`, code]),
    );
  });

  it('looks codes up case-sensitively', async () => {
    expect(await one(kernel, "SELECT kernel.GetLocale('de')")).toBe('00000000-0000-4001-a000-000000000003');
    expect(await one(kernel, "SELECT kernel.GetLocale('EN')")).toBeNull();
    expect(await one(kernel, "SELECT kernel.GetLocaleCode('00000000-0000-4001-a000-000000000006')")).toBe('es');
  });

  it('refuses to delete a locale that error texts refer to', async () => {
    expect(await failure(kernel, "DELETE FROM db.locale WHERE code = 'fr'")).toMatch(/foreign key/);
  });
});

describe('error messages follow the session locale', () => {
  it('answers in the locale chosen with /locale/set and falls back to English for a missing text', async () => {
    const user = await createUser(kernel);
    const jwt = await signIn(daemon, user.username, user.password);
    for (const [code, text] of [
      ['de', 'Erforderlicher Schlüssel'],
      ['fr', 'Clé obligatoire'],
      ['es', 'Clave obligatoria'],
    ] as const) {
      await fetch(daemon, jwt, '/api/v1/locale/set', { code });
      const [row] = await fetch(daemon, jwt, '/api/v1/error/get', {});
      expect(errorOf(row)?.message).toContain(text);
    }
    await kernel.query("DELETE FROM db.error_catalog_text WHERE locale = kernel.GetLocale('es') AND error_id = kernel.GetErrorCatalog('ERR-400-062')");
    const [row] = await fetch(daemon, jwt, '/api/v1/error/get', {});
    expect(errorOf(row)?.message).toContain('Required key not FOUND');
  });

  it('has every catalog message translated (no locale repeats the English text of a sentence)', async () => {
    const untranslated = await rows(
      kernel,
      `SELECT e.code || '/' || l.code FROM db.error_catalog e
         JOIN db.error_catalog_text en ON en.error_id = e.id AND en.locale = kernel.GetLocale('en')
         JOIN db.error_catalog_text t ON t.error_id = e.id AND t.locale <> en.locale
         JOIN db.locale l ON l.id = t.locale
        WHERE t.message = en.message AND en.message ~ ' '`,
    );
    expect(untranslated).toEqual([]);
  });
});
