// Workflow engine metadata (spec 15-workflow): seeds, class tree, default
// lifecycle, class/method ACL and the /workflow/* REST paths.
import type pg from 'pg';
import { HOOK_TIMEOUT_MS, createUser, errorOf, failure, fetch, one, openDatabase, rows, signIn, type Json, type TestDb } from './kernel-support.js';

const ADMINISTRATOR = '00000000-0000-4000-a000-000000000001';
const USER_GROUP = '00000000-0000-4000-a000-000000000002';
const APIBOT = '00000000-0000-4000-a002-000000000001';

let db: TestDb;
let kernel: pg.Client;
let daemon: pg.Client;
let adminJwt: string;
let userJwt: string;
let user: { id: string; username: string; password: string };

beforeAll(async () => {
  db = await openDatabase();
  kernel = await db.client('kernel');
  daemon = await db.client('daemon');
  const admin = await createUser(kernel, 'administrator');
  adminJwt = await signIn(daemon, admin.username, admin.password);
  user = await createUser(kernel);
  userJwt = await signIn(daemon, user.username, user.password);
  // Error messages are matched in English; the envelope of daemon.fetch carries no ERR id.
  await call('/locale/set', { code: 'en' });
  await call('/locale/set', { code: 'en' }, userJwt);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
}, HOOK_TIMEOUT_MS);

let serial = 0;
function code(prefix: string): string {
  serial += 1;
  return `wf_${prefix}_${process.pid}_${serial}`;
}

async function entity(name: string): Promise<string> {
  return one<string>(kernel, 'SELECT kernel.AddEntity($1, $2)', [code(name), name]);
}

async function addClass(parent: string | null, entityId: string, label: string, abstract: boolean, classCode = code(label)): Promise<string> {
  return one<string>(kernel, 'SELECT kernel.AddClass($1, $2, $3, $4, $5)', [parent, entityId, classCode, label, abstract]);
}

/** A root (abstract) → concrete class with the default lifecycle. */
async function concreteClass(): Promise<{ root: string; leaf: string }> {
  const e = await entity('thing');
  const root = await addClass(null, e, 'Root', true);
  const leaf = await addClass(root, e, 'Leaf', false);
  await kernel.query('SELECT kernel.AddDefaultMethods($1)', [leaf]);
  return { root, leaf };
}

function call(path: string, payload: unknown, jwt = adminJwt): Promise<Json[]> {
  return fetch(daemon, jwt, `/api/v1${path}`, payload);
}

/** The error envelope of a single-row answer; fails the test when the call succeeded. */
// English catalogue texts of the raisers the paths use.
const ERR = {
  accessDenied: /^Access denied/,
  invalidKey: /Invalid key "/,
  requiredKey: /Required key not FOUND/,
  routeNotFound: /^Route not found/,
};

async function callError(path: string, payload: unknown, jwt = adminJwt): Promise<{ code: number; message: string }> {
  const answer = await call(path, payload, jwt);
  const error = errorOf(answer[0]);
  if (error === undefined) throw new Error(`expected ${path} to fail, got ${JSON.stringify(answer)}`);
  return error;
}

describe('InitWorkFlow seed', () => {
  it('seeds the 54 actions with their fixed ids and a name in all six locales', async () => {
    expect(await one(kernel, 'SELECT count(*)::int FROM db.action')).toBe(54);
    expect(await one(kernel, "SELECT code FROM db.action WHERE id = '00000000-0000-4000-b003-000000000053'")).toBe('prepare');
    expect(await one(kernel, "SELECT id FROM db.action WHERE code = 'anything'")).toBe('00000000-0000-4000-b003-000000000000');
    expect(await one(kernel, 'SELECT count(*)::int FROM db.action_text')).toBe(54 * 6);
    expect(
      await rows(kernel, "SELECT t.name FROM db.action_text t JOIN db.locale l ON l.id = t.locale WHERE t.action = kernel.GetAction('cancel') ORDER BY l.id"),
    ).toEqual(['Cancel', 'Отменить', 'Abbrechen', 'Annuler', 'Annullare', 'Cancelar']);
  });

  it('seeds state types, event types and priorities with fixed ids', async () => {
    expect(await rows(kernel, 'SELECT code FROM db.state_type ORDER BY id')).toEqual(['created', 'enabled', 'disabled', 'deleted']);
    expect(await one(kernel, "SELECT kernel.GetStateType('deleted')")).toBe('00000000-0000-4000-b001-000000000004');
    expect(await rows(kernel, 'SELECT code FROM db.event_type ORDER BY id')).toEqual(['parent', 'event', 'plpgsql']);
    expect(await one(kernel, "SELECT kernel.GetPriority('medium')")).toBe('00000000-0000-4000-b004-000000000001');
    expect(await one(kernel, "SELECT name FROM db.priority_text WHERE priority = kernel.GetPriority('critical') AND locale = kernel.GetLocale('es')")).toBe('Crítico');
  });
});

