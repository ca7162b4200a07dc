import { openSubclassDatabase, plainUser, rest, restError, restOne, uniqueCode, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;

beforeAll(async () => {
  db = await openSubclassDatabase('example');
});

afterAll(async () => {
  await db?.close();
});

describe('category (reference)', () => {
  it('ships the seeded categories, readable by a plain user', async () => {
    const user = await plainUser(db);
    const rows = await rest(db, user.jwt, '/category/list', { fields: ['code', 'typecode', 'statecode'], orderby: ['code'] });
    expect(rows).toEqual([
      { code: 'goods.category', typecode: 'product.category', statecode: 'enabled' },
      { code: 'services.category', typecode: 'service.category', statecode: 'enabled' },
    ]);
  });

  it('creates a category through /category/set', async () => {
    const code = uniqueCode('travel.category');
    const row = await restOne(db, db.admin, '/category/set', { type: 'service', code, name: 'Travel' });
    expect(row).toMatchObject({ code, name: 'Travel', entitycode: 'category', statecode: 'enabled' });
  });
});

describe('invoice (document with a custom workflow)', () => {
  it('issues and pays an invoice: the pay action changes the state, runs its handler and writes history', async () => {
    const owner = await plainUser(db);
    const invoice = await restOne(db, owner.jwt, '/invoice/set', { amount: 120.5, currency: 'EUR', category: 'services.category', label: 'Consulting' });
    expect(invoice).toMatchObject({ statecode: 'created', amount: 120.5, categorycode: 'services.category', paid: null });

    await restOne(db, owner.jwt, '/invoice/enable', { id: invoice.id });
    const methods = await rest(db, owner.jwt, '/invoice/method', { id: invoice.id });
    expect(methods.map((method) => method.actioncode)).toContain('pay');

    const result = await restOne(db, owner.jwt, '/invoice/pay', { id: invoice.id });
    expect(result.paid).toEqual(expect.any(String));
    expect(result).toMatchObject({ newstate: expect.objectContaining({ code: 'paid' }) });

    const after = await restOne(db, owner.jwt, '/invoice/get', { id: invoice.id, fields: ['statecode', 'statetypecode', 'paid'] });
    expect(after).toMatchObject({ statecode: 'paid', statetypecode: 'disabled', paid: expect.any(String) });

    const history = await db.kernel.query<{ code: string }>(
      `SELECT s.code FROM db.object_state h JOIN db.state s ON s.id = h.state WHERE h.object = $1 ORDER BY h.validfromdate`,
      [invoice.id],
    );
    expect(history.rows.map((row) => row.code)).toEqual(['created', 'enabled', 'paid']);
    const methodsRun = await db.kernel.query<{ code: string }>(
      `SELECT a.code FROM db.notification n JOIN db.action a ON a.id = n.action WHERE n.object = $1 ORDER BY n.datetime`,
      [invoice.id],
    );
    expect(methodsRun.rows.map((row) => row.code)).toEqual(['create', 'enable', 'pay']);
    const log = await db.kernel.query(`SELECT FROM db.log WHERE object = $1 AND code = 2101`, [invoice.id]);
    expect(log.rows).toHaveLength(1);
  });

  it('refuses to pay an invoice that was never issued (no pay method in state created)', async () => {
    const owner = await plainUser(db);
    const invoice = await restOne(db, owner.jwt, '/invoice/set', { amount: 10 });
    const error = await restError(db, owner.jwt, '/invoice/pay', { id: invoice.id });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-032' });
  });

  it('hides an invoice from another plain user and denies them its actions', async () => {
    const owner = await plainUser(db);
    const stranger = await plainUser(db);
    const invoice = await restOne(db, owner.jwt, '/invoice/set', { amount: 99 });
    await restOne(db, owner.jwt, '/invoice/enable', { id: invoice.id });

    expect(await rest(db, stranger.jwt, '/invoice/get', { id: invoice.id })).toEqual([]);
    const error = await restError(db, stranger.jwt, '/invoice/pay', { id: invoice.id });
    expect(error.code).toBe(400);
    const update = await restError(db, stranger.jwt, '/invoice/set', { id: invoice.id, amount: 1 });
    expect(update.code).toBe(400);

    const after = await restOne(db, owner.jwt, '/invoice/get', { id: invoice.id, fields: ['statecode', 'amount'] });
    expect(after).toEqual({ statecode: 'enabled', amount: 99 });
  });

  it('lets a member of group accountant read every invoice (class ACL)', async () => {
    const owner = await plainUser(db);
    const accountant = await plainUser(db);
    await db.kernel.query(`SELECT AddMemberToGroup($1, (SELECT id FROM db.user WHERE type = 'G' AND username = 'accountant'))`, [accountant.id]);
    const invoice = await restOne(db, owner.jwt, '/invoice/set', { amount: 5, currency: 'USD' });
    const seen = await restOne(db, accountant.jwt, '/invoice/get', { id: invoice.id, fields: ['amount', 'currency'] });
    expect(seen).toEqual({ amount: 5, currency: 'USD' });
  });

  it('sums the caller’s issued invoices per currency on /invoice/balance', async () => {
    const owner = await plainUser(db);
    for (const amount of [10, 15]) {
      const invoice = await restOne(db, owner.jwt, '/invoice/set', { amount, currency: 'CHF' });
      await restOne(db, owner.jwt, '/invoice/enable', { id: invoice.id });
    }
    await restOne(db, owner.jwt, '/invoice/set', { amount: 1000, currency: 'CHF' });
    expect(await rest(db, owner.jwt, '/invoice/balance')).toEqual([{ currency: 'CHF', amount: 25, count: 2 }]);
  });

  it('answers a negative amount with the project error ERR-400-101', async () => {
    const owner = await plainUser(db);
    const error = await restError(db, owner.jwt, '/invoice/set', { amount: -1 });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-101' });
  });

  it('answers a lower-case currency with ERR-400-102', async () => {
    const owner = await plainUser(db);
    const error = await restError(db, owner.jwt, '/invoice/set', { amount: 1, currency: 'eur' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-102' });
  });

  it('answers a non-numeric amount with a 400 (not a 500)', async () => {
    const owner = await plainUser(db);
    const error = await restError(db, owner.jwt, '/invoice/set', { amount: 'lots' });
    expect(error.code).toBe(400);
  });

  it('answers an unknown category with ERR-400-030', async () => {
    const owner = await plainUser(db);
    const error = await restError(db, owner.jwt, '/invoice/set', { amount: 1, category: 'nothing.category' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });
});
