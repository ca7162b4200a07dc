// The per-connection statement cache of entity lists (EntityListQuery): a list
// is PREPAREd once per connection and EXECUTEd after that, at most 256 list
// statements live per connection, and the cache survives the ways PREPARE and
// settings part company (a rolled-back transaction, a statement deallocated
// behind its back). Each test opens its own daemon connection, the way the
// app service holds one, so its backend starts with an empty cache.
import type pg from 'pg';
import { createUser, errorOf, fetch, openDatabase, signIn, str, type Json, type TestDb } from './api-support.js';

let db: TestDb;
let kernel: pg.Client;
let admin: string;

beforeAll(async () => {
  db = await openDatabase('listcache');
  kernel = await db.client('kernel');
  admin = str((await signIn(await db.client('daemon'), 'admin', 'admin')).access_token);
});

afterAll(async () => {
  await db?.close();
});

interface Statement {
  name: string;
  runs: number;
}

/** The list statements prepared in the backend of `daemon`. */
async function statements(daemon: pg.Client): Promise<Statement[]> {
  const result = await daemon.query<{ name: string; runs: string }>(
    `SELECT name, generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE name LIKE 'pgfleet\\_list\\_%' ORDER BY name`,
  );
  return result.rows.map((row) => ({ name: row.name, runs: Number(row.runs) }));
}

async function list(daemon: pg.Client, jwt: string, payload: Json, path = '/api/v1/object/list'): Promise<Json[]> {
  const answer = await fetch(daemon, jwt, path, payload);
  const error = answer.length === 1 ? errorOf(answer[0]) : undefined;
  if (error !== undefined) throw new Error(`${path}: ${JSON.stringify(error)}`);
  return answer;
}

describe('the list statement cache', () => {
  it('prepares a list once per connection and runs the same statement on the next call', async () => {
    const daemon = await db.client('daemon');
    const first = await list(daemon, admin, { reclimit: 5 });
    expect(first).toHaveLength(5);
    const [prepared] = await statements(daemon);
    expect(await statements(daemon)).toEqual([{ name: prepared?.name, runs: 1 }]);

    expect(await list(daemon, admin, { reclimit: 5 })).toEqual(first);
    expect(await statements(daemon)).toEqual([{ name: prepared?.name, runs: 2 }]);

    // Another page is another statement; the first one stays.
    expect(await list(daemon, admin, { reclimit: 5, recoffset: 5 })).toHaveLength(5);
    const after = await statements(daemon);
    expect(after).toHaveLength(2);
    expect(after).toContainEqual({ name: prepared?.name, runs: 2 });
  });

  it('serves every caller of the connection with that caller’s rows', async () => {
    const daemon = await db.client('daemon');
    const user = await createUser(kernel);
    const jwt = str((await signIn(daemon, user.username, user.password)).access_token);
    // An object the administrator may read and the new user may not.
    const { rows } = await kernel.query<{ id: string }>(
      `SELECT id FROM db.object
        WHERE id = ANY (kernel.AccessSelectable(null, '00000000-0000-4000-a001-000000000001'))
          AND NOT id = ANY (kernel.AccessSelectable(null, $1))
        ORDER BY pdate DESC LIMIT 1`,
      [user.id],
    );
    const id = str(rows[0]?.id);
    expect(await list(daemon, admin, { filter: { id } })).toEqual([expect.objectContaining({ id })]);
    expect(await list(daemon, jwt, { filter: { id } })).toEqual([]);
    expect(await list(daemon, admin, { filter: { id } })).toEqual([expect.objectContaining({ id })]);
    // Both callers ran prepared statements: nothing was planned outside the cache.
    const held = await statements(daemon);
    expect(held.length).toBeGreaterThanOrEqual(1);
    expect(held.reduce((sum, statement) => sum + statement.runs, 0)).toBe(3);
  });

  it('never prepares a list that fails validation', async () => {
    const daemon = await db.client('daemon');
    for (const payload of [{ orderby: ['id; DROP TABLE db.object; --'] }, { filter: { 'id = id OR true --': 1 } }, { fields: ['nosuch'] }]) {
      const [row] = await fetch(daemon, admin, '/api/v1/object/list', payload);
      expect(errorOf(row)?.code).toBe(400);
    }
    expect(await statements(daemon)).toEqual([]);
  });

  it('holds at most 256 list statements per connection, deallocating them all to make room', async () => {
    // How many objects the administrator lists, counted on another connection.
    const objects = (await list(await db.client('daemon'), admin, { reclimit: 500, fields: ['id'] })).length;
    const daemon = await db.client('daemon');
    // Each page size is its own statement.
    for (let size = 1; size <= 256; size += 1) {
      await list(daemon, admin, { reclimit: size, fields: ['id'] });
    }
    expect(await statements(daemon)).toHaveLength(256);

    const overflow = await list(daemon, admin, { reclimit: 257, fields: ['id'] });
    expect(overflow).toHaveLength(Math.min(257, objects));
    const left = await statements(daemon);
    expect(left).toEqual([{ name: expect.any(String), runs: 1 }]);

    // An evicted list is prepared again on its next call, with the right rows.
    expect(await list(daemon, admin, { reclimit: 3, fields: ['id'] })).toHaveLength(3);
    expect(await statements(daemon)).toHaveLength(2);
  }, 180_000);

  it('prepares again a statement deallocated behind its back', async () => {
    const daemon = await db.client('daemon');
    const first = await list(daemon, admin, { reclimit: 4 });
    const [prepared] = await statements(daemon);
    await daemon.query(`DEALLOCATE "${prepared?.name}"`);
    expect(await statements(daemon)).toEqual([]);

    expect(await list(daemon, admin, { reclimit: 4 })).toEqual(first);
    expect(await statements(daemon)).toEqual([{ name: prepared?.name, runs: 1 }]);
  });

  it('finds its statement again after a rollback took the setting that remembered it', async () => {
    const daemon = await db.client('daemon');
    await daemon.query('BEGIN');
    const first = await list(daemon, admin, { reclimit: 7 });
    await daemon.query('ROLLBACK');
    // PREPARE is not transactional: the statement outlived the rollback.
    const [prepared] = await statements(daemon);
    expect(await statements(daemon)).toEqual([{ name: prepared?.name, runs: 1 }]);

    expect(await list(daemon, admin, { reclimit: 7 })).toEqual(first);
    expect(await statements(daemon)).toEqual([{ name: prepared?.name, runs: 2 }]);
  });

  it('caches document lists the same way', async () => {
    const daemon = await db.client('daemon');
    const first = await list(daemon, admin, { reclimit: 2 }, '/api/v1/document/list');
    expect(await list(daemon, admin, { reclimit: 2 }, '/api/v1/document/list')).toEqual(first);
    expect(await statements(daemon)).toEqual([{ name: expect.any(String), runs: 2 }]);
  });
});

