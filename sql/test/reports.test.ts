// Built-in report functions (25-reports), wired the way a configuration does
// (§2): an object-info report bound to every class, user and session lists
// under an administration node; forms built and reports run through REST and
// the worker's calls.
import {
  objectFiles,
  openReportDatabase,
  readyState,
  rest,
  restOne,
  str,
  uniqueCode,
  type Json,
  type ReportDb,
} from './report-support.js';
import { token } from './api-support.js';

let db: ReportDb;
let objectInfo: Json;
let userList: Json;
let sessionList: Json;

beforeAll(async () => {
  db = await openReportDatabase('reports');
  const tag = uniqueCode('cfg');
  // The configuration's report initialisation, as role kernel acting as admin.
  const { rows } = await db.kernel.query<{ info: string; users: string; sessions: string }>(`
    WITH ctx AS (SELECT kernel.SetCurrentUserId('00000000-0000-4000-a001-000000000001'::uuid) AS u,
                        kernel.SetCurrentArea('00000000-0000-4003-a001-000000000001'::uuid) AS a),
         root AS (SELECT kernel.CreateReportTree(null, kernel.GetType('root.report_tree'), null, null, $1 || '_root', 'Report tree') AS id FROM ctx),
         form AS (SELECT kernel.CreateReportForm(null, kernel.GetType('json.report_form'), $1 || '_rfc_identifier_form', 'Object identifier form', 'rfc_identifier_form') AS id FROM ctx),
         info AS (SELECT kernel.InitObjectReport(null, root.id, form.id, kernel.GetClass('object'), 'object_info', 'Object info') AS id FROM root, form),
         node AS (SELECT kernel.CreateReportTree(null, kernel.GetType('node.report_tree'), root.id, root.id, $1 || '_admin', 'Administration') AS id FROM root),
         users AS (SELECT kernel.InitReport(null, kernel.GetType('report.report'), node.id, 'user_list', 'Users') AS id FROM node),
         sessions AS (SELECT kernel.InitReport(null, kernel.GetType('report.report'), node.id, 'session_list', 'Sessions') AS id FROM node, users)
    SELECT info.id AS info, users.id AS users, sessions.id AS sessions FROM info, users, sessions`, [tag]);
  const row = rows[0];
  if (row === undefined) throw new Error('report initialisation returned nothing');
  objectInfo = { id: row.info };
  userList = { id: row.users };
  sessionList = { id: row.sessions };
});

afterAll(async () => {
  await db?.close();
});

/** Build through REST, then run as the worker does (bot session, apibot). */
async function run(report: Json, form: Json): Promise<{ id: string; state: string; files: Record<string, string> }> {
  const ready = await restOne(db, db.jwt, '/report/build', { id: report.id, form });
  const answer = await token(db.daemon, 'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', { grant_type: 'client_credentials' });
  await db.apibot.query('SELECT * FROM api.authorize($1)', [str(answer.session)]);
  await db.apibot.query('SELECT * FROM api.execute_report_ready($1::uuid)', [ready.id]);
  const id = str(ready.id);
  return { id, state: (await readyState(db, id)).statecode, files: await objectFiles(db, id) };
}

function file(files: Record<string, string>, id: string, name: RegExp): string {
  const key = Object.keys(files).find((path) => path.startsWith(`/report_ready/${id}/`) && name.test(path.slice(`/report_ready/${id}/`.length)));
  if (key === undefined) throw new Error(`no file ${String(name)} in ${JSON.stringify(Object.keys(files))}`);
  return files[key] ?? '';
}

async function withLocale<T>(code: string, action: () => Promise<T>): Promise<T> {
  await db.kernel.query(`SELECT kernel.SetSessionLocale($1::text, $2)`, [code, db.session]);
  try {
    return await action();
  } finally {
    await db.kernel.query(`SELECT kernel.SetSessionLocale('ru'::text, $1)`, [db.session]);
  }
}

