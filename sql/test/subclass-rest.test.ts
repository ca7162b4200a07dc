// The paths every reference subclass shares (SubclassRest): /<entity>/type,
// /count, /get and /list of forms, programs, versions and messages, called
// through REST as the app service calls them, with valid and invalid payloads.
import { openSubclassDatabase, plainUser, rest, restError, restOne, uniqueCode, type Json, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;

beforeAll(async () => {
  db = await openSubclassDatabase('subrest');
});

afterAll(async () => {
  await db?.close();
});

const entities: { entity: string; types: string[]; body: () => Json }[] = [
  { entity: 'form', types: ['journal.form', 'none.form', 'tracker.form'], body: () => ({ code: uniqueCode('FORM'), name: 'Visit' }) },
  { entity: 'program', types: ['plpgsql.program'], body: () => ({ code: uniqueCode('PRG'), name: 'Noop', body: 'SELECT 1;' }) },
  { entity: 'version', types: ['api.version'], body: () => ({ code: uniqueCode('v'), name: 'Version 1' }) },
];

describe.each(entities)('/$entity/type, /count, /get', ({ entity, types, body }) => {
  it('lists the entity’s types, whole rows or projected on fields', async () => {
    const projected = await rest(db, db.admin, `/${entity}/type`, { fields: ['code'] });
    expect(projected.map((row) => row.code).sort()).toEqual(types);
    expect(projected.every((row) => Object.keys(row).length === 1)).toBe(true);

    const whole = await rest(db, db.admin, `/${entity}/type`);
    expect(whole).toHaveLength(types.length);
    expect(whole[0]).toEqual(expect.objectContaining({ id: expect.any(String), code: expect.any(String), name: expect.any(String) }));
  });

  it('refuses an unknown key, a non-array or unknown field on /type with a 400', async () => {
    expect(await restError(db, db.admin, `/${entity}/type`, { colour: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect((await restError(db, db.admin, `/${entity}/type`, { fields: 'code' })).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/type`, { fields: ['code', 'nosuch'] })).code).toBe(400);
  });

  it('counts by filter and search, and gets by id (one body or several)', async () => {
    const created = await restOne(db, db.admin, `/${entity}/set`, body());
    const other = await restOne(db, db.admin, `/${entity}/set`, body());

    expect(await restOne(db, db.admin, `/${entity}/count`, { filter: { code: created.code } })).toEqual({ count: 1 });
    expect(await restOne(db, db.admin, `/${entity}/count`, { filter: { code: [created.code, other.code] } })).toEqual({ count: 2 });
    expect(await restOne(db, db.admin, `/${entity}/count`, { search: [{ field: 'code', compare: 'EQL', value: other.code }] })).toEqual({ count: 1 });
    expect(await restOne(db, db.admin, `/${entity}/count`, { filter: { code: 'no such code' } })).toEqual({ count: 0 });

    expect(await restOne(db, db.admin, `/${entity}/get`, { id: created.id, fields: ['id', 'code'] })).toEqual({ id: created.id, code: created.code });
    const both = await rest(db, db.admin, `/${entity}/get`, [{ id: created.id, fields: ['code'] }, { id: other.id, fields: ['code'] }]);
    expect(both).toEqual([{ code: created.code }, { code: other.code }]);
  });

  it('refuses a missing, malformed or extra key on /get with a 400', async () => {
    const created = await restOne(db, db.admin, `/${entity}/set`, body());
    expect((await restError(db, db.admin, `/${entity}/get`, {})).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/get`, { id: 'not-a-uuid' })).code).toBe(400);
    expect(await restError(db, db.admin, `/${entity}/get`, { id: created.id, colour: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect((await restError(db, db.admin, `/${entity}/get`, { id: created.id, fields: ['nosuch'] })).code).toBe(400);
  });

  it('refuses an unknown column, operator or injected name on /count with a 400', async () => {
    expect((await restError(db, db.admin, `/${entity}/count`, { filter: { nosuch: 1 } })).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/count`, { filter: { 'code = code OR true --': 1 } })).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/count`, { search: [{ field: 'code', compare: 'DROP', value: 'x' }] })).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/count`, { search: [{ field: 'code); DROP TABLE db.object; --', value: 'x' }] })).code).toBe(400);
    expect((await restError(db, db.admin, `/${entity}/count`, { fields: ['code'] })).code).toBe(400);
  });

  it('requires a session', async () => {
    const error = await restError(db, 'not-a-token', `/${entity}/count`);
    expect(error.code).toBeGreaterThanOrEqual(400);
    expect(error.code).toBeLessThan(500);
  });
});

describe('/message/list, /count, /type', () => {
  const mail = { agent: 'smtp.agent', profile: 'noreply@pgfleet.test', address: 'someone@pgfleet.test', content: 'MIME body' };

  it('lists the inbox and outbox types', async () => {
    const rows = await rest(db, db.admin, '/message/type', { fields: ['code'] });
    expect(rows.map((row) => row.code).sort()).toEqual(['message.inbox', 'message.outbox']);
  });

  it('lists, pages and counts messages by filter and search', async () => {
    const subject = uniqueCode('Subject');
    const sent = [
      await restOne(db, db.admin, '/message/send', { ...mail, subject }),
      await restOne(db, db.admin, '/message/send', { ...mail, subject }),
      await restOne(db, db.admin, '/message/send', { ...mail, subject }),
    ];
    const ids = sent.map((row) => row.id);

    const listed = await rest(db, db.admin, '/message/list', { filter: { subject }, fields: ['id', 'subject'], orderby: ['id'] });
    expect(listed).toEqual([...ids].sort().map((id) => ({ id, subject })));

    const page = await rest(db, db.admin, '/message/list', { filter: { subject }, fields: ['id'], orderby: ['id'], reclimit: 2, recoffset: 1 });
    expect(page).toEqual([...ids].sort().slice(1, 3).map((id) => ({ id })));

    expect(await restOne(db, db.admin, '/message/count', { filter: { subject } })).toEqual({ count: 3 });
    expect(await restOne(db, db.admin, '/message/count', { search: [{ field: 'subject', compare: 'LKE', value: `${subject}%` }] })).toEqual({ count: 3 });
    expect(await restOne(db, db.admin, '/message/count', { filter: { subject, id: ids[0] } })).toEqual({ count: 1 });
  });

  it('refuses bad list and count payloads with a 400, injections included', async () => {
    const subject = uniqueCode('Subject');
    await restOne(db, db.admin, '/message/send', { ...mail, subject });
    const bad: [string, unknown][] = [
      ['/message/list', { colour: 'red' }],
      ['/message/list', { reclimit: 'ten' }],
      ['/message/list', { filter: { subject }, fields: ['nosuch'] }],
      ['/message/list', { orderby: ['subject; DROP TABLE db.message; --'] }],
      ['/message/list', { filter: { 'subject = subject OR true --': 1 } }],
      ['/message/list', { search: [{ field: 'subject', compare: 'EQL', value: 'x', lstr: '(' }] }],
      ['/message/list', { filter: [subject] }],
      ['/message/count', { fields: ['id'] }],
      ['/message/count', { search: [{ field: 'nosuch', value: 'x' }] }],
      ['/message/type', { fields: 'code' }],
    ];
    for (const [path, payload] of bad) {
      const error = await restError(db, db.admin, path, payload);
      expect({ path, payload, code: error.code }).toEqual({ path, payload, code: 400 });
    }
    const { rows } = await db.kernel.query(`SELECT to_regclass('db.message') AS t`);
    expect(rows[0]).toEqual({ t: 'db.message' });
  });

  it('shows a plain user none of the administrator’s messages', async () => {
    const subject = uniqueCode('Private');
    await restOne(db, db.admin, '/message/send', { ...mail, subject });
    const user = await plainUser(db);
    expect(await rest(db, user.jwt, '/message/list', { filter: { subject } })).toEqual([]);
    expect(await restOne(db, user.jwt, '/message/count', { filter: { subject } })).toEqual({ count: 0 });
  });
});