describe('class tree registration', () => {
  it('computes levels from the parent and keeps the code globally unique', async () => {
    const e = await entity('tree');
    const root = await addClass(null, e, 'Root', true);
    const child = await addClass(root, e, 'Child', true);
    const leaf = await addClass(child, e, 'Leaf', false);
    expect(await rows(kernel, 'SELECT level FROM db.class_tree WHERE id = ANY ($1::uuid[]) ORDER BY level', [[root, child, leaf]])).toEqual([0, 1, 2]);
    const leafCode = await one<string>(kernel, 'SELECT kernel.GetClassCode($1)', [leaf]);
    expect(await failure(kernel, 'SELECT kernel.AddClass($1, $2, $3, $4, false)', [root, e, leafCode, 'Again'])).toMatch(/duplicate key/);
    expect(await one(kernel, 'SELECT kernel.GetEntityCode($1)', [leaf])).toBe(await one(kernel, 'SELECT kernel.GetEntityCode($1)', [e]));
  });

  it('keeps the upstream quirk that EditClass without a parent sets level 1', async () => {
    const e = await entity('quirk');
    const root = await addClass(null, e, 'Root', true);
    await kernel.query("SELECT kernel.EditClass($1, pLabel => 'Renamed')", [root]);
    expect(await one(kernel, 'SELECT level FROM db.class_tree WHERE id = $1', [root])).toBe(1);
  });

  it('seeds the root ACL and copies it into children, adding the extras of reference classes', async () => {
    const e = await entity('acl');
    const root = await addClass(null, e, 'Root', true);
    expect(await rows(kernel, "SELECT userid || ':' || deny || '/' || allow FROM db.acu WHERE class = $1 ORDER BY userid", [root])).toEqual([
      `${ADMINISTRATOR}:00000/11111`,
      `${APIBOT}:00000/01110`,
    ]);
    await kernel.query("UPDATE db.acu SET deny = B'00001' WHERE class = $1 AND userid = $2", [root, APIBOT]);
    // The extras are keyed by class code, which the platform's own tree may already hold.
    await kernel.query('BEGIN');
    try {
      await kernel.query("UPDATE db.class_tree SET code = code || '_moved' WHERE code = 'reference'");
      const reference = await addClass(root, e, 'Reference', true, 'reference');
      expect(await rows(kernel, "SELECT userid || ':' || deny || '/' || allow || '=' || mask FROM db.acu WHERE class = $1 ORDER BY userid", [reference])).toEqual([
        `${ADMINISTRATOR}:00000/11111=11111`,
        `${USER_GROUP}:00000/10100=10100`,
        `${APIBOT}:00001/01110=01110`,
      ]);
    } finally {
      await kernel.query('ROLLBACK');
    }
  });

  it('resolves states through all ancestors but methods only through concrete ones', async () => {
    const e = await entity('inherit');
    const root = await addClass(null, e, 'Root', true);
    await kernel.query('SELECT kernel.AddDefaultMethods($1)', [root]);
    const middle = await addClass(root, e, 'Middle', false);
    await kernel.query('SELECT kernel.AddDefaultMethods($1)', [middle]);
    const leaf = await addClass(middle, e, 'Leaf', false);
    const leafState = await one<string>(kernel, "SELECT kernel.GetState($1, 'enabled')", [leaf]);
    expect(await one(kernel, 'SELECT class FROM db.state WHERE id = $1', [leafState])).toBe(middle);
    expect(await one(kernel, "SELECT kernel.GetState($1, kernel.GetStateType('deleted'))", [leaf])).toBe(
      await one(kernel, "SELECT id FROM db.state WHERE class = $1 AND code = 'deleted'", [middle]),
    );
    // A concrete parent lends its methods; an abstract grandparent does not.
    const viaMiddle = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('create'))", [leaf]);
    expect(await one(kernel, 'SELECT class FROM db.method WHERE id = $1', [viaMiddle])).toBe(middle);
    const orphan = await addClass(root, e, 'Orphan', false);
    expect(await one(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('create'))", [orphan])).toBeNull();
  });

  it('clones a class with its own copy of the parent workflow', async () => {
    const { leaf } = await concreteClass();
    const e = await one<string>(kernel, 'SELECT entity FROM db.class_tree WHERE id = $1', [leaf]);
    const clone = await one<string>(kernel, 'SELECT kernel.CloneClass($1, $2, $3, $4, false)', [leaf, e, code('clone'), 'Clone']);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.method WHERE class = $1', [clone])).toBe(19);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.state WHERE class = $1', [clone])).toBe(4);
    // Every transition of the clone targets the clone's own states.
    expect(
      await one(kernel, 'SELECT count(*)::int FROM db.transition t JOIN db.method m ON m.id = t.method JOIN db.state s ON s.id = t.newstate WHERE m.class = $1 AND s.class <> $1', [clone]),
    ).toBe(0);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.transition t JOIN db.method m ON m.id = t.method WHERE m.class = $1', [clone])).toBe(13);
  });

  it('deletes a class with its states, methods, transitions and events when run as kernel', async () => {
    const { leaf } = await concreteClass();
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('parent'), kernel.GetAction('create'), 'Parent')", [leaf]);
    await kernel.query('SELECT kernel.DeleteClass($1)', [leaf]);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.method WHERE class = $1', [leaf])).toBe(0);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.class_tree WHERE id = $1', [leaf])).toBe(0);
  });
});

