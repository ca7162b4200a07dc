import type { Pool } from '@pgfleet/db';

// A REST dispatcher that exists only in the test's own database: it echoes the
// payload the service built and answers the shapes the platform's own routes
// rarely produce (no rows, several rows, #raw, error codes).
const FIXTURE_SQL = `
SET search_path = kernel, public;
CREATE FUNCTION rest.apptest(pPath text, pPayload jsonb) RETURNS SETOF json AS $$
BEGIN
  CASE pPath
  WHEN '/apptest/echo' THEN RETURN NEXT json_build_object('payload', pPayload);
  WHEN '/apptest/none' THEN RETURN;
  WHEN '/apptest/rows' THEN RETURN NEXT '{"n":1}'::json; RETURN NEXT null::json; RETURN NEXT '{"n":3}'::json;
  WHEN '/apptest/raw' THEN
    RETURN NEXT json_build_object('#raw', json_build_object('#status', 201, '#content_type', 'image/png',
      '#data', encode('\\x89504e470d0a1a0a00ff'::bytea, 'base64')));
  WHEN '/apptest/rawdefault' THEN
    RETURN NEXT json_build_object('#raw', json_build_object('#data', encode('abc'::bytea, 'base64')));
  WHEN '/apptest/ok2xx' THEN RETURN NEXT '{"error":{"code":201,"message":"Created"}}'::json;
  WHEN '/apptest/notfound' THEN RETURN NEXT '{"error":{"code":404,"error":"ERR-404-001","message":"nothing"}}'::json;
  WHEN '/apptest/legacy' THEN RETURN NEXT '{"error":{"code":40301,"message":"legacy forbidden"}}'::json;
  WHEN '/apptest/negative' THEN RETURN NEXT '{"error":{"code":-1,"message":"negative"}}'::json;
  WHEN '/apptest/conflict' THEN RETURN NEXT '{"error":{"code":409,"message":"conflict"}}'::json;
  WHEN '/apptest/crash' THEN RETURN NEXT '{"error":{"code":500,"message":"crash"}}'::json;
  WHEN '/apptest/errors' THEN
    RETURN NEXT '{"error":{"code":404,"message":"a"}}'::json; RETURN NEXT '{"error":{"code":404,"message":"b"}}'::json;
  ELSE RETURN NEXT json_build_object('error', json_build_object('code', 400, 'message', 'unknown fixture ' || pPath));
  END CASE;
END $$ LANGUAGE plpgsql;
SELECT EnsureRoute('apptest', 'apptest');
`;

export async function installFixtures(admin: Pool): Promise<void> {
  await admin.query(FIXTURE_SQL);
}
