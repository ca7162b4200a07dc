// Helpers of the report tests: a test database with an administrator's token
// and session, REST calls as the app service makes them (role daemon),
// routines written into schema `report` as a configuration would, and a
// report fixture (tree node, form, report, routine) built through REST.
import type pg from 'pg';
import { openSubclassDatabase, plainUser, rest, restError, restOne, signIn, str, uniqueCode, type Json, type SubclassDb } from './subclass-support.js';

export { plainUser, rest, restError, restOne, str, uniqueCode, type Json, type SubclassDb };

export interface ReportDb extends SubclassDb {
  /** Token and session code of a separate administrator sign-in. */
  jwt: string;
  session: string;
}

export async function openReportDatabase(prefix: string): Promise<ReportDb> {
  const db = await openSubclassDatabase(prefix);
  const answer = await signIn(db.daemon, 'admin', 'admin');
  return Object.assign(db, { jwt: str(answer.access_token), session: str(answer.session) });
}

/** A routine that appends `mark` to the session setting report_test.order (run order) and, when `complete`, stores index.html and completes. */
export async function defineRoutine(kernel: pg.Client, name: string, mark: string, complete: boolean): Promise<void> {
  await kernel.query(`
    CREATE OR REPLACE FUNCTION report.${name} (pReady uuid, pForm jsonb DEFAULT null) RETURNS void
    AS $fn$
    BEGIN
      PERFORM set_config('report_test.order', coalesce(current_setting('report_test.order', true), '') || '${mark}', false);
      IF ${complete ? 'true' : 'false'} THEN
        PERFORM kernel.ReportSetFile(pReady, 'index.html', '<p>' || coalesce(pForm->>'greeting', '') || '</p>', 'Test', 'data:text/html;base64,');
        PERFORM kernel.DoAction(pReady, 'complete');
      END IF;
    END;
    $fn$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp`);
}

/** A routine that lets an exception escape (the worker's failure path). */
export async function defineFailingRoutine(kernel: pg.Client, name: string): Promise<void> {
  await kernel.query(`
    CREATE OR REPLACE FUNCTION report.${name} (pReady uuid, pForm jsonb DEFAULT null) RETURNS void
    AS $fn$ BEGIN RAISE EXCEPTION 'printer on fire'; END; $fn$ LANGUAGE plpgsql`);
}

export async function defineForm(kernel: pg.Client, name: string): Promise<void> {
  await kernel.query(`
    CREATE OR REPLACE FUNCTION report.${name} (pForm uuid, pParams json DEFAULT null) RETURNS json
    AS $fn$
      SELECT json_build_object('form', pForm, 'fields', json_build_array(
        json_build_object('type', 'string', 'format', 'text', 'key', 'greeting', 'label', 'Greeting', 'value', pParams->>'greeting')));
    $fn$ LANGUAGE sql`);
}

export interface ReportFixture {
  root: Json;
  node: Json;
  form: Json;
  report: Json;
  routine: Json;
}

/** Root → node → report with one form and one completing routine. */
export async function reportFixture(db: ReportDb): Promise<ReportFixture> {
  const tag = uniqueCode('r');
  await defineForm(db.kernel, `rfc_${tag}`);
  await defineRoutine(db.kernel, `rpc_${tag}`, '', true);
  const root = await restOne(db, db.jwt, '/report/tree/set', { type: 'root', code: `root_${tag}`, name: 'Root' });
  const node = await restOne(db, db.jwt, '/report/tree/set', { type: 'node', root: root.id, node: root.id, code: `node_${tag}`, name: 'Node' });
  const form = await restOne(db, db.jwt, '/report/form/set', { code: `rfc_${tag}`, name: 'Form', definition: `rfc_${tag}` });
  const report = await restOne(db, db.jwt, '/report/set', { tree: node.id, form: form.id, code: tag, name: `Report ${tag}`, description: 'A test report' });
  const routine = await restOne(db, db.jwt, '/report/routine/set', { report: report.id, code: `rpc_${tag}`, name: 'Routine', definition: `rpc_${tag}` });
  return { root, node, form, report, routine };
}

/** The state code and label of a ready report, read as the kernel. */
export async function readyState(db: ReportDb, id: unknown): Promise<{ statecode: string; label: string | null }> {
  const { rows } = await db.kernel.query<{ statecode: string; label: string | null }>(
    `SELECT kernel.GetObjectStateCode($1) AS statecode, kernel.GetObjectLabel($1) AS label`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`no ready report ${String(id)}`);
  return row;
}

/** Name → content of the files attached to an object. */
export async function objectFiles(db: ReportDb, id: unknown): Promise<Record<string, string>> {
  const { rows } = await db.kernel.query<{ name: string; path: string; content: string }>(
    `SELECT f.name, f.path, convert_from(f.data, 'UTF8') AS content
       FROM db.object_file o JOIN db.file f ON f.id = o.file WHERE o.object = $1`,
    [id],
  );
  return Object.fromEntries(rows.map((row) => [`${row.path}${row.name}`, row.content]));
}
