// daemon.fetch admits a request in one statement (token, header, session,
// user), falling back to TokenSessionIn = TokenValidation + SessionIn whenever
// that statement cannot answer.
// These tests hold every refusal to the answer of that original pair, kept
// here as a reference function. One case deliberately differs: a registered
// token whose claims name another session than the one it was issued under.
// The original pair trusts the claims and admits the other session;
// daemon.fetch refuses it.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, rows, signIn, str, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

// daemon.fetch as it authenticated before the fast path existed.
const referenceFetch = `
CREATE SCHEMA token_path_ref;
CREATE FUNCTION token_path_ref.fetch(pToken text, pMethod text, pPath text, pPayload jsonb, pAgent text, pHost inet)
RETURNS SETOF json AS $$
DECLARE
  jClaims  jsonb;
  vMessage text;
  vContext text;
  vState   text;
BEGIN
  pPath := lower(pPath);
  jClaims := TokenValidation(pToken);
  IF SessionIn(jClaims->>'sub', pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;
  RETURN QUERY SELECT * FROM api.run(pMethod, pPath, CASE WHEN jsonb_typeof(pPayload) = 'object' THEN DaemonPayload(pPath, pPayload, pAgent, pHost) ELSE pPayload END);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE FUNCTION token_path_ref.raised(pRaiser text) RETURNS text AS $$
BEGIN
  CASE pRaiser
  WHEN 'TokenBelong' THEN PERFORM TokenBelong();
  WHEN 'TokenError' THEN PERFORM TokenError();
  WHEN 'TokenExpired' THEN PERFORM TokenExpired();
  WHEN 'UserLockError' THEN PERFORM UserLockError();
  WHEN 'PasswordExpired' THEN PERFORM PasswordExpired();
  END CASE;
  RETURN null;
EXCEPTION WHEN others THEN
  RETURN SQLERRM;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;
GRANT USAGE ON SCHEMA token_path_ref TO daemon;
GRANT EXECUTE ON FUNCTION token_path_ref.fetch(text, text, text, jsonb, text, inet) TO daemon;
`;

beforeAll(async () => {
  db = await openDatabase('tokenpath');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  await kernel.query(referenceFetch);
});

afterAll(async () => {
  await db.close();
});

const whoami = { fields: ['userid'] };

function originalFetch(jwt: string): Promise<Json[]> {
  return rows(daemon, `SELECT * FROM token_path_ref.fetch($1, 'POST', '/api/v1/whoami', $2::jsonb, 'jest', '127.0.0.1')`, [
    jwt,
    JSON.stringify(whoami),
  ]);
}

/** daemon.fetch's answer, checked against the original pair's answer for the same token. */
async function fetchBothWays(jwt: string): Promise<Json[]> {
  const fast = await fetch(daemon, jwt, '/api/v1/whoami', whoami);
  expect(await originalFetch(jwt)).toEqual(fast);
  return fast;
}

async function signedInUser(): Promise<{ id: string; session: string; jwt: string }> {
  const user = await createUser(kernel);
  const answer = await signIn(daemon, user.username, user.password);
  return { id: user.id, session: str(answer.session), jwt: str(answer.access_token) };
}

/** The envelope DaemonError makes of what the named raiser raises. */
async function envelopeOf(raiser: 'TokenBelong' | 'TokenError' | 'TokenExpired' | 'UserLockError' | 'PasswordExpired'): Promise<{ code: number; message: string }> {
  const { rows: [row] } = await kernel.query<{ code: number; message: string }>(
    `SELECT e.code, e.message FROM kernel.api_error_info(token_path_ref.raised($1), 'P0001') e`,
    [raiser],
  );
  if (row === undefined) throw new Error(`no envelope for ${raiser}`);
  return { code: Number(row.code), message: row.message };
}

/** db.token.claimed_session of the row the token hashes to (undefined: no row). */
async function claimedSessionOf(jwt: string): Promise<string | null | undefined> {
  const { rows: [row] } = await kernel.query<{ claimed: string | null }>(
    `SELECT claimed_session AS claimed FROM db.token WHERE hash = kernel.GetTokenHash($1)`,
    [jwt],
  );
  return row?.claimed;
}

