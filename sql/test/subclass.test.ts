import { openSubclassDatabase, plainUser, rest, restError, restOne, uniqueCode, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;

beforeAll(async () => {
  db = await openSubclassDatabase('subclass');
});

afterAll(async () => {
  await db?.close();
});

describe('seed', () => {
  it('creates the spec’d vendors and agents, enabled, with the agents bound to their vendors', async () => {
    const agents = await rest(db, db.admin, '/agent/list', { fields: ['code', 'typecode', 'vendorcode', 'statecode'], orderby: ['code'] });
    expect(agents).toEqual([
      { code: 'fcm.agent', typecode: 'api.agent', vendorcode: 'google.vendor', statecode: 'enabled' },
      { code: 'imap.agent', typecode: 'email.agent', vendorcode: 'system.vendor', statecode: 'enabled' },
      { code: 'm2m.agent', typecode: 'api.agent', vendorcode: 'mts.vendor', statecode: 'enabled' },
      { code: 'notice.agent', typecode: 'system.agent', vendorcode: 'system.vendor', statecode: 'enabled' },
      { code: 'pop3.agent', typecode: 'email.agent', vendorcode: 'system.vendor', statecode: 'enabled' },
      { code: 'sba.agent', typecode: 'api.agent', vendorcode: 'sberbank.vendor', statecode: 'enabled' },
      { code: 'smtp.agent', typecode: 'email.agent', vendorcode: 'system.vendor', statecode: 'enabled' },
      { code: 'system.agent', typecode: 'system.agent', vendorcode: 'system.vendor', statecode: 'enabled' },
    ]);
    const vendors = await rest(db, db.admin, '/vendor/list', { fields: ['code', 'typecode'], orderby: ['code'] });
    expect(vendors).toEqual(['google.vendor', 'mts.vendor', 'sberbank.vendor', 'system.vendor'].map((code) => ({ code, typecode: 'service.vendor' })));
  });

  it('creates the seven schedulers with their periods', async () => {
    const rows = await rest(db, db.admin, '/scheduler/list', { fields: ['code', 'period'], orderby: ['period'] });
    expect(rows).toEqual([
      { code: 'EACH_01_MINUTES', period: '00:01:00' },
      { code: 'EACH_05_MINUTES', period: '00:05:00' },
      { code: 'EACH_10_MINUTES', period: '00:10:00' },
      { code: 'EACH_15_MINUTES', period: '00:15:00' },
      { code: 'EACH_30_MINUTES', period: '00:30:00' },
      { code: 'EACH_01_HOUR', period: '01:00:00' },
      { code: 'EACH_01_DAY', period: '1 day' },
    ]);
  });

  it('gives mailbot read access to every agent', async () => {
    const { rows } = await db.kernel.query<{ n: string }>(
      `SELECT count(*) AS n FROM db.agent a JOIN db.aou u ON u.object = a.id
        WHERE u.userid = '00000000-0000-4000-a002-000000000002' AND u.allow & B'100' = B'100'`,
    );
    expect(Number(rows[0]?.n)).toBe(8);
  });
});

describe('/vendor/*', () => {
  it('creates by type code, reads, lists, counts and updates a vendor', async () => {
    const code = uniqueCode('acme.vendor');
    const created = await restOne(db, db.admin, '/vendor/set', { type: 'service', code, name: 'Acme', description: 'Anvils' });
    expect(created).toMatchObject({ code, name: 'Acme', description: 'Anvils', typecode: 'service.vendor', statecode: 'enabled', entitycode: 'vendor' });

    const got = await restOne(db, db.admin, '/vendor/get', { id: created.id, fields: ['id', 'code'] });
    expect(got).toEqual({ id: created.id, code });

    const listed = await rest(db, db.admin, '/vendor/list', { filter: { code } });
    expect(listed).toHaveLength(1);
    expect(await restOne(db, db.admin, '/vendor/count', { filter: { code } })).toEqual({ count: 1 });

    const updated = await restOne(db, db.admin, '/vendor/set', { id: created.id, name: 'Acme Corp' });
    expect(updated).toMatchObject({ id: created.id, code, name: 'Acme Corp', description: 'Anvils' });
  });

  it('defaults the type of a new vendor to device.vendor', async () => {
    const row = await restOne(db, db.admin, '/vendor/set', { code: uniqueCode('dev.vendor'), name: 'Device maker' });
    expect(row.typecode).toBe('device.vendor');
  });

  it('lists the three vendor types on /vendor/type', async () => {
    const rows = await rest(db, db.admin, '/vendor/type', { fields: ['code'] });
    expect(rows.map((row) => row.code).sort()).toEqual(['car.vendor', 'device.vendor', 'service.vendor']);
  });

  it('runs a workflow action through /vendor/<action> and reports the methods of the new state', async () => {
    const vendor = await restOne(db, db.admin, '/vendor/set', { type: 'car.vendor', code: uniqueCode('car.vendor'), name: 'Cars' });
    await rest(db, db.admin, '/vendor/disable', { id: vendor.id });
    const after = await restOne(db, db.admin, '/vendor/get', { id: vendor.id, fields: ['statecode'] });
    expect(after).toEqual({ statecode: 'disabled' });
    const methods = await rest(db, db.admin, '/vendor/method', { id: vendor.id });
    expect(methods.map((method) => method.actioncode).sort()).toEqual(['delete', 'enable']);
  });

  it('refuses an unknown key with ERR-400-061', async () => {
    const error = await restError(db, db.admin, '/vendor/set', { code: uniqueCode('x.vendor'), name: 'X', colour: 'red' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-061' });
  });

  it('refuses an unknown type code with a 400', async () => {
    const error = await restError(db, db.admin, '/vendor/set', { type: 'spaceship', code: uniqueCode('x.vendor'), name: 'X' });
    expect(error.code).toBe(400);
  });

  it('answers a malformed id with a 400 instead of a cast failure (upstream: 500)', async () => {
    const error = await restError(db, db.admin, '/vendor/get', { id: 'not-a-uuid' });
    expect(error.code).toBe(400);
    expect(error.error).toMatch(/^ERR-400-/);
  });

  it('answers an unknown parent with a 400, storing nothing', async () => {
    const code = uniqueCode('orphan.vendor');
    const error = await restError(db, db.admin, '/vendor/set', { parent: '00000000-0000-4000-8000-00000000dead', code, name: 'Orphan' });
    expect(error.code).toBe(400);
    expect(await rest(db, db.admin, '/vendor/list', { filter: { code } })).toEqual([]);
  });

  it('keeps an SQL-looking code as plain data', async () => {
    const code = uniqueCode("x'); DROP TABLE db.vendor; --");
    const row = await restOne(db, db.admin, '/vendor/set', { code, name: 'Bobby' });
    expect(row.code).toBe(code);
    const { rows } = await db.kernel.query(`SELECT to_regclass('db.vendor') AS t`);
    expect(rows[0]).toEqual({ t: 'db.vendor' });
  });

  it('requires a session', async () => {
    const error = await restError(db, 'not-a-token', '/vendor/list');
    expect(error.code).toBeGreaterThanOrEqual(400);
    expect(error.code).toBeLessThan(500);
  });
});

describe('/agent/*', () => {
  it('creates an agent whose vendor is given by code and defaults the type to system.agent', async () => {
    const row = await restOne(db, db.admin, '/agent/set', { vendor: 'google.vendor', code: uniqueCode('my.agent'), name: 'Mine' });
    expect(row).toMatchObject({ typecode: 'system.agent', vendorcode: 'google.vendor', statecode: 'enabled' });
  });

  it('answers an unknown vendor with ERR-400-030', async () => {
    const error = await restError(db, db.admin, '/agent/set', { vendor: 'nobody.vendor', code: uniqueCode('my.agent'), name: 'Mine' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('refuses an agent without a vendor with a 400', async () => {
    const error = await restError(db, db.admin, '/agent/set', { code: uniqueCode('my.agent'), name: 'Mine' });
    expect(error.code).toBe(400);
  });
});

describe('/program/*, /scheduler/*, /version/*', () => {
  it('stores a program body and reads it back', async () => {
    const row = await restOne(db, db.admin, '/program/set', { code: uniqueCode('PRG'), name: 'Noop', body: 'SELECT 1;' });
    expect(row).toMatchObject({ typecode: 'plpgsql.program', body: 'SELECT 1;', statecode: 'enabled' });
  });

  it('refuses a program without a body with a 400', async () => {
    const error = await restError(db, db.admin, '/program/set', { code: uniqueCode('PRG'), name: 'Empty' });
    expect(error.code).toBe(400);
  });

  it('creates a scheduler with a period and fills the validity dates', async () => {
    const row = await restOne(db, db.admin, '/scheduler/set', { code: uniqueCode('EVERY_2'), name: 'Every 2 minutes', period: '2 minutes' });
    expect(row).toMatchObject({ period: '00:02:00', typecode: 'job.scheduler' });
    expect(row.datestart).toEqual(expect.any(String));
    expect(String(row.datestop)).toMatch(/^4433-12-31/);
  });

  it('answers a malformed period with a 400', async () => {
    const error = await restError(db, db.admin, '/scheduler/set', { code: uniqueCode('BAD'), name: 'Bad', period: 'whenever' });
    expect(error.code).toBe(400);
  });

  // The administrator's session speaks Russian: the feminine custom label, not the default "Открыт".
  it('creates a version with the default type and the custom labels of its states', async () => {
    const row = await restOne(db, db.admin, '/version/set', { code: uniqueCode('v1'), name: 'Version 1' });
    expect(row).toMatchObject({ typecode: 'api.version', statecode: 'enabled', statelabel: 'Открыта' });
  });
});

describe('/form/* and /form/field/*', () => {
  it('builds a form from its fields in sequence order, inserting a field before another', async () => {
    const form = await restOne(db, db.admin, '/form/set', { type: 'journal', code: uniqueCode('FORM'), name: 'Visit' });
    expect(form).toMatchObject({ typecode: 'journal.form', statelabel: 'Открыта' });

    await restOne(db, db.admin, '/form/field/set', { form: form.id, key: 'name', type: 'text', label: 'Name' });
    await restOne(db, db.admin, '/form/field/set', { form: form.id, key: 'date', type: 'date', label: 'Date', value: 'today' });
    const first = await restOne(db, db.admin, '/form/field/set', { form: form.id, key: 'id', type: 'integer', label: 'No.', sequence: 1 });
    expect(first).toMatchObject({ key: 'id', sequence: 1 });

    const built = await restOne(db, db.admin, '/form/build', { id: form.id });
    expect(built.form).toBe(form.id);
    expect((built.fields as { key: string }[]).map((field) => field.key)).toEqual(['id', 'name', 'date']);
  });

  it('replaces the field set through /form/field and deletes a field', async () => {
    const form = await restOne(db, db.admin, '/form/set', { code: uniqueCode('FORM'), name: 'Survey' });
    const rows = await rest(db, db.admin, '/form/field', {
      form: form.id,
      fields: [
        { key: 'a', type: 'text', label: 'A' },
        { key: 'b', type: 'text', label: 'B', mutable: true },
      ],
    });
    expect(rows.map((row) => row.key)).toEqual(['a', 'b']);
    expect(await restOne(db, db.admin, '/form/field/delete', { form: form.id, key: 'a' })).toEqual({ success: true });
    expect(await restOne(db, db.admin, '/form/field/delete', { form: form.id, key: 'a' })).toEqual({ success: false });
    const remaining = await restOne(db, db.admin, '/form/field', { form: form.id });
    expect(remaining).toEqual([expect.objectContaining({ key: 'b', mutable: true })]);
  });

  it('refuses a field without its form with ERR-400-062', async () => {
    const error = await restError(db, db.admin, '/form/field/set', { key: 'x', type: 'text', label: 'X' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-062' });
  });

  it('answers /form/build of an unknown form with a 400', async () => {
    const error = await restError(db, db.admin, '/form/build', { id: '00000000-0000-4000-8000-00000000abcd' });
    expect(error.code).toBe(400);
  });
});

describe('access', () => {
  it('lets a plain user read references but not change another owner’s vendor', async () => {
    const vendor = await restOne(db, db.admin, '/vendor/set', { code: uniqueCode('own.vendor'), name: 'Owned' });
    const user = await plainUser(db);
    const seen = await restOne(db, user.jwt, '/vendor/get', { id: vendor.id, fields: ['code'] });
    expect(seen.code).toBe(vendor.code);
    const error = await restError(db, user.jwt, '/vendor/set', { id: vendor.id, name: 'Mine now' });
    expect(error.code).toBeGreaterThanOrEqual(400);
    expect(error.code).toBeLessThan(500);
    const after = await restOne(db, db.admin, '/vendor/get', { id: vendor.id, fields: ['name'] });
    expect(after.name).toBe('Owned');
  });
});

describe('REST catalogue', () => {
  it('registers every subclass path with its keys', async () => {
    const { rows } = await db.kernel.query<{ path: string; keys: string[] }>(
      `SELECT path, keys FROM db.rest_catalog WHERE module = 'entity-subclasses' ORDER BY path`,
    );
    const paths = rows.map((row) => row.path);
    for (const entity of ['agent', 'form', 'program', 'scheduler', 'vendor', 'version', 'job', 'message']) {
      for (const route of ['type', 'method', 'count', 'set', 'get', 'list']) expect(paths).toContain(`/${entity}/${route}`);
    }
    expect(paths).toEqual(expect.arrayContaining(['/form/build', '/form/field', '/form/field/set', '/message/send', '/message/send/mail']));
    expect(rows.find((row) => row.path === '/scheduler/set')?.keys).toEqual(['id', 'parent', 'type', 'code', 'name', 'period', 'datestart', 'datestop', 'description']);
  });
});