describe('form functions', () => {
  it('labels the identifier field in Russian for ru and in English otherwise', async () => {
    const ru = await withLocale('ru', () => restOne(db, db.jwt, '/report/form/build', { id: objectInfo.id }));
    expect(ru.fields).toEqual([{ type: 'string', format: 'uuid', key: 'identifier', label: 'Идентификатор' }]);
    const de = await withLocale('de', () => restOne(db, db.jwt, '/report/form/build', { id: objectInfo.id }));
    expect(de.fields).toEqual([{ type: 'string', format: 'uuid', key: 'identifier', label: 'Identifier' }]);
  });

  it('offers the import file fields, single and multiple', async () => {
    const { rows } = await db.kernel.query<{ one: Json; many: Json }>(
      `SELECT report.rfc_import_file(null) AS one, report.rfc_import_files(null) AS many`,
    );
    expect((rows[0]?.one.fields as Json[])[0]).toMatchObject({ type: 'file', format: 'JSON', key: 'files' });
    expect((rows[0]?.one.fields as Json[])[0]).not.toHaveProperty('multiple');
    expect((rows[0]?.many.fields as Json[])[0]).toMatchObject({ type: 'file', key: 'files', multiple: true });
  });

  it('narrows the user select to the members of the chosen group and defaults the status to 3', async () => {
    const all = await restOne(db, db.jwt, '/report/form/build', { id: userList.id });
    const [group, users, status] = all.fields as Json[];
    expect(group).toMatchObject({ key: 'groupid', type: 'select', mutable: true });
    expect(status).toMatchObject({ key: 'status', value: 3 });
    expect((status?.data as Json[]).map((item) => item.value)).toEqual([15, 3, 1, 2, 4, 8]);
    const everyone = (users?.data as Json[]).map((item) => item.value);
    expect(everyone).toContain('00000000-0000-4000-a001-000000000001');

    const admins = await restOne(db, db.jwt, '/report/form/build', { id: userList.id, params: { groupid: '00000000-0000-4000-a000-000000000001' } });
    const members = ((admins.fields as Json[])[1]?.data as Json[]).map((item) => item.value);
    const { rows } = await db.kernel.query<{ member: string }>(`SELECT member FROM db.member_group WHERE userid = '00000000-0000-4000-a000-000000000001'`);
    expect(members.sort()).toEqual(rows.map((row) => row.member).sort());
    expect(members.length).toBeLessThan(everyone.length);
  });

  it('answers a malformed group id in the form params with a 400', async () => {
    const answer = await rest(db, db.jwt, '/report/form/build', { id: sessionList.id, params: { groupid: 'nope' } });
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatchObject({ error: { code: 400 } });
  });
});

describe('rpc_object_info', () => {
  it('tabulates the Object view row of a visible object and completes', async () => {
    const { id, state, files } = await run(objectInfo, { identifier: objectInfo.id });
    expect(state).toBe('completed');
    const page = file(files, id, /^index\.html$/);
    expect(page).toContain('<table class="table table-bordered">');
    expect(page).toContain('<td>classcode</td><td>report</td>');
    expect(page).toContain(`<td>id</td><td>${String(objectInfo.id)}</td>`);
  });

  it('writes a "No data" row for an id that is not in the Object view, still completing', async () => {
    const { id, state, files } = await run(objectInfo, { identifier: '00000000-0000-4000-8000-00000000beef' });
    expect(state).toBe('completed');
    expect(file(files, id, /^index\.html$/)).toMatch(/Нет данных|No data/);
  });

  it('fails on an identifier that is not a uuid and leaves the error page as index.html', async () => {
    const { id, state, files } = await run(objectInfo, { identifier: "x'; DROP TABLE db.object; --" });
    expect(state).toBe('failed');
    const page = file(files, id, /^index\.html$/);
    expect(page).toContain('invalid input syntax for type uuid');
    expect(page).toContain('<pre>');
    expect(page).not.toContain("<script");
    const { rows } = await db.kernel.query<{ text: string }>(`SELECT f.text FROM db.object_file o JOIN db.file f ON f.id = o.file WHERE o.object = $1 AND f.name = 'index.html'`, [id]);
    expect(rows[0]?.text).toBe('exception');
  });
});

describe('rpc_user_list', () => {
  it('lists the users of the status mask as HTML and as CSV with as many fields per row as the header', async () => {
    const { id, state, files } = await run(userList, { status: 15 });
    expect(state).toBe('completed');
    expect(file(files, id, /^index\.html$/)).toContain('<td>admin</td>');
    const csv = file(files, id, /^user_\d{8}_\d{6}\.csv$/);
    const lines = csv.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe('status;username;name;email;phone;description;created;host;input_last;input_count;input_error');
    expect(lines.length).toBeGreaterThan(1);
    const admin = lines.find((line) => line.split(';')[1] === 'admin');
    expect(admin?.split(';')).toHaveLength(11);
  });

  it('lists nobody when the form carries no status (status & NULL)', async () => {
    const { id, state, files } = await run(userList, {});
    expect(state).toBe('completed');
    const lines = file(files, id, /^user_.*\.csv$/).split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
  });

  it('keeps to the members of the chosen group', async () => {
    const { id, files } = await run(userList, { status: 15, groupid: '00000000-0000-4000-a000-000000000002' });
    const names = file(files, id, /^user_.*\.csv$/).split('\r\n').slice(1).filter((line) => line !== '').map((line) => line.split(';')[1]);
    expect(names).not.toContain('admin');
    expect(file(files, id, /^index\.html$/)).toMatch(/Группа: |Group: /);
  });
});

describe('rpc_session_list', () => {
  it('lists sessions with the code abbreviated to 8 + ... + 8 characters', async () => {
    const { id, state, files } = await run(sessionList, { status: 15, userid: '00000000-0000-4000-a001-000000000001' });
    expect(state).toBe('completed');
    const csv = file(files, id, /^session_\d{8}_\d{6}\.csv$/);
    const lines = csv.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe('session;username;name;email;phone;description;created;updated;host;status');
    const short = `${db.session.slice(0, 8)}...${db.session.slice(31, 39)}`;
    expect(lines.some((line) => line.startsWith(`${short};admin;`))).toBe(true);
    expect(csv).not.toContain(db.session);
  });
});
