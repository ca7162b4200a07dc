// The token endpoint's grant path (issue 6): what the fewer statements per grant
// must still do. client_credentials inserts its session's code already used
// (NewTokenCode, kernel.grant_code); IssueTokenSet closes and inserts a whole
// token set in one statement, looking only at the latest token per type;
// RecordLogin computes the login state before it locks the profile row; the quiet
// sign-ins of client_credentials grants are counted without writing the profile row.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { createUser, errorOf, openDatabase, service, signIn, str, token, web, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;

beforeAll(async () => {
  db = await openDatabase('tokengrant');
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
});

afterAll(async () => {
  await db.close();
});

interface TokenRow {
  id: string;
  type: string;
  live: boolean;
  used: boolean;
  from: Date;
  to: Date;
}

/** The tokens of a session's headers, oldest first. */
async function tokensOf(session: string): Promise<TokenRow[]> {
  const { rows } = await kernel.query<TokenRow>(
    `SELECT t.id, t.type, (t.validFromDate <= now() AND t.validToDate > now()) AS live, t.used IS NOT NULL AS used,
            t.validFromDate AS "from", t.validToDate AS "to"
       FROM db.token t JOIN db.token_header h ON h.id = t.header
      WHERE h.session = $1 ORDER BY t.id`,
    [session],
  );
  return rows;
}

async function tokenByValue(value: string): Promise<TokenRow | undefined> {
  const { rows } = await kernel.query<TokenRow>(
    `SELECT t.id, t.type, (t.validFromDate <= now() AND t.validToDate > now()) AS live, t.used IS NOT NULL AS used,
            t.validFromDate AS "from", t.validToDate AS "to"
       FROM db.token t WHERE t.hash = kernel.hmac_key_hash($1)`,
    [value],
  );
  return rows[0];
}

const live = (tokens: TokenRow[], type: string): TokenRow[] => tokens.filter((t) => t.type === type && t.live);

async function offlineSession(): Promise<Json> {
  const user = await createUser(kernel);
  return signIn(daemon, user.username, user.password, { access_type: 'offline' });
}

describe('client_credentials', () => {
  it('exchanges its new session\'s code at once: the code is used and the token set hangs off its header', async () => {
    const answer = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials', scope: 'pgfleet' }, '127.0.0.1');
    expect(answer).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: 86400 });
    const session = str(answer.session);
    const { rows: [code] } = await kernel.query<{ token: string; used: boolean; header: string }>(
      `SELECT c.token, c.used IS NOT NULL AS used, c.header FROM db.session s JOIN db.token c ON c.id = s.token WHERE s.code = $1`,
      [session],
    );
    expect(code?.used).toBe(true);
    const tokens = await tokensOf(session);
    expect(tokens.map((t) => t.type)).toEqual(['C', 'A', 'R']);
    expect(live(tokens, 'A')).toHaveLength(1);
    expect(live(tokens, 'R')).toHaveLength(1);
    const { rows: headers } = await kernel.query(`SELECT id FROM db.token_header WHERE session = $1`, [session]);
    expect(headers).toEqual([{ id: code?.header }]);

    // single use: the code cannot be exchanged again
    const again = await token(daemon, service.id, service.secret, { grant_type: 'authorization_code', code: str(code?.token), redirect_uri: 'https://x.test/cb' });
    expect(errorOf(again)).toMatchObject({ code: 400, error: 'invalid_grant', message: 'Malformed auth code.' });
  });

  it('leaves no grant_code, grant_secret or login_state setting behind on the connection, within the transaction or after it', async () => {
    const settings = `SELECT coalesce(current_setting('kernel.grant_code', true), '') AS code, coalesce(current_setting('kernel.grant_secret', true), '') AS secret,
                             coalesce(current_setting('kernel.login_state', true), '') AS state`;
    await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
    expect((await daemon.query(settings)).rows[0]).toEqual({ code: '', secret: '', state: '' });
    await daemon.query('BEGIN');
    try {
      const answer = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
      expect(answer).toMatchObject({ secret: expect.any(String) });
      expect((await daemon.query(settings)).rows[0]).toEqual({ code: '', secret: '', state: '' });
    } finally {
      await daemon.query('ROLLBACK');
    }
  });

  it('answers a failed sign-in with unauthorized_client, and leaves the connection fit for the next grant', async () => {
    // the client authenticates, then its service user's sign-in fails (the user is locked)
    await kernel.query(`UPDATE db.user SET status = set_bit(status, 1, 1) WHERE type = 'U' AND username = $1`, [service.id]);
    try {
      const answer = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials' });
      expect(errorOf(answer)).toMatchObject({ code: 401, error: 'unauthorized_client' });
    } finally {
      await kernel.query(`UPDATE db.user SET status = set_bit(status, 1, 0) WHERE type = 'U' AND username = $1`, [service.id]);
    }
    const { rows: [setting] } = await daemon.query<{ code: string }>(`SELECT coalesce(current_setting('kernel.grant_code', true), '') AS code`);
    expect(setting?.code).toBe('');
    const next = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials', scope: 'pgfleet' });
    expect(next).toMatchObject({ access_token: expect.any(String) });
    expect((await tokensOf(str(next.session))).map((t) => [t.type, t.used])).toEqual([
      ['C', true],
      ['A', false],
      ['R', false],
    ]);
  });
});