describe('default lifecycle', () => {
  it('adds ten stateless methods and the four default states with their state-bound methods', async () => {
    const { leaf } = await concreteClass();
    expect(await rows(kernel, 'SELECT code FROM db.method WHERE class = $1 AND state IS NULL ORDER BY sequence', [leaf])).toEqual([
      'null:create', 'null:open', 'null:edit', 'null:save', 'null:update', 'null:enable', 'null:disable', 'null:delete', 'null:restore', 'null:drop',
    ]);
    expect(await rows(kernel, "SELECT s.code || '=' || t.code FROM db.state s JOIN db.state_type t ON t.id = s.type WHERE s.class = $1 ORDER BY t.id", [leaf])).toEqual([
      'created=created', 'enabled=enabled', 'disabled=disabled', 'deleted=deleted',
    ]);
  });

  it('wires the created → enabled ↔ disabled → deleted → restore machine with the exact action codes', async () => {
    const { leaf } = await concreteClass();
    const edges = await rows<string>(
      kernel,
      `SELECT m.code || '->' || coalesce(n.code, '-') || '@' || coalesce(s.code, 'null')
         FROM db.method m
         LEFT JOIN db.transition t ON t.method = m.id
         LEFT JOIN db.state n ON n.id = t.newstate
         LEFT JOIN db.state s ON s.id = t.state
        WHERE m.class = $1
        ORDER BY 1`,
      [leaf],
    );
    expect(edges).toEqual([
      'created:delete->deleted@created', 'created:disable->disabled@created', 'created:enable->enabled@created',
      'deleted:drop->-@null', 'deleted:restore->created@deleted',
      'disabled:delete->deleted@disabled', 'disabled:enable->enabled@disabled',
      'enabled:delete->deleted@enabled', 'enabled:disable->disabled@enabled',
      'null:create->created@null', 'null:delete->deleted@null', 'null:disable->disabled@null', 'null:drop->-@null',
      'null:edit->-@null', 'null:enable->enabled@null', 'null:open->-@null', 'null:restore->created@null',
      'null:save->-@null', 'null:update->-@null',
    ]);
  });

  it('labels states and methods per locale and lets a 7-element English array fall back to action names', async () => {
    const e = await entity('labels');
    const leaf = await addClass(null, e, 'Leaf', false);
    await kernel.query("SELECT kernel.AddDefaultMethods($1, ARRAY['New','Active','Closed','Gone','Activate','Close','Remove'], ARRAY['Новая','Активна','Закрыта','Удалена'])", [leaf]);
    const label = (sql: string, locale: string): Promise<string> => one<string>(kernel, sql.replace('$L', `kernel.GetLocale('${locale}')`), [leaf]);
    const enabledState = "SELECT label FROM db.state_text t JOIN db.state s ON s.id = t.state WHERE s.class = $1 AND s.code = 'enabled' AND t.locale = $L";
    expect(await label(enabledState, 'en')).toBe('Active');
    expect(await label(enabledState, 'ru')).toBe('Активна');
    expect(await label(enabledState, 'de')).toBe('Geöffnet');
    const restore = "SELECT label FROM db.method_text t JOIN db.method m ON m.id = t.method WHERE m.class = $1 AND m.code = 'deleted:restore' AND t.locale = $L";
    // Element 8 is missing: the action's name is written, de/fr/it/es come from the built-in labels.
    expect(await label(restore, 'en')).toBe(await one(kernel, "SELECT name FROM db.action_text WHERE action = kernel.GetAction('restore') AND locale = kernel.current_locale()"));
    expect(await label(restore, 'fr')).toBe('Restaurer');
    const disable = "SELECT label FROM db.method_text t JOIN db.method m ON m.id = t.method WHERE m.class = $1 AND m.code = 'null:disable' AND t.locale = $L";
    expect(await label(disable, 'ru')).toBe('Выключить');
    expect(await label(disable, 'it')).toBe('Disattivare');
  });

  it('rewrites one locale of the default labels with UpdateDefaultMethods', async () => {
    const { leaf } = await concreteClass();
    await kernel.query("SELECT kernel.UpdateDefaultMethods($1, kernel.GetLocale('en'), ARRAY['Draft','Live','Paused','Bin','Go live','Pause','Bin it','Back','Purge'])", [leaf]);
    expect(await one(kernel, "SELECT label FROM db.method_text t JOIN db.method m ON m.id = t.method WHERE m.class = $1 AND m.code = 'enabled:disable' AND t.locale = kernel.GetLocale('en')", [leaf])).toBe('Pause');
    expect(await one(kernel, "SELECT label FROM db.state_text t JOIN db.state s ON s.id = t.state WHERE s.class = $1 AND s.code = 'deleted' AND t.locale = kernel.GetLocale('de')", [leaf])).toBe('Gelöscht');
  });
});

describe('class and method ACL', () => {
  it('gives default method rights only to principals holding a class ACL row', async () => {
    const { leaf } = await concreteClass();
    const method = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('create'))", [leaf]);
    const admin = await createUser(kernel, 'administrator');
    expect(await one(kernel, "SELECT kernel.CheckMethodAccess($1, B'100', $2)", [method, admin.id])).toBe(true);
    expect(await one(kernel, "SELECT kernel.CheckMethodAccess($1, B'100', $2)", [method, user.id])).toBe(false);
    expect(await one(kernel, 'SELECT row_to_json(x) FROM kernel.DecodeClassAccess($1, $2) x', [leaf, user.id])).toEqual({ a: false, c: false, s: false, u: false, d: false });
  });

  it('lets a group deny win over another group allow', async () => {
    const { leaf } = await concreteClass();
    const method = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('create'))", [leaf]);
    await kernel.query("SELECT kernel.chmodm($1, B'000111', $2)", [method, user.id]);
    expect(await one(kernel, "SELECT kernel.CheckMethodAccess($1, B'100', $2)", [method, user.id])).toBe(true);
    await kernel.query("SELECT kernel.chmodm($1, B'100000', $2)", [method, USER_GROUP]);
    expect(await one(kernel, 'SELECT row_to_json(acl) FROM kernel.DecodeMethodAccess($1, $2) acl', [method, user.id])).toEqual({ x: false, v: true, e: true });
  });

  it('chmodc sets the class row and derives method rights from create/update bits', async () => {
    const { leaf } = await concreteClass();
    // allow select only: methods become visible but not executable
    await kernel.query("SELECT kernel.chmodc($1, B'0000000100', $2)", [leaf, user.id]);
    expect(await one(kernel, 'SELECT row_to_json(x) FROM kernel.DecodeClassAccess($1, $2) x', [leaf, user.id])).toEqual({ a: false, c: false, s: true, u: false, d: false });
    expect(await one(kernel, "SELECT count(*)::int FROM db.amu a JOIN db.method m ON m.id = a.method WHERE m.class = $1 AND a.userid = $2 AND a.allow = B'010'", [leaf, user.id])).toBe(19);
    await kernel.query("SELECT kernel.chmodc($1, B'0000001010', $2)", [leaf, user.id]);
    expect(await one(kernel, "SELECT count(*)::int FROM db.amu a JOIN db.method m ON m.id = a.method WHERE m.class = $1 AND a.userid = $2 AND a.allow = B'111'", [leaf, user.id])).toBe(19);
    await kernel.query('SELECT kernel.chmodc($1, null, $2)', [leaf, user.id]);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.acu WHERE class = $1 AND userid = $2', [leaf, user.id])).toBe(0);
  });

  it('recurses chmodc into child classes only when asked', async () => {
    const e = await entity('recursive');
    const root = await addClass(null, e, 'Root', true);
    const child = await addClass(root, e, 'Child', false);
    await kernel.query("SELECT kernel.chmodc($1, B'0000011111', $2)", [root, user.id]);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.acu WHERE class = $1 AND userid = $2', [child, user.id])).toBe(0);
    await kernel.query("SELECT kernel.chmodc($1, B'0000011111', $2, true)", [root, user.id]);
    expect(await one(kernel, 'SELECT allow::text FROM db.acu WHERE class = $1 AND userid = $2', [child, user.id])).toBe('11111');
  });
});

