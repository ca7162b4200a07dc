// daemon.session_fetch admits a session and its secret in one statement that
// writes nothing, falling back to Authenticate whenever that statement does
// not admit the call. These tests hold every refusal to the answer of the
// original function (Authenticate on every call), kept here as a reference,
// and check that the fast path writes no row while Authenticate's rotation of
// the authorization code still happens once the session's statistics are due.
import type pg from 'pg';
import { createUser, errorOf, openDatabase, rows, sessionFetch, signIn, str, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

// daemon.session_fetch as it was before the fast path existed.
const referenceFetch = `
CREATE SCHEMA session_path_ref;
CREATE FUNCTION session_path_ref.session_fetch(pSession text, pSecret text, pMethod text, pPath text,
  pPayload jsonb, pAgent text, pHost inet)
RETURNS SETOF json AS $$
DECLARE
  vMessage text;
  vContext text;
  vState   text;
BEGIN
  pPath := lower(pPath);
  IF Authenticate(pSession, pSecret, pAgent, pHost) IS NULL THEN
    RETURN NEXT DaemonError(RaisedText('AuthenticateError', GetErrorMessage()));
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM api.run(pMethod, pPath, CASE WHEN jsonb_typeof(pPayload) = 'object' THEN DaemonPayload(pPath, pPayload, pAgent, pHost) ELSE pPayload END);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
GRANT USAGE ON SCHEMA session_path_ref TO daemon;
GRANT EXECUTE ON FUNCTION session_path_ref.session_fetch(text, text, text, text, jsonb, text, inet) TO daemon;
`;

beforeAll(async () => {
  db = await openDatabase('sessionpath');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  await kernel.query(referenceFetch);
});

afterAll(async () => {
  await db.close();
});

type Session = { id: string; username: string; session: string; secret: string };

async function signedInUser(): Promise<Session> {
  const user = await createUser(kernel);
  const answer = await signIn(daemon, user.username, user.password);
  return { id: user.id, username: user.username, session: str(answer.session), secret: str(answer.secret) };
}

function originalFetch(session: string, secret: string, path: string, payload: unknown = null): Promise<Json[]> {
  return rows(daemon, `SELECT * FROM session_path_ref.session_fetch($1, $2, 'POST', $3, $4::jsonb, 'jest', '127.0.0.1')`, [
    session,
    secret,
    path,
    payload === null ? null : JSON.stringify(payload),
  ]);
}

/** What a session's row holds that Authenticate writes: its xmin, authorization code token and statistics stamp. */
async function rowOf(session: string): Promise<{ xmin: string; token: string; updated: string } | undefined> {
  const { rows: [row] } = await kernel.query<{ xmin: string; token: string; updated: string }>(
    `SELECT xmin::text AS xmin, token::text AS token, updated::text AS updated FROM db.session WHERE code = $1`,
    [session],
  );
  return row;
}

const whoami = { fields: ['userid'] };

/** A /whoami answer without what the session statistics write (session updated and host, profile input_last and lc_ip). */
function withoutStatistics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStatistics);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !['updated', 'host', 'input_last', 'lc_ip'].includes(key))
      .map(([key, inner]) => [key, withoutStatistics(inner)]),
  );
}