describe('the token set of a refresh', () => {
  it('closes the access token it supersedes and leaves one valid token per type', async () => {
    const first = await offlineSession();
    const second = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second).toMatchObject({ session: first.session, refresh_token: expect.any(String) });
    const tokens = await tokensOf(str(first.session));
    expect(live(tokens, 'A')).toHaveLength(1);
    expect(live(tokens, 'R')).toHaveLength(1);
    const newAccess = live(tokens, 'A')[0];
    const oldRefresh = await tokenByValue(str(first.refresh_token));
    expect(oldRefresh).toMatchObject({ live: false, used: true });
    // the superseded access token ends where its successor starts
    const oldAccess = tokens.find((t) => t.type === 'A' && t.id !== newAccess?.id);
    expect(oldAccess?.live).toBe(false);
    expect(oldAccess?.to.getTime()).toBe(newAccess?.from.getTime());
  });

  it('still closes and rotates after many rotations and once the access token has expired', async () => {
    const first = await offlineSession();
    let refresh = str(first.refresh_token);
    for (let i = 0; i < 6; i += 1) {
      const next = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: refresh });
      refresh = str(next.refresh_token);
    }
    // the current access token expires (as an hour later)
    await kernel.query(
      `UPDATE db.token t SET validToDate = t.validFromDate + interval '1 microsecond'
         FROM db.token_header h WHERE h.id = t.header AND h.session = $1 AND t.type = 'A' AND t.validToDate > now()`,
      [first.session],
    );
    expect(live(await tokensOf(str(first.session)), 'A')).toHaveLength(0);
    const last = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(last).toMatchObject({ session: first.session, access_token: expect.any(String), refresh_token: expect.any(String) });
    const tokens = await tokensOf(str(first.session));
    expect(live(tokens, 'A')).toHaveLength(1);
    expect(live(tokens, 'R')).toHaveLength(1);
    expect(tokens.filter((t) => t.type === 'R')).toHaveLength(8);
    const reused = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(errorOf(reused)).toMatchObject({ code: 400, error: 'invalid_grant', message: 'Malformed refresh token.' });
  });

  it('replaces in place the set issued earlier in the same transaction for the same header and time', async () => {
    const first = await offlineSession();
    const { rows: [ctx] } = await kernel.query<{ header: string; audience: number }>(
      `SELECT h.id AS header, a.id AS audience FROM db.token_header h, oauth2.audience a WHERE h.session = $1 AND a.code = $2 LIMIT 1`,
      [first.session, web.id],
    );
    await kernel.query('BEGIN');
    try {
      const { rows: [one1] } = await kernel.query<{ set: Json }>(`SELECT kernel.IssueTokenSet($1, $2, now(), now() + interval '1 hour') AS set`, [ctx?.audience, ctx?.header]);
      const { rows: [two] } = await kernel.query<{ set: Json }>(`SELECT kernel.IssueTokenSet($1, $2, now(), now() + interval '1 hour') AS set`, [ctx?.audience, ctx?.header]);
      const ids1 = await kernel.query<{ type: string; n: string }>(
        `SELECT type, count(*) AS n FROM db.token WHERE header = $1 AND validFromDate = now() GROUP BY type ORDER BY type`,
        [ctx?.header],
      );
      // (the session asked for every scope, openid and profile included: an id token too)
      expect(ids1.rows).toEqual([
        { type: 'A', n: '1' },
        { type: 'I', n: '1' },
        { type: 'R', n: '1' },
      ]);
      // the refresh token of the first set was replaced by the second's value
      expect(await tokenByValue(str(one1?.set.refresh_token))).toBeUndefined();
      expect(await tokenByValue(str(two?.set.refresh_token))).toMatchObject({ type: 'R', live: true });
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

describe('id tokens of two sessions of one user', () => {
  // The spec's id token names the user, not the session (iss, aud, sub, uid, iat, exp):
  // two sessions of one user signed in within the same second get the same id token.
  // The spec makes (hash, validFromDate, validToDate) unique, so two such sign-ins whose
  // transactions started in the same microsecond failed with server_error (seen once in
  // 540 concurrent sign-ins); here both sets are issued at one time in one transaction.
  it('are both stored when issued at the same moment', async () => {
    const user = await createUser(kernel);
    const sessions = [str((await signIn(daemon, user.username, user.password)).session), str((await signIn(daemon, user.username, user.password)).session)];
    const { rows: headers } = await kernel.query<{ header: string; audience: number }>(
      `SELECT h.id AS header, a.id AS audience FROM db.token_header h, oauth2.audience a
        WHERE h.session = ANY ($1) AND a.code = $2 ORDER BY h.id`,
      [sessions, web.id],
    );
    expect(headers).toHaveLength(2);
    await kernel.query('BEGIN');
    try {
      const sets: Json[] = [];
      for (const { header, audience } of headers) {
        const { rows: [row] } = await kernel.query<{ set: Json }>(
          `SELECT kernel.IssueTokenSet($1, $2, date_trunc('second', now()), date_trunc('second', now()) + interval '1 hour') AS set`,
          [audience, header],
        );
        sets.push(row?.set ?? {});
      }
      expect(sets[0]?.id_token).toEqual(expect.any(String));
      expect(sets[1]?.id_token).toBe(sets[0]?.id_token);
      expect(sets[1]?.access_token).not.toBe(sets[0]?.access_token);
      const { rows: [stored] } = await kernel.query<{ n: string }>(
        `SELECT count(*) AS n FROM db.token WHERE type = 'I' AND token = $1 AND validFromDate = date_trunc('second', now())`,
        [sets[0]?.id_token],
      );
      expect(stored?.n).toBe('2');
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

describe('the login state of a sign-in', () => {
  async function profileState(username: string): Promise<{ state: string; count: number }> {
    const { rows: [row] } = await kernel.query<{ state: string; count: number }>(
      `SELECT p.state::text AS state, p.input_count AS count FROM db.profile p JOIN db.user u ON u.id = p.userid
        WHERE u.username = $1 ORDER BY p.input_last DESC NULLS LAST LIMIT 1`,
      [username],
    );
    if (row === undefined) throw new Error(`no profile of ${username}`);
    return row;
  }

  it('is what ProfileLoginState computes for the address, local or not, and the count goes up by one', async () => {
    const user = await createUser(kernel);
    await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password }, '127.0.0.1');
    const local = await profileState(user.username);
    expect(local.state).toBe('010');
    await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password }, '203.0.113.7');
    const remote = await profileState(user.username);
    expect(remote).toEqual({ state: '001', count: local.count + 1 });
    const { rows: [direct] } = await kernel.query<{ state: string }>(
      `SELECT set_config('current.user', $1, false), kernel.ProfileLoginState($1::uuid, '203.0.113.7')::text AS state`,
      [user.id],
    );
    expect(direct?.state).toBe(remote.state);
  });

  it('is still computed by the trigger for any other write of input_last', async () => {
    const user = await createUser(kernel);
    await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password }, '203.0.113.9');
    expect((await profileState(user.username)).state).toBe('001');
    await kernel.query(`SELECT set_config('current.user', $1, false)`, [user.id]);
    await kernel.query(`UPDATE db.session SET host = '127.0.0.1' WHERE userid = $1`, [user.id]);
    await kernel.query(`UPDATE db.profile SET input_last = now() + interval '1 second', lc_ip = '127.0.0.1' WHERE userid = $1`, [user.id]);
    expect((await profileState(user.username)).state).toBe('010');
  });
});

describe('IPInList', () => {
  it.each([
    ['127.0.0.1', null, false],
    ['127.0.0.1', '  ', false],
    ['127.0.0.1', '10.0.0.1, 127.0.0.1', true],
    ['127.0.0.2', '10.0.0.1, 127.0.0.1', false],
    ['10.0.5.5', '10.0.*.*', true],
    ['10.0.0.5', '10.0.0.1-10.0.0.9', true],
    ['10.0.0.10', '10.0.0.1-10.0.0.9', false],
    ['127.0.0.1', 'not an address', false],
    ['127.0.0.1', 'not an address, 127.0.0.1', false],
  ])('IPInList(%s, %p) is %p', async (host, list, expected) => {
    const { rows: [row] } = await kernel.query<{ hit: boolean }>(`SELECT kernel.IPInList($1::inet, $2) AS hit`, [host, list]);
    expect(row?.hit).toBe(expected);
  });
});

describe('patch P00000006', () => {
  it('makes the token trigger conditional and the login state trigger take RecordLogin\'s state, and is a no-op when re-run', async () => {
    const patch = readFileSync(new URL('../platform/patch/P00000006.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      // the database as it was before: one unconditional token trigger, a state trigger that always computes
      await kernel.query('DROP TRIGGER t_token_before_insert ON db.token');
      await kernel.query('DROP TRIGGER t_token_before_update ON db.token');
      await kernel.query('CREATE TRIGGER t_token_before BEFORE INSERT OR UPDATE ON db.token FOR EACH ROW EXECUTE PROCEDURE db.ft_token_before()');
      await kernel.query(`CREATE OR REPLACE FUNCTION db.ft_profile_login_state() RETURNS trigger AS $$
        BEGIN NEW.state := ProfileLoginState(NEW.userid, NEW.lc_ip); RETURN NEW; END;
        $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp`);
      await kernel.query(patch);
      await kernel.query(patch);
      const { rows: triggers } = await kernel.query<{ name: string; when: boolean }>(
        `SELECT tgname AS name, tgqual IS NOT NULL AS when FROM pg_trigger WHERE tgrelid = 'db.token'::regclass AND NOT tgisinternal ORDER BY 1`,
      );
      expect(triggers).toEqual([
        { name: 't_token_before_insert', when: true },
        { name: 't_token_before_update', when: true },
        // P00000011's, untouched by this patch
        { name: 't_token_claims', when: true },
        { name: 't_token_claims_update', when: false },
      ]);
      const { rows: [fn] } = await kernel.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'db.ft_profile_login_state'::regproc`);
      expect(fn?.src).toContain('kernel.login_state');
      // a token inserted without its hash still gets it; a changed value is hashed again
      const { rows: [hdr] } = await kernel.query<{ id: string }>(`SELECT id FROM db.token_header LIMIT 1`);
      const { rows: [ins] } = await kernel.query<{ id: string; ok: boolean; to: Date }>(
        `INSERT INTO db.token (header, type, token) VALUES ($1, 'A', 'patch-test-value')
         RETURNING id, hash = kernel.hmac_key_hash('patch-test-value') AS ok, validToDate AS to`,
        [hdr?.id],
      );
      expect(ins?.ok).toBe(true);
      const { rows: [upd] } = await kernel.query<{ ok: boolean; type: string }>(
        `UPDATE db.token SET token = 'patch-test-other', type = 'R' WHERE id = $1 RETURNING hash = kernel.hmac_key_hash('patch-test-other') AS ok, type`,
        [ins?.id],
      );
      expect(upd).toEqual({ ok: true, type: 'A' });
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

// A client_credentials grant's sign-in writes the client's profile row and the login event
// only when that bookkeeping is over a minute old (or the address changed, a failure is to
// be reset, the profile went offline); in between it is counted in db.profile_input, which
// the users view adds, so input_count and input_last read exact (docs/internals.md).
describe('the quiet sign-ins of client_credentials grants', () => {
  interface Counts {
    profile: number;
    view: number;
    pending: number;
    last: Date;
    viewLast: Date;
  }

  async function serviceId(): Promise<string> {
    const { rows: [row] } = await kernel.query<{ id: string }>(`SELECT id FROM db.user WHERE type = 'U' AND username = $1`, [service.id]);
    return str(row?.id);
  }

  async function counts(): Promise<Counts> {
    const { rows: [row] } = await kernel.query<Counts>(
      `SELECT p.input_count AS profile, v.input_count AS view, p.input_last AS last, v.input_last AS "viewLast",
              coalesce((SELECT sum(n)::integer FROM db.profile_input i WHERE i.userid = p.userid AND i.scope = p.scope), 0) AS pending
         FROM db.profile p JOIN kernel.users v ON v.id = p.userid AND v.scope = p.scope
        WHERE p.userid = $1 AND p.scope = '00000000-0000-4006-a000-000000000000'`,
      [await serviceId()],
    );
    if (row === undefined) throw new Error('no profile of the service client');
    return row;
  }

  async function loginEvents(session: unknown): Promise<number> {
    const { rows: [row] } = await kernel.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM db.log WHERE code = 6010 AND event = 'login' AND session = $1`,
      [str(session)],
    );
    return row?.n ?? 0;
  }

  /** The service client's bookkeeping as if its last sign-in were long ago. */
  async function stale(): Promise<void> {
    const id = await serviceId();
    await kernel.query(`UPDATE db.profile SET input_last = now() - interval '2 minutes' WHERE userid = $1`, [id]);
    await kernel.query(`UPDATE db.profile_input SET since = since - interval '2 minutes' WHERE userid = $1`, [id]);
  }

  const grant = (host = '127.0.0.1', client = daemon): Promise<Json> =>
    token(client, service.id, service.secret, { grant_type: 'client_credentials', scope: 'pgfleet' }, host);

  it('write the profile and log the first grant, then count later ones within the minute without either', async () => {
    await stale();
    const before = await counts();
    const first = await grant();
    expect(await loginEvents(first.session)).toBe(1);
    const afterFirst = await counts();
    expect(afterFirst).toMatchObject({ profile: before.profile + before.pending + 1, pending: 0, view: before.view + 1 });

    const second = await grant();
    const third = await grant();
    expect(third).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(await loginEvents(second.session)).toBe(0);
    expect(await loginEvents(third.session)).toBe(0);
    const afterThird = await counts();
    expect(afterThird).toMatchObject({ profile: afterFirst.profile, pending: 2, view: afterFirst.view + 2 });
    expect(afterThird.last).toEqual(afterFirst.last);
    expect(afterThird.viewLast.getTime()).toBeGreaterThan(afterFirst.last.getTime());
  });

  it('fold the counted grants into the profile once the oldest is a minute old, and that grant is logged', async () => {
    await grant();
    await grant();
    const before = await counts();
    expect(before.pending).toBeGreaterThan(0);
    await kernel.query(`UPDATE db.profile_input SET since = since - interval '2 minutes' WHERE userid = $1`, [await serviceId()]);
    const loud = await grant();
    expect(await loginEvents(loud.session)).toBe(1);
    expect(await counts()).toMatchObject({ profile: before.view + 1, pending: 0, view: before.view + 1 });
  });

  it('are not quiet from another address, after a failed sign-in, or once the profile went offline', async () => {
    await grant();
    expect(await loginEvents((await grant('127.0.0.1')).session)).toBe(0);

    const elsewhere = await grant('203.0.113.5');
    expect(await loginEvents(elsewhere.session)).toBe(1);
    const { rows: [moved] } = await kernel.query<{ ip: string; state: string }>(
      `SELECT host(lc_ip) AS ip, state::text AS state FROM db.profile WHERE userid = $1 AND scope = '00000000-0000-4006-a000-000000000000'`,
      [await serviceId()],
    );
    expect(moved).toEqual({ ip: '203.0.113.5', state: '001' });
    expect(await loginEvents((await grant('203.0.113.5')).session)).toBe(0);

    // a wrong password of the service user counts a failure: the next success resets it
    const failed = await token(daemon, web.id, web.secret, { grant_type: 'password', username: service.id, password: 'wrong' }, '203.0.113.5');
    expect(errorOf(failed)).toMatchObject({ code: 401, error: 'access_denied' });
    const reset = await grant('203.0.113.5');
    expect(await loginEvents(reset.session)).toBe(1);
    const { rows: [errors] } = await kernel.query<{ n: number }>(
      `SELECT input_error AS n FROM db.profile WHERE userid = $1 AND scope = '00000000-0000-4006-a000-000000000000'`,
      [await serviceId()],
    );
    expect(errors?.n).toBe(0);

    await kernel.query(`UPDATE db.profile SET state = B'000' WHERE userid = $1`, [await serviceId()]);
    expect(await loginEvents((await grant('203.0.113.5')).session)).toBe(1);
  });

  it('do not apply to interactive sign-ins: every password grant writes the profile and is logged', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password);
    const second = await signIn(daemon, user.username, user.password);
    expect(await loginEvents(first.session)).toBe(1);
    expect(await loginEvents(second.session)).toBe(1);
    const { rows: [row] } = await kernel.query<{ n: number; pending: number }>(
      `SELECT p.input_count AS n, (SELECT count(*)::integer FROM db.profile_input i WHERE i.userid = p.userid) AS pending
         FROM db.profile p WHERE p.userid = $1`,
      [user.id],
    );
    expect(row).toEqual({ n: 2, pending: 0 });
  });

  it('count concurrent grants of one client exactly', async () => {
    await grant();
    const clients = await Promise.all([1, 2, 3, 4].map(() => db.client('daemon')));
    try {
      const before = await counts();
      const answers = await Promise.all(clients.map(async (client) => {
        const out: Json[] = [];
        for (let i = 0; i < 10; i++) out.push(await grant('127.0.0.1', client));
        return out;
      }));
      expect(answers.flat().every((a) => typeof a.access_token === 'string')).toBe(true);
      const after = await counts();
      expect(after.view).toBe(before.view + 40);
      await stale();
      await grant();
      expect(await counts()).toMatchObject({ profile: before.view + 41, pending: 0, view: before.view + 41 });
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('are removed with their user', async () => {
    const user = await createUser(kernel);
    await kernel.query(
      `INSERT INTO db.profile_input (userid, scope, backend, n, since, at) VALUES ($1, '00000000-0000-4006-a000-000000000000', 1, 3, now(), now())`,
      [user.id],
    );
    await kernel.query(`SELECT kernel.DeleteUser($1::uuid)`, [user.id]);
    const { rows } = await kernel.query(`SELECT 1 FROM db.profile_input WHERE userid = $1`, [user.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('patch P00000009', () => {
  it('adds the counted sign-ins to a database without them, and is a no-op when re-run', async () => {
    const patch = readFileSync(new URL('../platform/patch/P00000009.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      // the database as it was before: no counted sign-ins (nor the views the update
      // re-creates on them), a user delete trigger without them
      await kernel.query('DROP TABLE db.profile_input CASCADE');
      await kernel.query(`CREATE OR REPLACE FUNCTION db.ft_user_before_delete() RETURNS trigger AS $$
        BEGIN DELETE FROM db.iptable WHERE userid = OLD.id; DELETE FROM db.profile WHERE userid = OLD.id; RETURN OLD; END;
        $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp`);
      // the session trigger's former helper
      await kernel.query(`CREATE OR REPLACE FUNCTION kernel.EncryptSessionSecret(pSecret text) RETURNS bytea AS $$
        BEGIN RETURN pgp_sym_encrypt(pSecret, GetSecretKey(), 'cipher-algo=aes128, s2k-mode=1'); END;
        $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp`);
      // db.token with its CHECK on type and an update trigger with a WHEN condition
      await kernel.query(`ALTER TABLE db.token ADD CONSTRAINT token_type_check CHECK (type IN ('C', 'A', 'R', 'I'))`);
      await kernel.query('DROP TRIGGER t_token_before_update ON db.token');
      await kernel.query(`CREATE TRIGGER t_token_before_update BEFORE UPDATE ON db.token FOR EACH ROW
        WHEN (NEW.header IS DISTINCT FROM OLD.header OR NEW.type IS DISTINCT FROM OLD.type OR NEW.token IS DISTINCT FROM OLD.token)
        EXECUTE PROCEDURE db.ft_token_before()`);
      await kernel.query(patch);
      await kernel.query(patch);
      const { rows: helper } = await kernel.query(`SELECT 1 FROM pg_proc WHERE proname = 'encryptsessionsecret'`);
      expect(helper).toEqual([]);
      const { rows: checks } = await kernel.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'db.token'::regclass AND contype = 'c'`);
      expect(checks).toEqual([]);
      const { rows: [trigger] } = await kernel.query<{ def: string }>(
        `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = 'db.token'::regclass AND tgname = 't_token_before_update'`,
      );
      expect(trigger?.def).toContain('BEFORE UPDATE OF header, type, token ON db.token');
      expect(trigger?.def).not.toContain('WHEN');
      // the update trigger still keeps header and type and hashes a changed value again
      const { rows: [tok] } = await kernel.query<{ id: string }>(`SELECT id FROM db.token WHERE type = 'A' LIMIT 1`);
      const { rows: [upd] } = await kernel.query<{ ok: boolean; type: string }>(
        `UPDATE db.token SET token = 'patch-9-value', type = 'R' WHERE id = $1 RETURNING hash = kernel.hmac_key_hash('patch-9-value') AS ok, type`,
        [tok?.id],
      );
      expect(upd).toEqual({ ok: true, type: 'A' });
      const { rows: [pk] } = await kernel.query<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'db.profile_input'::regclass AND contype = 'p'`,
      );
      expect(pk?.def).toBe('PRIMARY KEY (userid, scope, backend)');
      const { rows: [fn] } = await kernel.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'db.ft_user_before_delete'::regproc`);
      expect(fn?.src).toContain('db.profile_input');
      // sessions made by the patched trigger verify (ValidSession re-derives the code) and carry their copies
      const { rows: [made] } = await kernel.query<{ answer: Json }>(
        `SELECT daemon.token($1, $2, '{"grant_type":"client_credentials","scope":"pgfleet"}'::jsonb, 'patch-test', '127.0.0.1') AS answer`,
        [service.id, service.secret],
      );
      const session = str(made?.answer.session);
      const { rows: [check] } = await kernel.query<{ valid: boolean; client: string; username: string; secret: boolean }>(
        `SELECT kernel.ValidSession(s.code) AS valid, s.client_id AS client, s.username,
                kernel.session_secret(s.code) = $2 AS secret
           FROM db.session s WHERE s.code = $1`,
        [session, made?.answer.secret],
      );
      expect(check).toEqual({ valid: true, client: service.id, username: service.id, secret: true });
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

describe('the fifth pass (issue 6): HOT token endings, no CHECKs on db.oauth2, json answers', () => {
  it('ends the redeemed refresh token and the superseded access token without writing an index', async () => {
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password, { access_type: 'offline', scope: 'pgfleet' });
    // a rotation first: its tokens are inserted on a page with room (fillfactor)
    const second = await token(kernel, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    // the backend's counts not yet reported (none is reported within a transaction)
    const counts = async (): Promise<{ upd: number; hot: number }> => {
      const { rows: [row] } = await kernel.query<{ upd: string; hot: string }>(
        `SELECT pg_stat_get_xact_tuples_updated('db.token'::regclass) AS upd, pg_stat_get_xact_tuples_hot_updated('db.token'::regclass) AS hot`,
      );
      return { upd: Number(row?.upd), hot: Number(row?.hot) };
    };
    await kernel.query('BEGIN');
    try {
      const before = await counts();
      await token(kernel, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: second.refresh_token });
      const after = await counts();
      // both endings of the rotation are HOT updates
      expect({ upd: after.upd - before.upd, hot: after.hot - before.hot }).toEqual({ upd: 2, hot: 2 });
    } finally {
      await kernel.query('ROLLBACK');
    }
  });

  it('redeems a refresh token in the transaction that issued it: the successor starts where the redeemed one ended, and is the latest', async () => {
    await kernel.query('BEGIN');
    try {
      const cc = await token(kernel, service.id, service.secret, { grant_type: 'client_credentials', scope: 'pgfleet' });
      const next = await token(kernel, service.id, service.secret, { grant_type: 'refresh_token', refresh_token: cc.refresh_token });
      expect(next).toMatchObject({ session: cc.session, refresh_token: expect.any(String) });
      const tokens = await tokensOf(str(cc.session));
      const refresh = tokens.filter((t) => t.type === 'R');
      expect(refresh).toHaveLength(2);
      // both start at the transaction's now(): the redeemed one ended there
      expect(refresh[0]?.from.getTime()).toBe(refresh[1]?.from.getTime());
      expect(refresh[0]).toMatchObject({ used: true, live: false });
      expect(refresh[0]?.to.getTime()).toBe(refresh[0]?.from.getTime());
      expect(refresh[1]).toMatchObject({ used: false, live: true });
      expect(live(tokens, 'A')).toHaveLength(1);
      // and the successor is what the next rotation finds and ends
      const third = await token(kernel, service.id, service.secret, { grant_type: 'refresh_token', refresh_token: next.refresh_token });
      expect(third).toMatchObject({ session: cc.session, refresh_token: expect.any(String) });
      const after = await tokensOf(str(cc.session));
      expect(live(after, 'R')).toHaveLength(1);
      expect((await tokenByValue(str(third.refresh_token)))?.live).toBe(true);
      expect((await tokenByValue(str(next.refresh_token)))).toMatchObject({ used: true, live: false });
    } finally {
      await kernel.query('ROLLBACK');
    }
  });

  it('refuses an access type other than online or offline in CreateOAuth2 (no CHECK constraint any more)', async () => {
    const { rows: [aud] } = await kernel.query<{ id: number }>(`SELECT id FROM oauth2.audience WHERE code = $1`, [web.id]);
    for (const call of ['kernel.CreateOAuth2($1::integer, $2::text[], $3)', 'kernel.CreateOAuth2($1::integer, $2::text, $3)']) {
      const scope = call.includes('text[]') ? ['pgfleet'] : 'pgfleet';
      const err = await kernel.query(`SELECT ${call}`, [aud?.id, scope, 'forever']).catch((e: { code?: string; message?: string }) => e);
      expect(err).toMatchObject({ code: '23514', message: 'Invalid access type "forever": online or offline.' });
      const { rows: [ok] } = await kernel.query<{ id: string }>(`SELECT ${call} AS id`, [aud?.id, scope, 'offline']);
      expect(ok?.id).toEqual(expect.any(String));
    }
    const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: 'admin', password: 'admin', access_type: 'forever' });
    expect(errorOf(answer)).toMatchObject({ code: 400, error: 'invalid_request' });
  });

  it('answers client_credentials and refresh_token with the same keys as before, state and id token where due', async () => {
    const cc = await token(daemon, service.id, service.secret, { grant_type: 'client_credentials', scope: 'pgfleet' });
    expect(Object.keys(cc).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'secret', 'session', 'token_type']);
    expect(cc).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'pgfleet' });
    // the secret handed over by the session trigger (kernel.grant_secret) is the stored one
    const { rows: [stored] } = await kernel.query<{ secret: string; valid: boolean }>(
      `SELECT kernel.session_secret($1) AS secret, kernel.ValidSecret($2, $1) AS valid`,
      [cc.session, cc.secret],
    );
    expect(stored).toEqual({ secret: cc.secret, valid: true });
    const user = await createUser(kernel);
    const first = await signIn(daemon, user.username, user.password, { access_type: 'offline', scope: 'pgfleet' });
    const next = await token(daemon, web.id, web.secret, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(Object.keys(next).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'secret', 'session', 'token_type']);
    expect(next).toMatchObject({ session: first.session, secret: first.secret, token_type: 'Bearer', expires_in: 3600 });
    const online = await signIn(daemon, user.username, user.password);
    expect(Object.keys(online)).not.toContain('refresh_token');
    const withState = await token(daemon, web.id, web.secret, {
      grant_type: 'password', username: user.username, password: user.password, scope: 'pgfleet openid', state: 'st-1',
    });
    expect(withState).toMatchObject({ state: 'st-1', id_token: expect.any(String), access_token: expect.any(String) });
  });
});

describe('the session trigger\'s membership checks', () => {
  it('admit exactly what IsMemberArea and IsMemberInterface admit: directly, through a group, through an enclosing area', async () => {
    const direct = await createUser(kernel);
    const grouped = await createUser(kernel);
    const { rows: areas } = await kernel.query<{ id: string }>(`SELECT id FROM db.area ORDER BY id`);
    const { rows: ifaces } = await kernel.query<{ id: string }>(`SELECT id FROM db.interface ORDER BY id`);
    const { rows: [aud] } = await kernel.query<{ id: number }>(`SELECT id FROM oauth2.audience WHERE code = $1`, [web.id]);
    const { rows: [locale] } = await kernel.query<{ id: string }>(`SELECT id FROM db.locale ORDER BY id LIMIT 1`);
    await kernel.query('BEGIN');
    try {
      // direct: of the last area and interface; grouped: through a new group, of the first ones
      const { rows: [group] } = await kernel.query<{ id: string }>(`SELECT kernel.CreateGroup('grp' || $1, 'group') AS id`, [grouped.username]);
      await kernel.query(`INSERT INTO db.member_group (userid, member) VALUES ($1, $2)`, [group?.id, grouped.id]);
      await kernel.query(`INSERT INTO db.member_area (area, member) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING`,
        [areas[0]?.id, group?.id, areas[areas.length - 1]?.id, direct.id]);
      await kernel.query(`INSERT INTO db.member_interface (interface, member) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING`,
        [ifaces[0]?.id, group?.id, ifaces[ifaces.length - 1]?.id, direct.id]);
      let admitted = 0;
      for (const user of [direct.id, grouped.id, '00000000-0000-4000-a001-000000000001']) {
        for (const area of areas) {
          for (const iface of ifaces) {
            const { rows: [oracle] } = await kernel.query<{ ok: boolean }>(
              `SELECT kernel.IsMemberArea($1, $3) AND kernel.IsMemberInterface($2, $3) AS ok`, [area.id, iface.id, user]);
            await kernel.query('SAVEPOINT s');
            const inserted = await kernel
              .query(
                `INSERT INTO db.session (oauth2, userid, locale, area, interface, agent, host)
                 VALUES (kernel.CreateOAuth2($1::integer, '{pgfleet}'::text[], 'online'), $2, $3, $4, $5, 'membership-test', null)`,
                [aud?.id, user, locale?.id, area.id, iface.id],
              )
              .then(() => true, (e: Error) => (/ERR-400-0(18|20)/.test(e.message) ? false : Promise.reject(e)));
            await kernel.query('ROLLBACK TO SAVEPOINT s');
            expect({ user, area: area.id, iface: iface.id, inserted }).toEqual({ user, area: area.id, iface: iface.id, inserted: oracle?.ok });
            if (inserted) admitted += 1;
          }
        }
      }
      expect(admitted).toBeGreaterThan(2);
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});

describe('the profile of a sign-in', () => {
  it('is that of the first requested scope the user has one in, whether the first code is a scope or an alias', async () => {
    const user = await createUser(kernel);
    const of = async (scope: string): Promise<unknown> => {
      const answer = await signIn(daemon, user.username, user.password, { scope });
      const { rows: [row] } = await kernel.query(
        `SELECT s.scope, s.area, s.interface, s.locale FROM db.session s WHERE s.code = $1`, [answer.session]);
      return row;
    };
    const { rows: [profile] } = await kernel.query(
      `SELECT p.scope, p.area, p.interface, p.locale FROM db.profile p JOIN db.scope s ON s.id = p.scope WHERE p.userid = $1 AND s.code = 'pgfleet'`,
      [user.id],
    );
    expect(profile).toBeDefined();
    expect(await of('pgfleet')).toEqual(profile);
    expect(await of('openid pgfleet')).toEqual(profile);
    expect(await of('email')).toEqual(profile);
  });
});

describe('SignHS256', () => {
  it('makes byte for byte the JWT of kernel.sign, for short, long (wrapped base64) and non-ASCII claims', async () => {
    const payloads = [
      { iss: 'a', aud: 'b', sub: 'c', iat: 1, exp: 2 },
      { iss: 'issuer/with+chars?', aud: 'x'.repeat(400), sub: 'ß∂ƒ©˙∆˚¬…æ — ключ', iat: 1795979682, exp: 1796066082 },
      { n: '>>>???~~~' },
    ];
    for (const payload of payloads) {
      for (const secret of ['k', 'dev-service-secret-change-me-Hw9Lp3Vz6', 'ключ+/=']) {
        const { rows: [row] } = await kernel.query<{ ours: string; theirs: string }>(
          `SELECT kernel.SignHS256($1::json, $2) AS ours, kernel.sign($1::json, $2) AS theirs`, [JSON.stringify(payload), secret]);
        expect(row?.ours).toBe(row?.theirs);
      }
    }
  });
});

describe('ScopeToArray, one lookup per requested code', () => {
  it('keeps scopes, aliases and the project name in their first order, once each, and names every unknown code', async () => {
    const scopes = async (requested: string): Promise<string[]> =>
      (await kernel.query<{ s: string[] }>('SELECT kernel.ScopeToArray($1) AS s', [requested])).rows[0]?.s ?? [];
    expect(await scopes(' openid  pgfleet openid profile ')).toEqual(['openid', 'pgfleet', 'profile']);
    await kernel.query('BEGIN');
    try {
      await kernel.query(`UPDATE db.setting SET value = 'proj-x' WHERE name = 'project'`);
      expect(await scopes('proj-x email')).toEqual(['proj-x', 'email']);
    } finally {
      await kernel.query('ROLLBACK');
    }
    const err = await kernel.query(`SELECT kernel.ScopeToArray('pgfleet nope1 nope2')`).catch((e: Error) => e);
    expect(String(err)).toMatch(/nope1.*nope2/);
    // no scope: every scope, then every alias
    const all = await scopes('');
    const { rows: codes } = await kernel.query<{ code: string }>(
      `SELECT code FROM (SELECT code, 0 AS ord FROM db.scope UNION SELECT code, 1 FROM db.scope_alias) s ORDER BY ord, code`,
    );
    expect(all).toEqual(codes.map((c) => c.code));
  });
});

describe('patch P00000012', () => {
  it('moves a database to the new token indexes, drops the CHECKs on db.oauth2 and the jsonb IssueTokenSet, and is a no-op when re-run', async () => {
    const patch = readFileSync(new URL('../platform/patch/P00000012.sql', import.meta.url), 'utf8');
    await kernel.query('BEGIN');
    try {
      // the database as it was before: the spec's index columns, CHECKs, a jsonb IssueTokenSet
      await kernel.query('DROP INDEX db.token_hash_idx');
      await kernel.query('DROP INDEX db.token_header_type_validfromdate_id_idx');
      await kernel.query('CREATE INDEX token_hash_validfromdate_validtodate_idx ON db.token (hash, validFromDate, validToDate)');
      await kernel.query('CREATE UNIQUE INDEX token_header_type_validfromdate_validtodate_idx ON db.token (header, type, validFromDate, validToDate)');
      await kernel.query('ALTER TABLE db.token RESET (fillfactor)');
      await kernel.query(`ALTER TABLE db.oauth2 ADD CONSTRAINT oauth2_access_type_check CHECK (access_type IN ('online', 'offline')),
                          ADD CONSTRAINT oauth2_code_challenge_method_check CHECK (code_challenge_method IN ('plain', 'S256'))`);
      // the session trigger as P00000009 left it
      const p9 = readFileSync(new URL('../platform/patch/P00000009.sql', import.meta.url), 'utf8');
      const start = p9.indexOf('CREATE OR REPLACE FUNCTION db.ft_session_before()');
      const end = p9.indexOf('pg_temp;', start) + 'pg_temp;'.length;
      await kernel.query(p9.slice(start, end));
      await kernel.query('DROP FUNCTION kernel.IssueTokenSet(integer, bigint, timestamptz, timestamptz, text)');
      await kernel.query(`CREATE FUNCTION kernel.IssueTokenSet(pAudience integer, pHeader bigint, pDateFrom timestamptz,
        pDateTo timestamptz, pSecret text DEFAULT null) RETURNS jsonb AS $$ SELECT '{}'::jsonb $$ LANGUAGE sql`);
      await kernel.query(patch);
      await kernel.query(patch);
      const { rows: indexes } = await kernel.query<{ def: string }>(
        `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'db.token'::regclass ORDER BY 1`,
      );
      expect(indexes.map((i) => i.def)).toEqual([
        'CREATE INDEX token_hash_idx ON db.token USING btree (hash)',
        'CREATE INDEX token_header_type_validfromdate_id_idx ON db.token USING btree (header, type, validfromdate, id)',
        'CREATE UNIQUE INDEX token_pkey ON db.token USING btree (id)',
      ]);
      const { rows: [rel] } = await kernel.query<{ options: string[] }>(`SELECT reloptions AS options FROM pg_class WHERE oid = 'db.token'::regclass`);
      expect(rel?.options).toEqual(['fillfactor=75']);
      const { rows: checks } = await kernel.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'db.oauth2'::regclass AND contype = 'c'`);
      expect(checks).toEqual([]);
      const { rows: fn } = await kernel.query(`SELECT 1 FROM pg_proc WHERE proname = 'issuetokenset'`);
      expect(fn).toEqual([]);
      const { rows: [trigger] } = await kernel.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'db.ft_session_before'::regproc`);
      expect(trigger?.src).toContain(`set_config('kernel.grant_secret', vSecret, true)`);
      expect(trigger?.src).toContain('IF NOT vInArea THEN');
    } finally {
      await kernel.query('ROLLBACK');
    }
  });
});
