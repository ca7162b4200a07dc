// Report module (24-report): the five REST families, the ready-report
// workflow, NOTIFY report, and the report worker's contract end to end.
import type pg from 'pg';
import {
  defineFailingRoutine,
  defineRoutine,
  objectFiles,
  openReportDatabase,
  plainUser,
  readyState,
  reportFixture,
  rest,
  restError,
  restOne,
  str,
  uniqueCode,
  type Json,
  type ReportDb,
  type ReportFixture,
} from './report-support.js';
import { token } from './api-support.js';

let db: ReportDb;
let fx: ReportFixture;

beforeAll(async () => {
  db = await openReportDatabase('report');
  fx = await reportFixture(db);
});

afterAll(async () => {
  await db?.close();
});

/** The worker's bot session: client credentials of the service client (group system). */
async function botSession(): Promise<string> {
  const answer = await token(db.daemon, 'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', { grant_type: 'client_credentials' });
  return str(answer.session);
}

async function asBot<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  await db.apibot.query('SELECT * FROM api.authorize($1)', [await botSession()]);
  return (await db.apibot.query<T>(sql, params)).rows;
}

async function build(report: unknown = fx.report.id, form: Json = { greeting: 'hello' }): Promise<Json> {
  return restOne(db, db.jwt, '/report/build', { id: report, form });
}