describe('the view a list statement reads', () => {
  /** The api view each prepared list statement of `daemon` reads. */
  async function views(daemon: pg.Client): Promise<string[]> {
    const result = await daemon.query<{ view: string }>(
      `SELECT substring(statement FROM 'FROM (api\\.[a-z_]+) t') AS view FROM pg_prepared_statements
        WHERE name LIKE 'pgfleet\\_list\\_%' ORDER BY prepare_time`,
    );
    return result.rows.map((row) => row.view);
  }

  it('is the memoized scan for a plain page of a caller on the scan, the scan for anything that filters or sorts', async () => {
    const daemon = await db.client('daemon');
    // In a database this small every caller is below EntityListView's
    // threshold; its choice (kept per connection, see EntityListView) is set
    // to the scan, as for an administrator of a real installation.
    const adminId = '00000000-0000-4000-a001-000000000001';
    await daemon.query(
      `SELECT set_config('pgfleet.list_view_' || left(md5('object ' || $1), 3),
                         concat_ws(' ', $1, 'object', 'object_scan', extract(epoch FROM clock_timestamp())::text), false)`,
      [adminId],
    );
    const plain = await list(daemon, admin, { reclimit: 6 });
    const unordered = await list(daemon, admin, { reclimit: 6, orderby: {} });
    const ordered = await list(daemon, admin, { reclimit: 6, orderby: ['created desc'] });
    const searched = await list(daemon, admin, { reclimit: 6, search: [{ field: 'id', compare: 'INN' }] });
    expect(await views(daemon)).toEqual(['api.object_scan_lateral', 'api.object_scan_lateral', 'api.object_scan', 'api.object_scan']);
    // The same page either way (the default order is created, newest first).
    expect(plain.map((row) => row.created)).toEqual(ordered.map((row) => row.created));
    expect(new Set(plain.map((row) => row.id))).toEqual(new Set(searched.map((row) => row.id)));
    expect(unordered).toHaveLength(6);
    // An ordinary user with a handful of objects reads the id list, in every form.
    const user = await createUser(kernel);
    const jwt = str((await signIn(daemon, user.username, user.password)).access_token);
    const other = await db.client('daemon');
    await list(other, jwt, { reclimit: 6 });
    expect(await views(other)).toEqual(['api.object']);
  });
});