describe('daemon.session_fetch fast path', () => {
  it('answers a session with its secret as Authenticate did, and writes no row', async () => {
    const user = await signedInUser();
    const before = await rowOf(user.session);
    expect(await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami)).toEqual([{ userid: user.id }]);
    const [kept] = await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami');
    expect(kept).toMatchObject({ userid: user.id });
    expect(await sessionFetch(daemon, user.session, user.secret, '/api/v1/ping')).toEqual([{ error: { code: 200, message: 'OK' } }]);
    expect(await rowOf(user.session)).toEqual(before);
    // the same answers as the original function, which rotates the code
    expect(await originalFetch(user.session, user.secret, '/api/v1/whoami', whoami)).toEqual([{ userid: user.id }]);
    const [full] = await originalFetch(user.session, user.secret, '/api/v1/whoami');
    // apart from the statistics, which the fast path defers (at most a minute)
    expect(withoutStatistics(full)).toEqual(withoutStatistics(kept));
    expect((await rowOf(user.session))?.token).not.toBe(before?.token);
    // the fast path's requests are logged under the session and its user
    const { rows: logged } = await kernel.query<{ username: string; path: string }>(
      `SELECT username, path FROM db.api_log WHERE session = $1 ORDER BY id LIMIT 3`,
      [user.session],
    );
    expect(logged).toEqual([
      { username: user.username, path: '/whoami' },
      { username: user.username, path: '/whoami' },
      { username: user.username, path: '/ping' },
    ]);
  });

  it('goes through Authenticate once the statistics are due: the code is rotated and the stamp moved', async () => {
    const user = await signedInUser();
    await kernel.query(`UPDATE db.session SET updated = now() - interval '2 minutes' WHERE code = $1`, [user.session]);
    const due = await rowOf(user.session);
    expect(await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami)).toEqual([{ userid: user.id }]);
    const after = await rowOf(user.session);
    expect(after?.token).not.toBe(due?.token);
    expect(after?.updated).not.toBe(due?.updated);
    // and the calls after it take the fast path again
    expect(await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami)).toEqual([{ userid: user.id }]);
    expect(await rowOf(user.session)).toEqual(after);
  });

  it('closes the session on a wrong secret with the original error', async () => {
    const one = await signedInUser();
    const two = await signedInUser();
    const fast = await sessionFetch(daemon, one.session, 'wrong-secret', '/api/v1/whoami', whoami);
    const original = await originalFetch(two.session, 'wrong-secret', '/api/v1/whoami', whoami);
    expect(fast).toEqual(original);
    expect(errorOf(fast[0])).toMatchObject({ code: 401 });
    expect(await rowOf(one.session)).toBeUndefined();
    expect(await rowOf(two.session)).toBeUndefined();
    // the right secret does not bring it back
    const [after] = await sessionFetch(daemon, one.session, one.secret, '/api/v1/whoami');
    expect(errorOf(after)?.message).toMatch(/Session code not found/);
  });

  it('refuses a null secret as the original did, closing the session', async () => {
    const one = await signedInUser();
    const two = await signedInUser();
    const fast = await rows(daemon, `SELECT * FROM daemon.session_fetch($1, null, 'POST', '/api/v1/ping')`, [one.session]);
    expect(fast).toEqual(await originalFetch(two.session, null as unknown as string, '/api/v1/ping'));
    expect(errorOf(fast[0])).toMatchObject({ code: 401 });
    expect(await rowOf(one.session)).toBeUndefined();
  });

  it('answers a closed session as the original did', async () => {
    const user = await signedInUser();
    await kernel.query(`SELECT kernel.SessionOut($1, false)`, [user.session]);
    const fast = await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami);
    expect(fast).toEqual(await originalFetch(user.session, user.secret, '/api/v1/whoami', whoami));
    expect(errorOf(fast[0])?.message).toMatch(/Session code not found/);
  });

  it('answers the session of a locked user as the original did, keeping the session', async () => {
    const user = await signedInUser();
    await kernel.query(`SELECT kernel.UserLock($1)`, [user.id]);
    const fast = await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami);
    expect(fast).toEqual(await originalFetch(user.session, user.secret, '/api/v1/whoami', whoami));
    expect(errorOf(fast[0])?.code).toBeGreaterThanOrEqual(400);
    expect(await rowOf(user.session)).toBeDefined();
    // unlocked, it is admitted again
    await kernel.query(`SELECT kernel.UserUnLock($1)`, [user.id]);
    expect(await sessionFetch(daemon, user.session, user.secret, '/api/v1/whoami', whoami)).toEqual([{ userid: user.id }]);
  });

  it('answers the session of a user past a lock date as the original did', async () => {
    const user = await signedInUser();
    await kernel.query(`UPDATE db.user SET lock_date = now() - interval '1 second' WHERE id = $1`, [user.id]);
    const fast = await sessionFetch(daemon, user.session, user.secret, '/api/v1/ping');
    expect(fast).toEqual(await originalFetch(user.session, user.secret, '/api/v1/ping'));
    expect(errorOf(fast[0])?.code).toBeGreaterThanOrEqual(400);
  });

  it('answers a session code that never existed as the original did', async () => {
    const code = 'f'.repeat(40);
    const fast = await sessionFetch(daemon, code, 'x', '/api/v1/ping');
    expect(fast).toEqual(await originalFetch(code, 'x', '/api/v1/ping'));
    expect(errorOf(fast[0])?.code).toBeGreaterThanOrEqual(400);
  });
});