describe('/report/tree/*', () => {
  it('makes a root its own root at level 0 and a child one level below it', async () => {
    expect(fx.root).toMatchObject({ root: fx.root.id, node: null, level: 0, typecode: 'root.report_tree', entitycode: 'report_tree' });
    expect(fx.node).toMatchObject({ root: fx.root.id, node: fx.root.id, level: 1, sequence: 1, typecode: 'node.report_tree' });
  });

  it('refuses a node without a parent and a root under a parent with ERR-400-000', async () => {
    const orphan = await restError(db, db.jwt, '/report/tree/set', { type: 'node', code: uniqueCode('orphan'), name: 'Orphan' });
    expect(orphan).toMatchObject({ code: 400, error: 'ERR-400-000' });
    // The admin session's locale is ru; the English text is the fallback of every other locale.
    expect(orphan.message).toMatch(/^(Invalid report type|Недопустимый тип отчёта)\.$/);
    const nested = await restError(db, db.jwt, '/report/tree/set', { type: 'root', root: fx.root.id, node: fx.root.id, code: uniqueCode('nested'), name: 'Nested' });
    expect(nested).toMatchObject({ code: 400, error: 'ERR-400-000' });
  });

  it('refuses a node under a report leaf', async () => {
    const leaf = await restOne(db, db.jwt, '/report/tree/set', { type: 'report', root: fx.root.id, node: fx.node.id, code: uniqueCode('leaf'), name: 'Leaf' });
    const error = await restError(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: leaf.id, code: uniqueCode('under'), name: 'Under leaf' });
    expect(error.error).toBe('ERR-400-000');
  });

  it('numbers siblings and pushes the holder of an explicit position down by one', async () => {
    const parent = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('p'), name: 'P' });
    const a = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: parent.id, code: uniqueCode('a'), name: 'A' });
    const b = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: parent.id, code: uniqueCode('b'), name: 'B' });
    expect([a.sequence, b.sequence, a.level]).toEqual([1, 2, 2]);
    const c = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: parent.id, code: uniqueCode('c'), name: 'C', sequence: 1 });
    const rows = await rest(db, db.jwt, '/report/tree/list', { filter: { node: parent.id }, fields: ['id', 'sequence'], orderby: ['sequence'] });
    expect(rows).toEqual([{ id: c.id, sequence: 1 }, { id: a.id, sequence: 2 }, { id: b.id, sequence: 3 }]);
  });

  it('moves a node to another parent, renumbering the old siblings and recomputing its level', async () => {
    const node = (code: string, parent: unknown): Promise<Json> =>
      restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: parent, code: uniqueCode(code), name: code });
    const left = await node('left', fx.root.id);
    const right = await node('right', fx.root.id);
    const a = await node('a', left.id);
    const b = await node('b', left.id);
    const moved = await restOne(db, db.jwt, '/report/tree/set', { id: a.id, node: right.id });
    expect(moved).toMatchObject({ node: right.id, level: 2, sequence: 1 });
    expect(await restOne(db, db.jwt, '/report/tree/get', { id: b.id, fields: ['sequence'] })).toEqual({ sequence: 1 });
  });

  it('swaps a node with its child when the child becomes its parent', async () => {
    const upper = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('upper'), name: 'Upper' });
    const lower = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: upper.id, code: uniqueCode('lower'), name: 'Lower' });
    const after = await restOne(db, db.jwt, '/report/tree/set', { id: upper.id, node: lower.id });
    expect(after).toMatchObject({ node: lower.id, level: 2 });
    expect(await restOne(db, db.jwt, '/report/tree/get', { id: lower.id, fields: ['node', 'level'] })).toEqual({ node: fx.root.id, level: 1 });
  });

  it('ignores a request to hang a node under itself', async () => {
    const self = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('self'), name: 'Self' });
    expect(await restOne(db, db.jwt, '/report/tree/set', { id: self.id, node: self.id })).toMatchObject({ node: fx.root.id, level: 1 });
  });

  it('drops a deleted node with its row and its deleted children', async () => {
    const parent = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('drop'), name: 'Drop' });
    const child = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: parent.id, code: uniqueCode('dropchild'), name: 'Child' });
    await restOne(db, db.jwt, '/report/delete', { id: parent.id });
    expect(await restOne(db, db.jwt, '/report/tree/get', { id: child.id, fields: ['statecode'] })).toEqual({ statecode: 'deleted' });
    await rest(db, db.jwt, '/report/drop', { id: parent.id });
    const { rows } = await db.kernel.query(`SELECT id FROM db.report_tree WHERE id IN ($1, $2)`, [parent.id, child.id]);
    expect(rows).toEqual([]);
  });

  it('refuses to drop a node that reports still use with ERR-400-120, keeping it', async () => {
    const used = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('used'), name: 'Used' });
    await restOne(db, db.jwt, '/report/set', { tree: used.id, form: fx.form.id, code: uniqueCode('user'), name: 'Uses the node' });
    await restOne(db, db.jwt, '/report/delete', { id: used.id });
    expect(await restError(db, db.jwt, '/report/drop', { id: used.id })).toMatchObject({ code: 400, error: 'ERR-400-120' });
    expect(await restOne(db, db.jwt, '/report/tree/get', { id: used.id, fields: ['statecode'] })).toEqual({ statecode: 'deleted' });
  });

  it('disables every descendant node when a node is disabled', async () => {
    const top = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: fx.root.id, code: uniqueCode('top'), name: 'Top' });
    const mid = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: top.id, code: uniqueCode('mid'), name: 'Mid' });
    const low = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: fx.root.id, node: mid.id, code: uniqueCode('low'), name: 'Low' });
    // References start enabled; disabling the top node carries down the tree.
    await restOne(db, db.jwt, '/report/disable', { id: top.id });
    const states = await rest(db, db.jwt, '/report/tree/list', { search: [{ field: 'id', valarr: [top.id, mid.id, low.id] }], fields: ['statecode'] });
    expect(states).toEqual([{ statecode: 'disabled' }, { statecode: 'disabled' }, { statecode: 'disabled' }]);
  });

  it('answers type, method, count, get and list', async () => {
    const types = await rest(db, db.jwt, '/report/tree/type', { fields: ['code'] });
    expect(types.map((row) => row.code).sort()).toEqual(['node.report_tree', 'report.report_tree', 'root.report_tree']);
    const methods = await rest(db, db.jwt, '/report/tree/method', { id: fx.node.id });
    expect(methods.map((row) => row.actioncode).sort()).toEqual(['delete', 'disable']);
    expect(await restOne(db, db.jwt, '/report/tree/count', { filter: { code: fx.node.code } })).toEqual({ count: 1 });
    expect(await restOne(db, db.jwt, '/report/tree/get', { id: fx.node.id, fields: ['code', 'level'] })).toEqual({ code: fx.node.code, level: 1 });
    expect(await rest(db, db.jwt, '/report/tree/list', { filter: { root: fx.root.id, level: 0 }, fields: ['id'] })).toEqual([{ id: fx.root.id }]);
  });

  it('refuses bad input on every path with a 4xx', async () => {
    expect(await restError(db, db.jwt, '/report/tree/type', { colour: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
    expect((await restError(db, db.jwt, '/report/tree/method', {})).code).toBe(400);
    expect((await restError(db, db.jwt, '/report/tree/count', { filter: [1] })).code).toBe(400);
    expect((await restError(db, db.jwt, '/report/tree/set', { code: uniqueCode('x'), name: 'X', sequence: 'first' })).error).toMatch(/^ERR-400-/);
    expect((await restError(db, db.jwt, '/report/tree/get', { id: 'not-a-uuid' })).error).toMatch(/^ERR-400-/);
    expect((await restError(db, db.jwt, '/report/tree/list', { orderby: ["code; DROP TABLE db.report_tree"] })).code).toBe(400);
    // A type code is looked up within the entity; a type id of another entity is IncorrectClassType.
    expect((await restError(db, db.jwt, '/report/tree/set', { type: 'json.report_form', code: uniqueCode('x'), name: 'X' })).error).toMatch(/^ERR-400-/);
    const { rows } = await db.kernel.query<{ id: string }>(`SELECT id FROM db.type WHERE code = 'json.report_form'`);
    expect(await restError(db, db.jwt, '/report/tree/set', { type: rows[0]?.id, code: uniqueCode('x'), name: 'X' })).toMatchObject({ code: 400, error: 'ERR-400-012' });
  });
});

describe('/report/form/*', () => {
  it('answers type, method, count, get, list and updates by set', async () => {
    expect((await rest(db, db.jwt, '/report/form/type', {})).map((row) => row.code)).toEqual(['json.report_form']);
    expect((await rest(db, db.jwt, '/report/form/method', { id: fx.form.id })).length).toBeGreaterThan(0);
    expect(await restOne(db, db.jwt, '/report/form/count', { filter: { id: fx.form.id } })).toEqual({ count: 1 });
    expect(await restOne(db, db.jwt, '/report/form/get', { id: fx.form.id, fields: ['definition'] })).toEqual({ definition: fx.form.definition });
    expect(await rest(db, db.jwt, '/report/form/list', { filter: { code: fx.form.code }, fields: ['id'] })).toEqual([{ id: fx.form.id }]);
    const renamed = await restOne(db, db.jwt, '/report/form/set', { id: fx.form.id, name: 'Renamed form' });
    expect(renamed).toMatchObject({ id: fx.form.id, name: 'Renamed form', definition: fx.form.definition });
  });

  it('builds the same form from the form id and from the report id', async () => {
    const byForm = await restOne(db, db.jwt, '/report/form/build', { id: fx.form.id, params: { greeting: 'hi' } });
    const byReport = await restOne(db, db.jwt, '/report/form/build', { id: fx.report.id, params: { greeting: 'hi' } });
    expect(byForm).toEqual({ form: fx.form.id, fields: [{ type: 'string', format: 'text', key: 'greeting', label: 'Greeting', value: 'hi' }] });
    expect(byReport).toEqual(byForm);
  });

  it('answers ERR-400-073 for an id that is neither a form nor a report', async () => {
    expect(await restError(db, db.jwt, '/report/form/build', { id: fx.routine.id })).toMatchObject({ code: 400, error: 'ERR-400-073' });
  });

  it('refuses params that are not an object and a form whose function does not exist', async () => {
    expect((await restError(db, db.jwt, '/report/form/build', { id: fx.form.id, params: 'x' })).code).toBe(400);
    const ghost = await restOne(db, db.jwt, '/report/form/set', { code: uniqueCode('ghost'), name: 'Ghost', definition: 'no_such_function' });
    expect(await restError(db, db.jwt, '/report/form/build', { id: ghost.id })).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('refuses a definition that is not a string', async () => {
    expect((await restError(db, db.jwt, '/report/form/set', { code: uniqueCode('f'), name: 'F', definition: { evil: true } })).code).toBe(400);
  });
});

describe('/report/*', () => {
  it('answers type, method, count, get and list, with the tree and form names', async () => {
    expect((await rest(db, db.jwt, '/report/type', { fields: ['code'] })).map((row) => row.code).sort()).toEqual(['export.report', 'import.report', 'object.report', 'report.report']);
    expect((await rest(db, db.jwt, '/report/method', { id: fx.report.id })).map((row) => row.actioncode).sort()).toEqual(['delete', 'disable']);
    expect(await restOne(db, db.jwt, '/report/count', { filter: { id: fx.report.id } })).toEqual({ count: 1 });
    const got = await restOne(db, db.jwt, '/report/get', { id: fx.report.id });
    expect(got).toMatchObject({ tree: fx.node.id, treecode: fx.node.code, form: fx.form.id, formcode: fx.form.code, typecode: 'report.report', binding: null });
    expect(await rest(db, db.jwt, '/report/list', { filter: { code: fx.report.code }, fields: ['id'] })).toEqual([{ id: fx.report.id }]);
  });

  it('keeps a report without a form out of get, list and set (upstream inner join)', async () => {
    const code = uniqueCode('formless');
    expect(await rest(db, db.jwt, '/report/set', { tree: fx.node.id, code, name: 'Formless' })).toEqual([]);
    expect(await rest(db, db.jwt, '/report/list', { filter: { code } })).toEqual([]);
    const { rows } = await db.kernel.query<{ id: string }>(`SELECT r.id FROM db.report r JOIN db.reference x ON x.id = r.id WHERE x.code = $1`, [code]);
    expect(rows).toHaveLength(1);
    expect(await rest(db, db.jwt, '/report/get', { id: rows[0]?.id })).toEqual([]);
  });

  it('lists and counts the reports bound to an object’s class or its ancestors', async () => {
    const bound = await restOne(db, db.jwt, '/report/set', {
      type: 'object', tree: fx.node.id, form: fx.form.id, binding: await classId('reference'), code: uniqueCode('bound'), name: 'Bound',
    });
    const unrelated = await restOne(db, db.jwt, '/report/set', {
      type: 'object', tree: fx.node.id, form: fx.form.id, binding: await classId('document'), code: uniqueCode('doc'), name: 'Doc only',
    });
    // A report tree node is a reference: reports bound to `reference` apply, `document` ones do not.
    const listed = await rest(db, db.jwt, '/report/object/list', { object: fx.node.id, fields: ['id'] });
    expect(listed.map((row) => row.id)).toContain(bound.id);
    expect(listed.map((row) => row.id)).not.toContain(unrelated.id);
    const counted = await restOne(db, db.jwt, '/report/object/count', { object: fx.node.id });
    expect(counted.count).toBe(listed.length);
    const { rows } = await db.kernel.query<{ id: string }>(`SELECT id FROM db.report WHERE binding = (SELECT id FROM db.class_tree WHERE code = 'reference')`);
    expect(rows.map((row) => row.id)).toContain(bound.id);
  });

  it('refuses /report/object/* without an object, or with an unknown one', async () => {
    expect(await restError(db, db.jwt, '/report/object/list', {})).toMatchObject({ code: 400 });
    expect(await restError(db, db.jwt, '/report/object/count', { object: '00000000-0000-4000-8000-00000000beef' })).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('builds a report into a ready report in state progress labelled with the report name', async () => {
    const ready = await build();
    expect(ready).toMatchObject({ report: fx.report.id, reportcode: fx.report.code, statecode: 'progress', label: fx.report.name, typecode: 'sync.report_ready', form: { greeting: 'hello' } });
  });

  it('refuses /report/build without an id, with an array body or with a form that is not an object', async () => {
    expect((await restError(db, db.jwt, '/report/build', { form: {} })).code).toBe(400);
    expect((await restError(db, db.jwt, '/report/build', [{ id: fx.report.id }])).code).toBe(400);
    expect((await restError(db, db.jwt, '/report/build', { id: fx.report.id, form: [1, 2] })).code).toBe(400);
    expect(await restError(db, db.jwt, '/report/build', { id: fx.form.id })).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('refuses bad set payloads with a 4xx and keeps an SQL-looking code as data', async () => {
    expect((await restError(db, db.jwt, '/report/set', { tree: 'nowhere', code: uniqueCode('x'), name: 'X' })).error).toMatch(/^ERR-400-/);
    expect((await restError(db, db.jwt, '/report/set', { tree: fx.node.id, form: fx.form.id, code: uniqueCode('x'), name: 'X', type: 'spaceship' })).code).toBe(400);
    const code = uniqueCode("x'); DROP TABLE db.report; --");
    const row = await restOne(db, db.jwt, '/report/set', { tree: fx.node.id, form: fx.form.id, code, name: 'Bobby', info: { a: 1 } });
    expect(row).toMatchObject({ code, info: { a: 1 } });
  });

  it('refuses a request with a bad token with a 4xx', async () => {
    const error = await restError(db, 'not-a-token', '/report/list');
    expect(error.code).toBeGreaterThanOrEqual(400);
    expect(error.code).toBeLessThan(500);
  });

  it('answers ERR-401-001 from every dispatcher called without a session, and ERR-400-090 for no path', async () => {
    await db.apibot.query(`SELECT set_config('current.session', '', false)`);
    for (const name of ['report', 'report_tree', 'report_form', 'report_routine', 'report_ready']) {
      await expect(db.apibot.query(`SELECT * FROM rest.${name}($1, null)`, [`/${name.replace('_', '/')}/list`])).rejects.toThrow(/^ERR-401-001/);
      await expect(db.apibot.query(`SELECT * FROM rest.${name}(null, null)`)).rejects.toThrow(/^ERR-400-090/);
    }
  });
});

async function classId(code: string): Promise<string> {
  const { rows } = await db.kernel.query<{ id: string }>(`SELECT id FROM db.class_tree WHERE code = $1`, [code]);
  return str(rows[0]?.id);
}

describe('/report/routine/*', () => {
  it('answers type, method, count, get and list', async () => {
    expect((await rest(db, db.jwt, '/report/routine/type', {})).map((row) => row.code)).toEqual(['plpgsql.report_routine']);
    expect((await rest(db, db.jwt, '/report/routine/method', [{ id: fx.routine.id }]))[0]).toMatchObject({ id: fx.routine.id, methods: expect.any(Array) });
    expect(await restOne(db, db.jwt, '/report/routine/count', { filter: { report: fx.report.id } })).toEqual({ count: 1 });
    expect(await restOne(db, db.jwt, '/report/routine/get', { id: fx.routine.id, fields: ['report', 'sequence'] })).toEqual({ report: fx.report.id, sequence: 1 });
    expect(await rest(db, db.jwt, '/report/routine/list', { filter: { report: fx.report.id }, fields: ['definition'] })).toEqual([{ definition: fx.routine.definition }]);
  });

  it('refuses a second routine with the same definition for a report with a 400', async () => {
    const error = await restError(db, db.jwt, '/report/routine/set', { report: fx.report.id, code: uniqueCode('dup'), name: 'Dup', definition: fx.routine.definition });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-027' });
  });

  it('refuses a routine without a report or with a malformed sequence', async () => {
    expect((await restError(db, db.jwt, '/report/routine/set', { code: uniqueCode('x'), name: 'X', definition: 'rpc_x' })).code).toBe(400);
    expect((await restError(db, db.jwt, '/report/routine/set', { report: fx.report.id, code: uniqueCode('x'), definition: 'rpc_y', sequence: 1.5 })).code).toBe(400);
  });
});

describe('/report/ready/*', () => {
  it('creates through set and answers type, count, get and list', async () => {
    const ready = await restOne(db, db.jwt, '/report/ready/set', { report: fx.report.id, form: { greeting: 'set' }, label: 'By set' });
    expect(ready).toMatchObject({ statecode: 'progress', label: 'By set', form: { greeting: 'set' }, entitycode: 'report_ready' });
    expect((await rest(db, db.jwt, '/report/ready/type', { fields: ['code'] })).map((row) => row.code).sort()).toEqual(['async.report_ready', 'sync.report_ready']);
    expect(await restOne(db, db.jwt, '/report/ready/count', { filter: { id: ready.id } })).toEqual({ count: 1 });
    expect(await restOne(db, db.jwt, '/report/ready/get', { id: ready.id, fields: ['label', 'area'] })).toMatchObject({ label: 'By set' });
    expect(await rest(db, db.jwt, '/report/ready/list', { filter: { report: fx.report.id, label: 'By set' }, fields: ['id'] })).toEqual([{ id: ready.id }]);
  });

  it('offers complete, fail and cancel in progress, the first two invisible', async () => {
    const ready = await build();
    const methods = await rest(db, db.jwt, '/report/ready/method', { id: ready.id });
    expect(methods.map((row) => [row.actioncode, row.visible])).toEqual([
      ['complete', false],
      ['fail', false],
      ['cancel', true],
    ]);
  });

  it('refuses to change a completed ready report with ERR-400-036', async () => {
    const ready = await build();
    await asBot('SELECT * FROM api.execute_report_ready($1)', [ready.id]);
    expect((await readyState(db, ready.id)).statecode).toBe('completed');
    expect(await restError(db, db.jwt, '/report/ready/set', { id: ready.id, label: 'Changed' })).toMatchObject({ code: 400, error: 'ERR-400-036' });
  });

  it('refuses an unknown report, a form that is not an object and unknown keys', async () => {
    expect(await restError(db, db.jwt, '/report/ready/set', { report: '00000000-0000-4000-8000-00000000beef' })).toMatchObject({ code: 400, error: 'ERR-400-030' });
    expect((await restError(db, db.jwt, '/report/ready/set', { report: fx.report.id, form: 'text' })).code).toBe(400);
    expect(await restError(db, db.jwt, '/report/ready/list', { colour: 'red' })).toMatchObject({ code: 400, error: 'ERR-400-061' });
  });

  it('runs a workflow action through /report/<action> and ends /report/ready/<action> in ERR-400-091', async () => {
    const ready = await build();
    await restOne(db, db.jwt, '/report/cancel', { id: ready.id });
    expect((await readyState(db, ready.id)).statecode).toBe('canceled');
    expect(await restError(db, db.jwt, '/report/ready/abort', { id: ready.id })).toMatchObject({ code: 400, error: 'ERR-400-091' });
  });
});

describe('NOTIFY report', () => {
  let listener: pg.Client;
  const heard: { channel: string; payload: string }[] = [];

  beforeAll(async () => {
    listener = await db.connect();
    listener.on('notification', (message) => heard.push({ channel: message.channel, payload: message.payload ?? '' }));
    await listener.query('LISTEN report');
  });

  async function heardFor(id: unknown): Promise<Json[]> {
    // A round trip on the listener delivers what was queued before it.
    await listener.query('SELECT 1');
    return heard.filter((item) => item.channel === 'report').map((item) => JSON.parse(item.payload) as Json).filter((payload) => payload.id === id);
  }

  it('announces a built report with exactly {session, id} of the requester', async () => {
    const ready = await build();
    expect(await heardFor(ready.id)).toEqual([{ session: db.session, id: ready.id }]);
  });

  it('announces a re-execution from completed', async () => {
    const ready = await build();
    await asBot('SELECT * FROM api.execute_report_ready($1)', [ready.id]);
    await restOne(db, db.jwt, '/report/execute', { id: ready.id });
    expect((await readyState(db, ready.id)).statecode).toBe('progress');
    expect(await heardFor(ready.id)).toHaveLength(2);
  });

  it('stores the request’s trace context on the ready report and adds it to the payload only then', async () => {
    const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await db.daemon.query(`SELECT set_config('pgfleet.traceparent', $1, false)`, [trace]);
    let traced: Json;
    try {
      traced = await build();
    } finally {
      await db.daemon.query(`SELECT set_config('pgfleet.traceparent', '', false)`);
    }
    const plain = await build();
    const payload = async (id: unknown): Promise<Json> => {
      const { rows } = await db.kernel.query<{ p: string }>(`SELECT kernel.ReportReadyNotifyPayload($1) AS p`, [id]);
      return JSON.parse(str(rows[0]?.p)) as Json;
    };
    const { rows } = await db.kernel.query<{ traceparent: string | null }>(`SELECT traceparent FROM db.report_ready WHERE id = $1`, [traced.id]);
    expect(rows[0]?.traceparent).toBe(trace);
    expect(await payload(traced.id)).toEqual({ session: null, id: traced.id, traceparent: trace });
    expect(await payload(plain.id)).toEqual({ session: null, id: plain.id });
  });
});

describe('the report worker’s contract', () => {
  it('finds a built report by poll and check, runs it, and leaves it completed with its output', async () => {
    const ready = await build(fx.report.id, { greeting: '<b>hi</b>' });
    const polled = await asBot<{ id: string; statecode: string; typecode: string }>(`SELECT * FROM api.report_ready('enabled') ORDER BY created`);
    expect(polled).toEqual(expect.arrayContaining([expect.objectContaining({ id: ready.id, statecode: 'progress', typecode: 'sync.report_ready' })]));
    const checked = await asBot<{ id: string; statecode: string }>(`SELECT id, statecode FROM api.get_report_ready($1::uuid)`, [ready.id]);
    expect(checked).toEqual([{ id: ready.id, statecode: 'progress' }]);

    await asBot('SELECT * FROM api.execute_report_ready($1::uuid)', [ready.id]);

    expect((await readyState(db, ready.id)).statecode).toBe('completed');
    expect(await objectFiles(db, ready.id)).toEqual({ [`/report_ready/${String(ready.id)}/index.html`]: '<p><b>hi</b></p>' });
    const after = await asBot<{ id: string }>(`SELECT * FROM api.report_ready('enabled')`);
    expect(after.map((row) => row.id)).not.toContain(ready.id);
    const closed = await asBot<{ id: string }>(`SELECT * FROM api.report_ready('disabled')`);
    expect(closed.map((row) => row.id)).toContain(ready.id);
  });

  it('runs the routines in sequence order, not creation order', async () => {
    const code = uniqueCode('seq');
    await defineRoutine(db.kernel, `rpc_${code}_b`, 'B', true);
    await defineRoutine(db.kernel, `rpc_${code}_a`, 'A', false);
    const report = await restOne(db, db.jwt, '/report/set', { tree: fx.node.id, form: fx.form.id, code, name: 'Sequenced' });
    await restOne(db, db.jwt, '/report/routine/set', { report: report.id, code: `${code}_b`, name: 'B', definition: `rpc_${code}_b`, sequence: 2 });
    await restOne(db, db.jwt, '/report/routine/set', { report: report.id, code: `${code}_a`, name: 'A', definition: `rpc_${code}_a`, sequence: 1 });
    const ready = await build(report.id);
    await db.apibot.query(`SELECT set_config('report_test.order', '', false)`);
    await asBot('SELECT * FROM api.execute_report_ready($1::uuid)', [ready.id]);
    const { rows } = await db.apibot.query<{ order: string }>(`SELECT current_setting('report_test.order') AS order`);
    expect(rows[0]?.order).toBe('AB');
    expect((await readyState(db, ready.id)).statecode).toBe('completed');
  });

  it('rolls back a routine that throws; the worker then fails the document and labels it with the error', async () => {
    const code = uniqueCode('boom');
    await defineFailingRoutine(db.kernel, `rpc_${code}`);
    const report = await restOne(db, db.jwt, '/report/set', { tree: fx.node.id, form: fx.form.id, code, name: 'Boom' });
    await restOne(db, db.jwt, '/report/routine/set', { report: report.id, code, name: 'Boom', definition: `rpc_${code}` });
    const ready = await build(report.id);

    let message = '';
    try {
      await asBot('SELECT * FROM api.execute_report_ready($1::uuid)', [ready.id]);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('printer on fire');
    expect((await readyState(db, ready.id)).statecode).toBe('progress');

    await asBot(`SELECT * FROM api.execute_object_action($1::uuid, 'fail')`, [ready.id]);
    await asBot(`SELECT * FROM api.set_object_label($1::uuid, $2)`, [ready.id, message]);
    const got = await restOne(db, db.jwt, '/report/ready/get', { id: ready.id, fields: ['statecode', 'label'] });
    expect(got).toEqual({ statecode: 'failed', label: message });
  });

  it('sees a canceled report in the poll and aborts it', async () => {
    const ready = await build();
    await restOne(db, db.jwt, '/report/cancel', { id: ready.id });
    const polled = await asBot<{ id: string; statecode: string }>(`SELECT * FROM api.report_ready('enabled')`);
    expect(polled.find((row) => row.id === ready.id)?.statecode).toBe('canceled');
    await asBot(`SELECT * FROM api.execute_object_action($1::uuid, 'abort')`, [ready.id]);
    expect((await readyState(db, ready.id)).statecode).toBe('aborted');
  });

  it('refuses an unknown state type in the poll with a 400', async () => {
    await expect(asBot(`SELECT * FROM api.report_ready('sideways')`)).rejects.toThrow(/ERR-400-/);
  });
});

describe('select lists for form functions', () => {
  it('lists types, states, enabled references and running documents as {value, label}', async () => {
    const { rows } = await db.kernel.query<{ types: Json[]; states: Json[]; trees: Json[]; ready: Json[] }>(`
      SELECT kernel.GetForReportTypeJson(kernel.GetEntity('report')) AS types,
             kernel.GetForReportStateJson(kernel.GetClass('report_ready')) AS states,
             kernel.GetForReportReferenceJson(kernel.GetEntity('report_tree')) AS trees,
             kernel.GetForReportDocumentJson(kernel.GetEntity('report_ready'), null, 10000) AS ready`);
    const row = rows[0];
    expect(row?.types).toHaveLength(4);
    expect(row?.states).toHaveLength(7);
    expect(row?.trees.map((item) => item.value)).toContain(fx.node.id);
    const running = await build();
    const again = await db.kernel.query<{ ready: Json[] }>(`SELECT kernel.GetForReportDocumentJson(kernel.GetEntity('report_ready'), null, 10000) AS ready`);
    expect(again.rows[0]?.ready.map((item) => item.value)).toContain(running.id);
    expect(Object.keys(row?.types[0] ?? {}).sort()).toEqual(['label', 'value']);
  });
});

describe('dropping a report', () => {
  it('walks its ready reports and routines through their workflows and removes them', async () => {
    const code = uniqueCode('gone');
    await defineRoutine(db.kernel, `rpc_${code}`, '', true);
    const report = await restOne(db, db.jwt, '/report/set', { tree: fx.node.id, form: fx.form.id, code, name: 'Gone' });
    const routine = await restOne(db, db.jwt, '/report/routine/set', { report: report.id, code, name: 'Gone', definition: `rpc_${code}` });
    const running = await build(report.id);
    const done = await build(report.id);
    await asBot('SELECT * FROM api.execute_report_ready($1::uuid)', [done.id]);

    await restOne(db, db.jwt, '/report/delete', { id: report.id });
    await rest(db, db.jwt, '/report/drop', { id: report.id });

    const { rows } = await db.kernel.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM db.report WHERE id = $1)::int + (SELECT count(*) FROM db.report_routine WHERE id = $2)::int
            + (SELECT count(*) FROM db.report_ready WHERE id IN ($3, $4))::int + (SELECT count(*) FROM db.object WHERE id IN ($1, $2, $3, $4))::int AS n`,
      [report.id, routine.id, running.id, done.id],
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('access', () => {
  it('hides a ready report from a user without select permission', async () => {
    const ready = await build();
    const user = await plainUser(db);
    expect(await rest(db, user.jwt, '/report/ready/get', { id: ready.id })).toEqual([]);
    expect(await restOne(db, user.jwt, '/report/ready/count', { filter: { id: ready.id } })).toEqual({ count: 0 });
  });

  it('gives the services no direct access to schema report', async () => {
    await expect(db.apibot.query(`SELECT report.rfc_identifier_form(null)`)).rejects.toThrow(/permission denied/);
    await expect(db.daemon.query(`SELECT report.rfc_identifier_form(null)`)).rejects.toThrow(/permission denied/);
  });
});

describe('catalogue', () => {
  it('answers an unknown key with ERR-400-061 on every catalogued path', async () => {
    const { rows } = await db.kernel.query<{ path: string }>(`SELECT path FROM db.rest_catalog WHERE module = 'report' ORDER BY path`);
    for (const { path } of rows) {
      const error = await restError(db, db.jwt, path, { colour: 'red' });
      expect([path, error.error]).toEqual([path, 'ERR-400-061']);
    }
  });

  it('registers the 34 REST paths of the module', async () => {
    const { rows } = await db.kernel.query<{ path: string }>(`SELECT path FROM db.rest_catalog WHERE module = 'report' ORDER BY path`);
    expect(rows).toHaveLength(34);
    expect(rows.map((row) => row.path)).toEqual(expect.arrayContaining(['/report/build', '/report/object/count', '/report/object/list', '/report/form/build', '/report/ready/method']));
  });
});