function tamperPayload(jwt: string, change: (claims: Json) => Json): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(str(payload), 'base64url').toString('utf8')) as Json;
  return `${str(header)}.${Buffer.from(JSON.stringify(change(claims))).toString('base64url')}.${str(signature)}`;
}

describe('daemon.fetch through TokenSessionIn', () => {
  it('answers a live token exactly as TokenValidation and SessionIn did', async () => {
    const user = await signedInUser();
    expect(await fetchBothWays(user.jwt)).toEqual([{ userid: user.id }]);
  });

  it('refuses a registered token whose claims name another session than its header, without acting as that session', async () => {
    const holder = await signedInUser();
    const other = await signedInUser();
    // Signed with the audience secret by the platform itself, claims naming the
    // other session, registered under the holder's token header; back-dated so
    // the bytes differ from the other session's own token and the holder's
    // current token stays open.
    const { rows: [minted] } = await kernel.query<{ jwt: string }>(
      `WITH h AS (SELECT t.header, o.audience
                    FROM db.token t JOIN db.token_header th ON th.id = t.header JOIN db.oauth2 o ON o.id = th.oauth2
                   WHERE t.hash = kernel.GetTokenHash($1) AND t.type = 'A')
       SELECT kernel.CreateAccessToken(h.audience, $2, now() - interval '10 seconds', now() + interval '50 minutes') AS jwt FROM h`,
      [holder.jwt, other.session],
    );
    const jwt = str(minted?.jwt);
    await kernel.query(
      `SELECT kernel.AddToken(t.header, 'A', $2, now() - interval '10 seconds', now() + interval '50 minutes')
         FROM db.token t WHERE t.hash = kernel.GetTokenHash($1) AND t.type = 'A'`,
      [holder.jwt, jwt],
    );
    const { rows: [registered] } = await kernel.query<{ session: string }>(
      `SELECT h.session FROM db.token t JOIN db.token_header h ON h.id = t.header WHERE t.hash = kernel.GetTokenHash($1)`,
      [jwt],
    );
    expect(registered?.session).toBe(holder.session);
    // the write did not vouch for its claims: no request is admitted by the row alone
    expect(await claimedSessionOf(jwt)).toBeNull();

    const [row] = await fetch(daemon, jwt, '/api/v1/whoami', whoami);
    expect(row).toEqual({ error: await envelopeOf('TokenBelong') });
    // The slow path (TokenValidation, behind daemon.validation and daemon.authorize) refuses it too.
    const { rows: [validation] } = await daemon.query<{ v: Record<string, unknown> }>('SELECT daemon.validation($1) AS v', [jwt]);
    expect(validation?.v).toHaveProperty('error');
    expect(validation?.v).not.toHaveProperty('sub');
    // Neither session is harmed: both still answer as themselves.
    expect(await fetchBothWays(holder.jwt)).toEqual([{ userid: holder.id }]);
    expect(await fetchBothWays(other.jwt)).toEqual([{ userid: other.id }]);
  });

  it('answers a token whose row has expired as before', async () => {
    const user = await signedInUser();
    await kernel.query(
      `UPDATE db.token SET validFromDate = now() - interval '2 hours', validToDate = now() - interval '1 hour' WHERE hash = kernel.GetTokenHash($1)`,
      [user.jwt],
    );
    const [row] = await fetchBothWays(user.jwt);
    expect(row).toEqual({ error: await envelopeOf('TokenExpired') });
  });

  it('answers a token with altered claims as before', async () => {
    const user = await signedInUser();
    const other = await signedInUser();
    const forged = tamperPayload(user.jwt, (claims) => ({ ...claims, sub: other.session }));
    const [row] = await fetchBothWays(forged);
    expect(row).toEqual({ error: await envelopeOf('TokenError') });
  });

  it('answers a token with an altered signature as before', async () => {
    const user = await signedInUser();
    const signature = str(user.jwt.split('.')[2]);
    const flipped = `${user.jwt.slice(0, -signature.length)}${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const [row] = await fetchBothWays(flipped);
    expect(row).toEqual({ error: await envelopeOf('TokenError') });
  });

  it('answers the token of a closed session as before', async () => {
    const user = await signedInUser();
    await kernel.query(`SELECT kernel.SessionOut($1, false)`, [user.session]);
    const [row] = await fetchBothWays(user.jwt);
    expect(row).toEqual({ error: await envelopeOf('TokenExpired') });
  });

  it('answers the token of a locked user as before', async () => {
    const user = await signedInUser();
    await kernel.query(`SELECT kernel.UserLock($1)`, [user.id]);
    const [row] = await fetchBothWays(user.jwt);
    expect(row).toEqual({ error: await envelopeOf('UserLockError') });
  });
});

describe('the claims of an access token, checked when it is written (db.token.claimed_session)', () => {
  it('name the session of a token set a grant issued, and nothing on its other tokens', async () => {
    const user = await signedInUser();
    expect(await claimedSessionOf(user.jwt)).toBe(user.session);
    const { rows } = await kernel.query<{ type: string; claimed: string | null }>(
      `SELECT t.type, t.claimed_session AS claimed FROM db.token t JOIN db.token_header h ON h.id = t.header
        WHERE h.session = $1 AND t.type <> 'A'`,
      [user.session],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.claimed === null)).toBe(true);
  });

  it('cannot be written apart from the token\'s claims', async () => {
    const user = await signedInUser();
    const other = await signedInUser();
    await kernel.query(`UPDATE db.token SET claimed_session = $2 WHERE hash = kernel.GetTokenHash($1)`, [user.jwt, other.session]);
    expect(await claimedSessionOf(user.jwt)).toBe(user.session);
    expect(await fetchBothWays(user.jwt)).toEqual([{ userid: user.id }]);
    // a code or refresh token never carries one, whatever is written
    await kernel.query(
      `UPDATE db.token t SET claimed_session = $1 FROM db.token_header h WHERE h.id = t.header AND h.session = $1 AND t.type <> 'A'`,
      [user.session],
    );
    const { rows } = await kernel.query(
      `SELECT FROM db.token t JOIN db.token_header h ON h.id = t.header WHERE h.session = $1 AND t.type <> 'A' AND t.claimed_session IS NOT NULL`,
      [user.session],
    );
    expect(rows).toEqual([]);
  });

  it('is vouched for on insert only by the grant that signed the claims, never by a value written by hand', async () => {
    const holder = await signedInUser();
    const other = await signedInUser();
    // IssueTokenSet wrote the holder's value itself, and left no voucher behind
    expect(await claimedSessionOf(holder.jwt)).toBe(holder.session);
    const { rows: [left] } = await kernel.query<{ v: string | null }>(`SELECT current_setting('kernel.grant_claims', true) AS v`);
    expect(left?.v ?? '').toBe('');
    // Hand-written inserts under the holder's header naming the other session: its own
    // claims (the other session's token, re-registered) and a no-JWT value; without a
    // voucher, with one naming another hash, and with one naming the row's hash but a
    // session other than the value written.
    const insert = async (token: string, claimed: string, voucher: string | null): Promise<void> => {
      await kernel.query('BEGIN');
      await kernel.query(`SELECT set_config('kernel.grant_claims', $1, true)`, [voucher ?? '']);
      await kernel.query(
        `INSERT INTO db.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
         SELECT header, 'A', $2, kernel.GetTokenHash($2), now() - interval '20 seconds', now() + interval '50 minutes', $3
           FROM db.token WHERE hash = kernel.GetTokenHash($1) AND type = 'A'`,
        [holder.jwt, token, claimed],
      );
      await kernel.query('COMMIT');
    };
    const hashOf = async (token: string): Promise<string> => {
      const { rows: [row] } = await kernel.query<{ h: string }>('SELECT kernel.GetTokenHash($1) AS h', [token]);
      return str(row?.h);
    };
    const garbage = `no-jwt-${other.session}`;
    await insert(garbage, other.session, null);
    await insert(`${garbage}-2`, other.session, `${other.session}:${await hashOf(garbage)}`);
    await insert(`${garbage}-3`, other.session, `${holder.session}:${await hashOf(`${garbage}-3`)}`);
    for (const token of [garbage, `${garbage}-2`, `${garbage}-3`]) {
      expect(await claimedSessionOf(token)).toBeNull();
      const [row] = await fetchBothWays(token);
      expect(row).toHaveProperty('error');
    }
    // the other session's own token, registered again under the holder's header: its
    // claims name the other session, which the holder's header does not hold
    await kernel.query(`DELETE FROM db.token WHERE hash = kernel.GetTokenHash($1)`, [other.jwt]);
    await insert(other.jwt, other.session, null);
    expect(await claimedSessionOf(other.jwt)).toBeNull();
  });

  it('is not vouched for a token whose bytes are no JWT, which is then refused as before', async () => {
    const user = await signedInUser();
    const garbage = 'not-a-jwt-at-all';
    await kernel.query(
      `SELECT kernel.AddToken(t.header, 'A', $2, now() - interval '10 seconds', now() + interval '50 minutes')
         FROM db.token t WHERE t.hash = kernel.GetTokenHash($1) AND t.type = 'A'`,
      [user.jwt, garbage],
    );
    expect(await claimedSessionOf(garbage)).toBeNull();
    const [row] = await fetchBothWays(garbage);
    expect(row).toHaveProperty('error');
  });

  it('is dropped when its session moves to another client row, whose requests then take the full checks', async () => {
    const user = await signedInUser();
    const { rows: [moved] } = await kernel.query<{ oauth2: string }>(
      `INSERT INTO db.oauth2 (audience, scopes) SELECT o.audience, o.scopes FROM db.session s JOIN db.oauth2 o ON o.id = s.oauth2
        WHERE s.code = $1 RETURNING id AS oauth2`,
      [user.session],
    );
    await kernel.query(`UPDATE db.session SET oauth2 = $2 WHERE code = $1`, [user.session, moved?.oauth2]);
    expect(await claimedSessionOf(user.jwt)).toBeNull();
    await fetchBothWays(user.jwt);
  });

  it('patch P00000014 lets the trigger take the grant\'s voucher, and only a matching one, and is a no-op when re-run', async () => {
    const user = await signedInUser();
    const patch = readFileSync(new URL('../platform/patch/P00000014.sql', import.meta.url), 'utf8');
    const former = readFileSync(new URL('../platform/patch/P00000011.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      // the database as P00000011 left it: the trigger decodes every access token's claims
      await kernel.query(former);
      const source = async (): Promise<string> =>
        str((await kernel.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'db.ft_token_claims'::regproc`)).rows[0]?.src);
      expect(await source()).not.toContain('kernel.grant_claims');
      await kernel.query(patch);
      await kernel.query(patch);
      expect(await source()).toContain('kernel.grant_claims');
      // a row vouched for as IssueTokenSet does keeps its value without a decode (the bytes
      // here are no JWT, so a decode would have cleared it); any other voucher does not
      const insert = async (token: string, voucher: string): Promise<void> => {
        await kernel.query(`SELECT set_config('kernel.grant_claims', $1, true)`, [voucher]);
        await kernel.query(
          `INSERT INTO db.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
           SELECT header, 'A', $2, kernel.GetTokenHash($2), now() - interval '30 seconds', now() + interval '50 minutes', $3
             FROM db.token WHERE hash = kernel.GetTokenHash($1) AND type = 'A'`,
          [user.jwt, token, user.session],
        );
      };
      const hashOf = async (token: string): Promise<string> =>
        str((await kernel.query<{ h: string }>('SELECT kernel.GetTokenHash($1) AS h', [token])).rows[0]?.h);
      await insert('patch-14-vouched', `${user.session}:${await hashOf('patch-14-vouched')}`);
      expect(await claimedSessionOf('patch-14-vouched')).toBe(user.session);
      await insert('patch-14-other', `${user.session}:${await hashOf('patch-14-vouched')}`);
      expect(await claimedSessionOf('patch-14-other')).toBeNull();
    } finally {
      await kernel.query('ROLLBACK');
    }
  });

  it('patch P00000011 adds and fills it for live access tokens in a database without it, and is a no-op when re-run', async () => {
    const user = await signedInUser();
    const patch = readFileSync(new URL('../platform/patch/P00000011.sql', import.meta.url), 'utf8');
    const live = async (): Promise<unknown[]> =>
      (await kernel.query(`SELECT id, claimed_session FROM db.token WHERE type = 'A' AND validToDate > now() ORDER BY id`)).rows;
    const written = await live();
    await kernel.query('BEGIN');
    try {
      await kernel.query('DROP TRIGGER t_session_token_claims ON db.session');
      await kernel.query('DROP FUNCTION db.ft_session_token_claims()');
      await kernel.query('DROP TRIGGER t_token_claims ON db.token');
      await kernel.query('DROP TRIGGER t_token_claims_update ON db.token');
      await kernel.query('DROP FUNCTION db.ft_token_claims()');
      await kernel.query('ALTER TABLE db.token DROP COLUMN claimed_session');
      await kernel.query(patch);
      expect(await claimedSessionOf(user.jwt)).toBe(user.session);
      await kernel.query(patch);
      expect(await claimedSessionOf(user.jwt)).toBe(user.session);
      const { rows: [triggers] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_trigger WHERE tgname IN ('t_token_claims', 't_token_claims_update', 't_session_token_claims')`,
      );
      expect(triggers?.n).toBe('3');
      // the same verdict as the trigger gave each live access token when it was written
      expect(await live()).toEqual(written);
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

describe('the session\'s client id, copied onto db.session', () => {
  async function clientOf(session: string): Promise<{ copied: string | null; real: string }> {
    const { rows: [row] } = await kernel.query<{ copied: string | null; real: string }>(
      `SELECT s.client_id AS copied, a.code AS real
         FROM db.session s JOIN db.oauth2 o ON o.id = s.oauth2 JOIN oauth2.audience a ON a.id = o.audience
        WHERE s.code = $1`,
      [session],
    );
    if (row === undefined) throw new Error(`no session ${session}`);
    return row;
  }

  it('is the client of the session\'s oauth2 row, and is what a request runs as', async () => {
    const user = await signedInUser();
    const { copied, real } = await clientOf(user.session);
    expect(copied).toBe(real);
    // fetch and the read of the context on the same connection, as the services' pooled calls
    await fetch(daemon, user.jwt, '/api/v1/ping', null);
    const { rows: [context] } = await daemon.query<{ client: string }>(`SELECT current_setting('current.client_id') AS client`);
    expect(context?.client).toBe(real);
  });

  it('cannot be written apart from the session\'s oauth2 row', async () => {
    const user = await signedInUser();
    await kernel.query(`UPDATE db.session SET client_id = 'someone-else' WHERE code = $1`, [user.session]);
    const { copied, real } = await clientOf(user.session);
    expect(copied).toBe(real);
  });

  it('patch P00000005 adds and fills it in a database without it, and is a no-op when re-run', async () => {
    const user = await signedInUser();
    const patch = readFileSync(new URL('../platform/patch/P00000005.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      await kernel.query('DROP TRIGGER t_session_client ON db.session');
      await kernel.query('ALTER TABLE db.session DROP COLUMN client_id');
      await kernel.query(patch);
      await kernel.query(patch);
      const { copied, real } = await clientOf(user.session);
      expect(copied).toBe(real);
      const { rows: empty } = await kernel.query(`SELECT code FROM db.session WHERE client_id IS NULL`);
      expect(empty).toEqual([]);
    } finally {
      await kernel.query('ROLLBACK');
    }
    // and a session created afterwards gets it from the trigger
    const later = await signedInUser();
    const { copied, real } = await clientOf(later.session);
    expect(copied).toBe(real);
  });
});

describe('the session\'s copies of its user\'s admission state', () => {
  const administrators = '00000000-0000-4000-a000-000000000001';

  async function copiesOf(session: string): Promise<{ is_admin: boolean; admit_until: string }> {
    const { rows: [row] } = await kernel.query<{ is_admin: boolean; admit_until: string }>(
      `SELECT is_admin, admit_until::text FROM db.session WHERE code = $1`,
      [session],
    );
    if (row === undefined) throw new Error(`no session ${session}`);
    return row;
  }

  /** The value of current.access after a request on the daemon connection (false for administrators). */
  async function accessAfterPing(jwt: string): Promise<string | undefined> {
    expect(await fetch(daemon, jwt, '/api/v1/ping', null)).toEqual([{ error: { code: 200, message: 'OK' } }]);
    const { rows: [row] } = await daemon.query<{ access: string }>(`SELECT current_setting('current.access') AS access`);
    return row?.access;
  }

  it('admit a user in good standing without limit, and follow the administrators group', async () => {
    const user = await signedInUser();
    expect(await copiesOf(user.session)).toEqual({ is_admin: false, admit_until: 'infinity' });
    expect(await accessAfterPing(user.jwt)).toBe('true');

    await kernel.query('SELECT kernel.AddMemberToGroup($1, $2)', [user.id, administrators]);
    expect((await copiesOf(user.session)).is_admin).toBe(true);
    expect(await accessAfterPing(user.jwt)).toBe('false');

    await kernel.query('SELECT kernel.DeleteGroupForMember($1, $2)', [user.id, administrators]);
    expect((await copiesOf(user.session)).is_admin).toBe(false);
    expect(await accessAfterPing(user.jwt)).toBe('true');
  });

  it('send a locked user through the full checks, and admit again after the unlock', async () => {
    const user = await signedInUser();
    await kernel.query('SELECT kernel.UserLock($1)', [user.id]);
    expect((await copiesOf(user.session)).admit_until).toBe('-infinity');
    expect(await fetchBothWays(user.jwt)).toEqual([{ error: await envelopeOf('UserLockError') }]);

    await kernel.query('SELECT kernel.UserUnLock($1)', [user.id]);
    expect((await copiesOf(user.session)).admit_until).toBe('infinity');
    expect(await fetchBothWays(user.jwt)).toEqual([{ userid: user.id }]);
  });

  it('refuse from the next request a user whose password expired or whose address table excludes the caller', async () => {
    const expired = await signedInUser();
    await kernel.query(`UPDATE db.user SET expiry_date = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    expect(await fetchBothWays(expired.jwt)).toEqual([{ error: await envelopeOf('PasswordExpired') }]);

    const fenced = await signedInUser();
    await kernel.query(`SELECT kernel.SetIPTableStr($1, 'D', '127.0.0.1')`, [fenced.id]);
    expect((await copiesOf(fenced.session)).admit_until).toBe('-infinity');
    const [fencedRow] = await fetchBothWays(fenced.jwt);
    expect(errorOf(fencedRow)?.message).toContain('127.0.0.1');

    await kernel.query(`SELECT kernel.SetIPTableStr($1, 'D', '')`, [fenced.id]);
    expect((await copiesOf(fenced.session)).admit_until).toBe('infinity');
    expect(await fetchBothWays(fenced.jwt)).toEqual([{ userid: fenced.id }]);
  });

  it('admit until a future lock date, and not after it has passed', async () => {
    const user = await signedInUser();
    await kernel.query(`UPDATE db.user SET lock_date = clock_timestamp() + interval '700 milliseconds' WHERE id = $1`, [user.id]);
    expect(await fetchBothWays(user.jwt)).toEqual([{ userid: user.id }]);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await fetchBothWays(user.jwt)).toEqual([{ error: await envelopeOf('UserLockError') }]);
  });

  it('log each request under the user\'s current name', async () => {
    const user = await signedInUser();
    const lastLogged = async (): Promise<string | undefined> => {
      const { rows: [row] } = await kernel.query<{ username: string }>(
        `SELECT username FROM db.api_log WHERE session = $1 ORDER BY id DESC LIMIT 1`,
        [user.session],
      );
      return row?.username;
    };
    const { rows: [named] } = await kernel.query<{ username: string }>(`SELECT username FROM db.user WHERE id = $1`, [user.id]);
    await fetch(daemon, user.jwt, '/api/v1/ping', null);
    expect(await lastLogged()).toBe(named?.username);

    const renamed = `${str(named?.username)}-renamed`;
    await kernel.query(`UPDATE db.user SET username = $2 WHERE id = $1`, [user.id, renamed]);
    await fetch(daemon, user.jwt, '/api/v1/ping', null);
    expect(await lastLogged()).toBe(renamed);
  });

  it('cannot be written apart from the user', async () => {
    const user = await signedInUser();
    await kernel.query('SELECT kernel.UserLock($1)', [user.id]);
    await kernel.query(`UPDATE db.session SET is_admin = true, admit_until = 'infinity' WHERE code = $1`, [user.session]);
    expect(await copiesOf(user.session)).toEqual({ is_admin: false, admit_until: '-infinity' });
    expect(await fetchBothWays(user.jwt)).toEqual([{ error: await envelopeOf('UserLockError') }]);
  });

  it('patch P00000008 adds and fills them (and the route version, and a token hash index that is not unique) in a database without them, and is a no-op when re-run', async () => {
    const user = await signedInUser();
    const locked = await signedInUser();
    await kernel.query('SELECT kernel.UserLock($1)', [locked.id]);
    const patch = readFileSync(new URL('../platform/patch/P00000008.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      for (const [trigger, table] of [
        ['t_user_session_admission', 'db.user'],
        ['t_member_group_session_admission', 'db.member_group'],
        ['t_iptable_session_admission', 'db.iptable'],
      ] as const) {
        await kernel.query(`DROP TRIGGER ${trigger} ON ${table}`);
      }
      await kernel.query('DROP FUNCTION db.ft_session_admission_refresh()');
      await kernel.query('DROP TRIGGER t_session_client ON db.session');
      await kernel.query('ALTER TABLE db.session DROP COLUMN username, DROP COLUMN is_admin, DROP COLUMN admit_until');
      for (const table of ['path', 'endpoint', 'route']) {
        await kernel.query(`DROP TRIGGER t_${table}_route_version ON db.${table}`);
      }
      // the state before P00000008 has no version triggers at all (later patches add others)
      await kernel.query('DROP FUNCTION db.ft_constant_version() CASCADE');
      await kernel.query('DROP SEQUENCE db.route_version');
      await kernel.query('DROP FUNCTION kernel.api_route_version()');
      // (P00000012 replaced this index since: token_hash_idx)
      await kernel.query('DROP INDEX db.token_hash_idx');
      await kernel.query('CREATE UNIQUE INDEX token_hash_validfromdate_validtodate_idx ON db.token (hash, validFromDate, validToDate)');
      await kernel.query(patch);
      await kernel.query(patch);
      const { rows: [hashIndex] } = await kernel.query<{ unique: boolean }>(
        `SELECT indisunique AS unique FROM pg_index WHERE indexrelid = 'db.token_hash_validfromdate_validtodate_idx'::regclass`,
      );
      expect(hashIndex?.unique).toBe(false);
      // the route version and its triggers are back: a route change moves it at commit
      const { rows: [triggers] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_trigger WHERE tgname IN ('t_path_route_version', 't_endpoint_route_version', 't_route_route_version')`,
      );
      expect(triggers?.n).toBe('3');
      const versionNow = async (): Promise<number> =>
        Number((await kernel.query<{ v: string }>('SELECT kernel.api_route_version() AS v')).rows[0]?.v);
      const before = await versionNow();
      await kernel.query(`SELECT kernel.EnsureRoute('patched-route', 'api', ARRAY['POST'])`);
      expect(await versionNow()).toBeGreaterThan(before);
      expect(await copiesOf(user.session)).toEqual({ is_admin: false, admit_until: 'infinity' });
      expect(await copiesOf(locked.session)).toEqual({ is_admin: false, admit_until: '-infinity' });
      const { rows: [admin] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM db.session s
          WHERE s.is_admin <> EXISTS (SELECT FROM db.member_group m WHERE m.userid = $1 AND m.member = s.userid)`,
        [administrators],
      );
      expect(admin?.n).toBe('0');
      const { rows: [names] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM db.session s JOIN db.user u ON u.id = s.userid WHERE s.username IS DISTINCT FROM u.username`,
      );
      expect(names?.n).toBe('0');
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});