describe('REST /workflow/*', () => {
  it('refuses a user outside group administrator with AccessDenied', async () => {
    expect((await callError('/workflow/entity/list', {}, userJwt)).message).toMatch(ERR.accessDenied);
  });

  it('returns an unknown path as RouteNotFound', async () => {
    expect((await callError('/workflow/entity/set', { code: 'x' })).message).toMatch(ERR.routeNotFound);
    expect((await callError('/workflow/nothing/list', {})).message).toMatch(ERR.routeNotFound);
  });

  it('answers a malformed uuid with a 400 naming the value instead of upstream 500', async () => {
    const error = await callError('/workflow/class/get', { id: 'not-a-uuid' });
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/^Invalid type "not-a-uuid", expected "uuid"/);
  });

  it('rejects a string-looking SQL payload as data, not as code', async () => {
    const [row] = await call('/workflow/entity/list', { filter: { code: "x'; DROP TABLE db.entity; --" } });
    expect(row).toBeUndefined();
    expect(await one(kernel, "SELECT count(*)::int FROM db.action WHERE code = 'create'")).toBe(1);
  });

  it('labels follow the session locale', async () => {
    await call('/locale/set', { code: 'de' });
    const de = await call('/workflow/state/type', {});
    expect(de.map((r) => r.name)).toEqual(['Erstellt', 'Aktiviert', 'Deaktiviert', 'Gelöscht']);
    await call('/locale/set', { code: 'en' });
    const [en] = await call('/workflow/priority/get', { id: '00000000-0000-4000-b004-000000000002' });
    expect(en).toMatchObject({ code: 'high', name: 'High' });
    await call('/locale/set', { code: 'fr' });
    const [fr] = await call('/workflow/action/get', { id: '00000000-0000-4000-b003-000000000044', fields: ['name'] });
    expect(fr).toEqual({ name: 'Mettre à jour' });
    await call('/locale/set', { code: 'en' });
  });

  describe('read paths with a valid and an invalid payload', () => {
    const catalogues = ['entity', 'type', 'class', 'state', 'action', 'method', 'transition', 'event', 'priority'];

    it.each(catalogues)('/workflow/%s/count counts and rejects an unknown key', async (name) => {
      const [row] = await call(`/workflow/${name}/count`, {});
      expect(row).toEqual({ count: expect.any(Number) });
      expect((await callError(`/workflow/${name}/count`, { bogus: 1 })).message).toMatch(ERR.invalidKey);
    });

    it.each(catalogues)('/workflow/%s/list lists and rejects an unknown key', async (name) => {
      const answer = await call(`/workflow/${name}/list`, { reclimit: 5 });
      expect(errorOf(answer[0])).toBeUndefined();
      expect((await callError(`/workflow/${name}/list`, { fields: ['id'], nope: true })).message).toMatch(ERR.invalidKey);
    });

    it.each(catalogues)('/workflow/%s/get returns the listed row by id', async (name) => {
      const { leaf } = await concreteClass();
      await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('parent'), kernel.GetAction('open'), 'Parent')", [leaf]);
      await kernel.query('SELECT kernel.AddType($1, $2, $3)', [leaf, code('get'), 'Get']);
      const [listed] = await call(`/workflow/${name}/list`, { reclimit: 1 });
      expect(listed).toEqual(expect.objectContaining({ id: expect.any(String) }));
      const [got] = await call(`/workflow/${name}/get`, { id: listed!.id });
      expect(got).toEqual(listed);
    });

    it.each(catalogues)('/workflow/%s/get requires an id', async (name) => {
      expect((await callError(`/workflow/${name}/get`, {})).message).toMatch(ERR.requiredKey);
    });
  });

  it('/workflow/entity and /workflow/action get return the seeded row', async () => {
    const [action] = await call('/workflow/action/get', { id: '00000000-0000-4000-b003-000000000011' });
    expect(action).toMatchObject({ code: 'create' });
    const e = await entity('restget');
    const [row] = await call('/workflow/entity/get', { id: e, fields: ['code'] });
    expect(row).toEqual({ code: await one(kernel, 'SELECT code FROM db.entity WHERE id = $1', [e]) });
  });

  it('/workflow/class/set, copy, clone and delete manage a class', async () => {
    const e = await entity('restclass');
    const [root] = await call('/workflow/class/set', { entity: e, code: code('restroot'), label: 'Rest root', abstract: false });
    expect(root).toMatchObject({ level: 0, label: 'Rest root', abstract: false, access: { a: true, c: true, s: true, u: true, d: true } });
    await kernel.query('SELECT kernel.AddDefaultMethods($1)', [root!.id]);
    expect((await callError('/workflow/class/set', { entity: e, code: code('x'), abstract: 'perhaps' })).code).toBe(400);

    const [clone] = await call('/workflow/class/clone', { parent: root!.id, entity: e, code: code('restclone'), label: 'Rest clone' });
    expect(clone).toMatchObject({ parent: root!.id, level: 1, abstract: false });
    expect((await callError('/workflow/class/clone', { parent: root!.id })).message).toMatch(ERR.requiredKey);

    const [target] = await call('/workflow/class/set', { parent: root!.id, entity: e, code: code('resttarget'), label: 'Target', abstract: false });
    const [copied] = await call('/workflow/class/copy', { source: root!.id, destination: target!.id });
    expect(copied).toEqual({ source: root!.id, destination: target!.id, result: true, message: 'Success' });
    expect(await one(kernel, 'SELECT count(*)::int FROM db.method WHERE class = $1', [target!.id])).toBe(19);
    expect((await callError('/workflow/class/copy', { source: root!.id, destination: '00000000-0000-4000-8000-0000000000ff' })).code).toBe(400);

    // Only the kernel role cascades into a class's workflow (15 §3.2); over REST it is a 400.
    expect(await callError('/workflow/class/delete', { id: target!.id })).toMatchObject({ code: 400, message: expect.stringMatching(/^Operation not possible/) });
    const [bare] = await call('/workflow/class/set', { parent: root!.id, entity: e, code: code('restbare'), label: 'Bare' });
    expect(await call('/workflow/class/delete', { id: bare!.id })).toEqual([{ id: bare!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/class/delete', { id: bare!.id })).code).toBe(400);
  });

  it('/workflow/class/access paths read, set and decode the class ACL', async () => {
    const { leaf } = await concreteClass();
    const members = await call('/workflow/class/access', { id: leaf });
    expect(members.map((m) => m.username).sort()).toEqual(['administrator', 'apibot']);
    expect((await callError('/workflow/class/access', {})).message).toMatch(ERR.requiredKey);

    const [echo] = await call('/workflow/class/access/set', { id: leaf, mask: 31, userid: user.id });
    expect(echo).toEqual({ id: leaf, mask: 31, userid: user.id });
    expect((await callError('/workflow/class/access/set', { id: leaf, mask: 4096, userid: user.id })).code).toBe(400);

    const [decoded] = await call('/workflow/class/access/decode', { id: leaf, userid: user.id });
    expect(decoded).toEqual({ a: true, c: true, s: true, u: true, d: true });
    expect((await callError('/workflow/class/access/decode', { id: leaf, user: 'x' })).message).toMatch(ERR.invalidKey);

    const listed = await call('/workflow/class/access/list', { filter: { class: leaf, userid: user.id } });
    expect(listed).toEqual([expect.objectContaining({ class: leaf, userid: user.id, allow: 31, mask: 31 })]);
    expect((await callError('/workflow/class/access/list', [{}])).code).toBe(400);
  });

  it('/workflow/type/set and delete manage a type', async () => {
    const { leaf } = await concreteClass();
    const [type] = await call('/workflow/type/set', { class: leaf, code: code('t'), name: 'T', description: 'A type' });
    expect(type).toMatchObject({ class: leaf, name: 'T', description: 'A type' });
    const [renamed] = await call('/workflow/type/set', { id: type!.id, name: 'T2' });
    expect(renamed).toMatchObject({ id: type!.id, name: 'T2', description: 'A type' });
    expect((await callError('/workflow/type/set', { class: leaf, code: { nested: true } })).code).toBe(400);
    expect(await call('/workflow/type/delete', { id: type!.id })).toEqual([{ id: type!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/type/delete', { id: 12 })).code).toBe(400);
  });

  it('/workflow/state/set and delete manage a state', async () => {
    const { leaf } = await concreteClass();
    const [state] = await call('/workflow/state/set', { class: leaf, type: '00000000-0000-4000-b001-000000000002', code: 'running', label: 'Running' });
    expect(state).toMatchObject({ class: leaf, typecode: 'enabled', code: 'running', label: 'Running', sequence: 2 });
    expect((await callError('/workflow/state/set', { class: leaf, sequence: 'first' })).code).toBe(400);
    expect(await call('/workflow/state/delete', { id: state!.id })).toEqual([{ id: state!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/state/delete', {})).message).toMatch(ERR.requiredKey);
  });

  it('/workflow/method/set, delete and the method access paths manage a method', async () => {
    const { leaf } = await concreteClass();
    const enabled = await one<string>(kernel, "SELECT id FROM db.state WHERE class = $1 AND code = 'enabled'", [leaf]);
    const [method] = await call('/workflow/method/set', { class: leaf, state: enabled, action: '00000000-0000-4000-b003-000000000018', label: 'Run' });
    expect(method).toMatchObject({ code: 'enabled:execute', label: 'Run', execute: true, visible: true, enable: true });
    expect((await callError('/workflow/method/set', { class: leaf, visible: 'no way' })).code).toBe(400);

    const members = await call('/workflow/method/access', { id: method!.id });
    expect(members.map((m) => m.username).sort()).toEqual(['administrator', 'apibot']);
    expect((await callError('/workflow/method/access', [{ id: method!.id }])).code).toBe(400);

    expect(await call('/workflow/method/access/set', { id: method!.id, mask: 5, userid: user.id })).toEqual([{ id: method!.id, mask: 5, userid: user.id }]);
    expect((await callError('/workflow/method/access/set', { id: method!.id })).message).toMatch(ERR.requiredKey);
    expect(await call('/workflow/method/access/decode', { id: method!.id, userid: user.id })).toEqual([{ x: true, v: false, e: true }]);
    expect((await callError('/workflow/method/access/decode', { userid: user.id })).message).toMatch(ERR.requiredKey);
    const listed = await call('/workflow/method/access/list', { filter: { method: method!.id, userid: user.id } });
    expect(listed).toEqual([expect.objectContaining({ allow: 5, mask: 5, username: user.username })]);
    expect((await callError('/workflow/method/access/list', { filter: { method: method!.id }, limit: 1 })).message).toMatch(ERR.invalidKey);

    expect(await call('/workflow/method/delete', { id: method!.id })).toEqual([{ id: method!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/method/delete', { id: method!.id })).code).toBe(400);
  });

  it('/workflow/transition/set and delete manage a transition', async () => {
    const { leaf } = await concreteClass();
    const open = await one<string>(kernel, "SELECT id FROM db.method WHERE class = $1 AND code = 'null:open'", [leaf]);
    const created = await one<string>(kernel, "SELECT id FROM db.state WHERE class = $1 AND code = 'created'", [leaf]);
    const [transition] = await call('/workflow/transition/set', { method: open, newstate: created });
    expect(transition).toMatchObject({ method: open, methodcode: 'null:open', newstate: created, newstatecode: 'created', state: null });
    expect((await callError('/workflow/transition/set', { method: open, newstate: created })).code).toBe(400);
    expect(await call('/workflow/transition/delete', { id: transition!.id })).toEqual([{ id: transition!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/transition/delete', { id: 'nope' })).code).toBe(400);
  });

  it('/workflow/event/set, delete and type manage events', async () => {
    const { leaf } = await concreteClass();
    const [event] = await call('/workflow/event/set', {
      class: leaf,
      type: '00000000-0000-4000-b002-000000000002',
      action: '00000000-0000-4000-b003-000000000011',
      label: 'Create hook',
      text: 'EventNothing();',
    });
    expect(event).toMatchObject({ class: leaf, typecode: 'event', actioncode: 'create', label: 'Create hook', sequence: 1, enabled: true });
    expect((await callError('/workflow/event/set', { class: leaf, enabled: 3 })).code).toBe(400);
    expect(await call('/workflow/event/delete', { id: event!.id })).toEqual([{ id: event!.id, result: true, message: 'Success' }]);
    expect((await callError('/workflow/event/delete', { id: event!.id, extra: 1 })).message).toMatch(ERR.invalidKey);

    const types = await call('/workflow/event/type', { fields: ['code'] });
    expect(types).toEqual([{ code: 'parent' }, { code: 'event' }, { code: 'plpgsql' }]);
    expect((await callError('/workflow/event/type', { fields: ['nope'] })).code).toBe(400);
  });

  it('/workflow/state/type rejects an unknown key', async () => {
    expect((await callError('/workflow/state/type', { type: 1 })).message).toMatch(ERR.invalidKey);
  });

  it('registers every /workflow path of the module in the REST catalogue', async () => {
    expect(await one(kernel, "SELECT count(*)::int FROM db.rest_catalog WHERE module = 'workflow' AND path LIKE '/workflow/%'")).toBe(51);
  });
});

describe('catalogue shortcuts and the /state, /method, /action readers (api module dispatchers)', () => {
  it('/entity, /type and /priority list the catalogues and reject unknown keys', async () => {
    const e = await entity('shortcut');
    const entities = await call('/entity', { fields: ['id', 'code'] });
    expect(entities).toContainEqual({ id: e, code: await one(kernel, 'SELECT code FROM db.entity WHERE id = $1', [e]) });
    expect((await callError('/entity', { code: 'x' })).message).toMatch(ERR.invalidKey);
    const { leaf } = await concreteClass();
    const typeCode = code('shortcut');
    await kernel.query('SELECT kernel.AddType($1, $2, $3)', [leaf, typeCode, 'Shortcut type']);
    expect(await call('/type', { fields: ['code', 'classcode'] })).toContainEqual({ code: typeCode, classcode: await one(kernel, 'SELECT kernel.GetClassCode($1)', [leaf]) });
    expect((await callError('/type', { fields: ['nope'] })).code).toBe(400);
    expect((await call('/priority', null)).map((p) => p.code)).toEqual(expect.arrayContaining(['low', 'medium', 'high', 'critical']));
    expect((await callError('/priority', { fields: 'code' })).code).toBe(400);
  });

  it('/class returns the subtree of a parent given by id or code, depth-first', async () => {
    const e = await entity('subtree');
    const rootCode = code('root');
    const root = await addClass(null, e, 'Root', true, rootCode);
    const b = await addClass(root, e, 'B', true, `${rootCode}_b`);
    const a = await addClass(root, e, 'A', true, `${rootCode}_a`);
    const aChild = await addClass(a, e, 'A child', false, `${rootCode}_a_child`);
    expect((await call('/class', { parentcode: rootCode })).map((c) => c.id)).toEqual([a, aChild, b]);
    const [first] = await call('/class', { parent: root, fields: ['code', 'level', 'access'] });
    expect(first).toEqual({ code: `${rootCode}_a`, level: 1, access: { a: true, c: true, s: true, u: true, d: true } });
    expect((await callError('/class', { parent: 'root' })).code).toBe(400);
  });

  it('/state/class merges inherited states the class does not redefine; /state/by/type follows an object type', async () => {
    const e = await entity('states');
    const root = await addClass(null, e, 'Root', true);
    await kernel.query('SELECT kernel.AddDefaultMethods($1)', [root]);
    const leaf = await addClass(root, e, 'Leaf', false);
    await kernel.query("SELECT kernel.AddState($1, kernel.GetStateType('enabled'), 'enabled', 'Own enabled')", [leaf]);
    const states = await call('/state/class', { class: leaf });
    expect(states.map((s) => `${s.code}@${s.class === leaf ? 'leaf' : 'root'}`)).toEqual(['created@root', 'enabled@leaf', 'disabled@root', 'deleted@root']);
    expect((await callError('/state/class', { klass: leaf })).message).toMatch(ERR.invalidKey);
    const type = await one<string>(kernel, 'SELECT kernel.AddType($1, $2, $3)', [leaf, code('t'), 'T']);
    expect((await call('/state/by/type', { type })).map((s) => s.code)).toEqual(['enabled']);
    expect((await callError('/state/by/type', {})).code).toBe(400);
    expect((await call('/state/type', {})).map((s) => s.code)).toEqual(['created', 'enabled', 'disabled', 'deleted']);
    expect((await call('/state', { fields: ['id'] })).length).toBeGreaterThan(4);
  });

  it('/method/get returns the methods of exactly one class filtered by state and action code', async () => {
    const { leaf } = await concreteClass();
    const classcode = await one<string>(kernel, 'SELECT kernel.GetClassCode($1)', [leaf]);
    const enabled = await one<string>(kernel, "SELECT id FROM db.state WHERE class = $1 AND code = 'enabled'", [leaf]);
    const methods = await call('/method/get', { classcode, state: enabled });
    expect(methods.map((m) => m.code)).toEqual(['enabled:disable', 'enabled:delete']);
    expect(methods[0]).toMatchObject({ execute: true, visible: true, enable: true });
    expect((await call('/method/get', { class: leaf, actioncode: 'drop' })).map((m) => m.code).sort()).toEqual(['deleted:drop', 'null:drop']);
    expect((await callError('/method/get', { classcode, methodcode: 'x' })).message).toMatch(ERR.invalidKey);
  });

  it('/method lists only methods the caller holds a method right on', async () => {
    const { leaf } = await concreteClass();
    const forAdmin = await call('/method/list', { filter: { class: leaf } });
    expect(forAdmin).toHaveLength(19);
    expect(await call('/method/list', { filter: { class: leaf } }, userJwt)).toEqual([]);
    const method = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('open'))", [leaf]);
    await kernel.query("SELECT kernel.chmodm($1, B'000010', $2)", [method, user.id]);
    expect(await call('/method/list', { filter: { class: leaf } }, userJwt)).toEqual([expect.objectContaining({ id: method, execute: false, visible: true, enable: false })]);
    expect((await callError('/method/list', { filter: { class: leaf }, page: 2 })).message).toMatch(ERR.invalidKey);
  });

  it('/action lists the 54 actions', async () => {
    expect(await call('/action', { fields: ['code'] })).toHaveLength(54);
    expect((await callError('/action', { code: 'create' })).message).toMatch(ERR.invalidKey);
  });
});

// The runtime (CreateObject, ExecuteMethod, AddObjectState, db.notification)
// is the entity module's; these tests drive it through this module's catalogue.
describe('execution engine over the workflow catalogue', () => {
  /** A concrete class whose create/enable/disable/delete/restore change the state. */
  async function lifecycleType(): Promise<{ leaf: string; type: string }> {
    const { leaf } = await concreteClass();
    await kernel.query(
      "SELECT kernel.AddEvent($1, kernel.GetEventType('event'), kernel.GetAction(a), 'State', 'ChangeObjectState();') FROM unnest(ARRAY['create','enable','disable','delete','restore']) a",
      [leaf],
    );
    const type = await one<string>(kernel, 'SELECT kernel.AddType($1, $2, $3)', [leaf, code('object'), 'Object type']);
    return { leaf, type };
  }

  async function stateCode(object: string): Promise<string | null> {
    return one<string | null>(kernel, 'SELECT s.code FROM db.object o LEFT JOIN db.state s ON s.id = o.state WHERE o.id = $1', [object]);
  }

  it('walks the default lifecycle and writes one method and one state history row per step', async () => {
    const { type } = await lifecycleType();
    const object = await one<string>(kernel, "SELECT kernel.CreateObject(null, $1, 'engine')", [type]);
    const created = await one<Json>(kernel, "SELECT kernel.ExecuteMethod($1, kernel.GetMethod(o.class, kernel.GetAction('create'))) FROM db.object o WHERE o.id = $1", [object]);
    expect(created).toMatchObject({ object, action: { code: 'create' }, newstate: { code: 'created', typecode: 'created' } });
    const steps: Array<[string, string]> = [['enable', 'enabled'], ['disable', 'disabled'], ['enable', 'enabled'], ['delete', 'deleted'], ['restore', 'created']];
    for (const [action, target] of steps) {
      await kernel.query('SELECT kernel.DoAction($1, $2)', [object, action]);
      expect(await stateCode(object)).toBe(target);
    }
    expect(
      await rows(kernel, "SELECT coalesce(so.code, '-') || '>' || sn.code FROM db.notification n LEFT JOIN db.state so ON so.id = n.state_old JOIN db.state sn ON sn.id = n.state_new WHERE n.object = $1 ORDER BY n.datetime", [object]),
    ).toEqual(['->created', 'created>enabled', 'enabled>disabled', 'disabled>enabled', 'enabled>deleted', 'deleted>created']);
    expect(await one(kernel, 'SELECT count(*)::int FROM db.object_state WHERE object = $1', [object])).toBe(6);
  });

  it('refuses an action the current state has no method for with MethodActionNotFound', async () => {
    const { type } = await lifecycleType();
    const object = await one<string>(kernel, "SELECT kernel.CreateObject(null, $1, 'engine')", [type]);
    await kernel.query("SELECT kernel.DoAction($1, 'create')", [object]);
    expect(await failure(kernel, "SELECT kernel.DoAction($1, 'restore')", [object])).toMatch(/restore|created/);
    expect(await stateCode(object)).toBe('created');
  });

  it('runs events in sequence order, parent events first where registered, and binds handlers by name at run time', async () => {
    const e = await entity('events');
    const root = await addClass(null, e, 'Root', true);
    const leaf = await addClass(root, e, 'Leaf', false);
    await kernel.query('SELECT kernel.DefaultMethods($1)', [leaf]);
    const handler = `wf_handler_${process.pid}`;
    await kernel.query(`CREATE OR REPLACE FUNCTION kernel.${handler}() RETURNS void AS $$ INSERT INTO db.setting (name, value) VALUES ('wf.trace', 'v1') ON CONFLICT (name) DO UPDATE SET value = db.setting.value || ',v1' $$ LANGUAGE sql`);
    const trace = (tag: string): string => `INSERT INTO db.setting (name, value) VALUES ('wf.trace', '${tag}') ON CONFLICT (name) DO UPDATE SET value = db.setting.value || ',${tag}'`;
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('plpgsql'), kernel.GetAction('open'), 'root', $2)", [root, trace('root')]);
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('plpgsql'), kernel.GetAction('open'), 'second', $2, 2)", [leaf, trace('second')]);
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('parent'), kernel.GetAction('open'), 'parent', null, 1)", [leaf]);
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('event'), kernel.GetAction('open'), 'handler', $2, 3)", [leaf, `${handler}();`]);
    await kernel.query("SELECT kernel.AddEvent($1, kernel.GetEventType('plpgsql'), kernel.GetAction('open'), 'off', $2, 4, false)", [leaf, trace('disabled')]);
    const type = await one<string>(kernel, 'SELECT kernel.AddType($1, $2, $3)', [leaf, code('ev'), 'Ev']);
    const object = await one<string>(kernel, "SELECT kernel.CreateObject(null, $1, 'events')", [type]);
    const open = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('open'))", [leaf]);
    try {
      await kernel.query('SELECT kernel.ExecuteMethod($1, $2)', [object, open]);
      expect(await one(kernel, "SELECT value FROM db.setting WHERE name = 'wf.trace'")).toBe('root,second,v1');
      // A redefined handler is picked up by the next execution.
      await kernel.query(`CREATE OR REPLACE FUNCTION kernel.${handler}() RETURNS void AS $$ UPDATE db.setting SET value = value || ',v2' WHERE name = 'wf.trace' $$ LANGUAGE sql`);
      await kernel.query('SELECT kernel.ExecuteMethod($1, $2)', [object, open]);
      expect(await one(kernel, "SELECT value FROM db.setting WHERE name = 'wf.trace'")).toBe('root,second,v1,root,second,v2');
      // Without a state-changing event the object keeps no state.
      expect(await stateCode(object)).toBeNull();
    } finally {
      await kernel.query("DELETE FROM db.setting WHERE name = 'wf.trace'");
      await kernel.query(`DROP FUNCTION kernel.${handler}()`);
    }
  });

  it('denies a user without the method right and lets them run it once granted', async () => {
    const { leaf, type } = await lifecycleType();
    const object = await one<string>(kernel, "SELECT kernel.CreateObject(null, $1, 'guarded')", [type]);
    await kernel.query("SELECT kernel.DoAction($1, 'create')", [object]);
    await kernel.query("SELECT kernel.chmodo($1, B'000110', $2)", [object, user.id]);

    const denied = await callError('/action/execute', { object, code: 'enable' }, userJwt);
    expect(denied).toMatchObject({ code: 400, message: expect.stringMatching(/^Insufficient rights to execute method: /) });
    expect(await stateCode(object)).toBe('created');

    const enable = await one<string>(kernel, "SELECT id FROM db.method WHERE class = $1 AND code = 'created:enable'", [leaf]);
    await kernel.query("SELECT kernel.chmodm($1, B'000101', $2)", [enable, user.id]);
    const [answer] = await call('/action/execute', { object, code: 'enable' }, userJwt);
    expect(errorOf(answer)).toBeUndefined();
    expect(await stateCode(object)).toBe('enabled');
  });
});

describe('api layer', () => {
  it('counts class and method ACL rows where upstream counted a missing id column (fixed quirk 13.4)', async () => {
    const { leaf } = await concreteClass();
    expect(await one(kernel, 'SELECT api.count_class_access(null, $1::jsonb)', [JSON.stringify({ class: leaf })])).toBe('2');
    const method = await one<string>(kernel, "SELECT kernel.GetMethod($1, kernel.GetAction('create'))", [leaf]);
    expect(await one(kernel, 'SELECT api.count_method_access(null, $1::jsonb)', [JSON.stringify({ method })])).toBe('2');
  });

  it('api.chmodc recurses by default while REST class/access/set does not', async () => {
    const e = await entity('apichmod');
    const root = await addClass(null, e, 'Root', true);
    const child = await addClass(root, e, 'Child', false);
    await call('/workflow/class/access/set', { id: root, mask: 4, userid: user.id });
    expect(await one(kernel, 'SELECT count(*)::int FROM db.acu WHERE class = $1 AND userid = $2', [child, user.id])).toBe(0);
    await kernel.query('SELECT api.chmodc($1, 4, $2)', [root, user.id]);
    expect(await one(kernel, 'SELECT allow::text FROM db.acu WHERE class = $1 AND userid = $2', [child, user.id])).toBe('00100');
    expect(await failure(kernel, 'SELECT api.chmodc($1, 2048, $2)', [root, user.id])).toMatch(/2048/);
  });

  it('api.get_object_methods lists the methods of the current state and fills the permission cache', async () => {
    const { leaf } = await concreteClass();
    await kernel.query(
      "SELECT kernel.AddEvent($1, kernel.GetEventType('event'), kernel.GetAction('create'), 'State', 'ChangeObjectState();')",
      [leaf],
    );
    const type = await one<string>(kernel, 'SELECT kernel.AddType($1, $2, $3)', [leaf, code('om'), 'Om']);
    const object = await one<string>(kernel, "SELECT kernel.CreateObject(null, $1, 'methods')", [type]);
    await kernel.query("SELECT kernel.DoAction($1, 'create')", [object]);
    // Through the entity module's /object/method, so the rows are those of a signed-in administrator.
    const methods = await call('/object/method', { id: object });
    expect(methods.map((m) => m.code)).toEqual(['created:enable', 'created:disable', 'created:delete']);
    expect(methods[0]).toMatchObject({ execute: true, visible: true, enable: true });
    expect(await one(kernel, 'SELECT count(*)::int FROM db.oma WHERE object = $1', [object])).toBe(3);
    expect(await failure(kernel, "SELECT * FROM api.get_object_methods('00000000-0000-4000-8000-00000000dead')")).toMatch(/00000000-0000-4000-8000-00000000dead/);
  });

  it('CodeToType accepts a type id, a bare code or a dotted code and lists valid codes otherwise', async () => {
    const e = await entity('codes');
    const entityCode = await one<string>(kernel, 'SELECT code FROM db.entity WHERE id = $1', [e]);
    const leaf = await addClass(null, e, 'Leaf', false);
    const type = await one<string>(kernel, 'SELECT kernel.AddType($1, $2, $3)', [leaf, `plain.${entityCode}`, 'Plain']);
    expect(await one(kernel, 'SELECT kernel.CodeToType($1, $2)', [type, entityCode])).toBe(type);
    expect(await one(kernel, "SELECT kernel.CodeToType('plain', $1)", [entityCode])).toBe(type);
    expect(await one(kernel, 'SELECT kernel.CodeToType($1, $2)', [`plain.${entityCode}`, entityCode])).toBe(type);
    expect(await failure(kernel, "SELECT kernel.CodeToType('fancy', $1)", [entityCode])).toContain(`plain.${entityCode}`);
  });
});

