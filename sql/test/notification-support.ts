// Shared by the notification, notice and comment tests: signed-in people, a
// document class of their own, documents made through the REST paths, and a
// listener collecting NOTIFY payloads.
import type pg from 'pg';
import { createUser, errorOf, fetch, one, str, token, web, type Json } from './kernel-support.js';

export const ADMIN_GROUP = '00000000-0000-4000-a000-000000000001';

export interface Person {
  id: string;
  username: string;
  jwt: string;
  session: string;
}

export type ErrorBody = { code: number; error?: string | null; message: string };

export async function person(kernel: pg.Client, daemon: pg.Client, group: 'user' | 'administrator' = 'user'): Promise<Person> {
  const user = await createUser(kernel, group);
  const answer = await token(daemon, web.id, web.secret, { grant_type: 'password', username: user.username, password: user.password });
  if (errorOf(answer) !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  return { id: user.id, username: user.username, jwt: str(answer.access_token), session: str(answer.session) };
}

export function call(daemon: pg.Client, who: Person, path: string, payload: unknown = null): Promise<Json[]> {
  return fetch(daemon, who.jwt, `/api/v1${path}`, payload);
}

export async function single(daemon: pg.Client, who: Person, path: string, payload: unknown = null): Promise<Json> {
  const answer = await call(daemon, who, path, payload);
  if (answer.length !== 1 || answer[0] === undefined) throw new Error(`${path}: expected one row, got ${JSON.stringify(answer)}`);
  const error = errorOf(answer[0]);
  if (error !== undefined) throw new Error(`${path} failed: ${JSON.stringify(error)}`);
  return answer[0];
}

export async function refused(daemon: pg.Client, who: Person, path: string, payload: unknown): Promise<ErrorBody> {
  const answer = await call(daemon, who, path, payload);
  const error = answer.length === 1 ? errorOf(answer[0]) : undefined;
  if (error === undefined) throw new Error(`expected an error from ${path}, got ${JSON.stringify(answer)}`);
  return error;
}

/** A concrete document class `<code>` with type `note.<code>` whose handlers are all inherited. */
export async function documentClass(kernel: pg.Client, code: string): Promise<string> {
  await kernel.query(
    `DO $$
    DECLARE
      uClass uuid;
      vAction text;
    BEGIN
      uClass := kernel.AddClass(kernel.GetClass('document'), kernel.GetEntity('document'), '${code}', 'Test ${code}', false);
      FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
      LOOP
        PERFORM kernel.AddEvent(uClass, kernel.GetEventType('parent'), kernel.GetAction(vAction), 'Parent class events');
      END LOOP;
      PERFORM kernel.AddDefaultMethods(uClass);
      PERFORM kernel.AddType(uClass, 'note.${code}', 'Note');
    END $$`,
  );
  return `note.${code}`;
}

let documents = 0;

/** A document created by `who` and brought to state `created` by its create action. */
export async function newDocument(kernel: pg.Client, daemon: pg.Client, who: Person, type: string): Promise<string> {
  documents += 1;
  const label = `doc-${process.pid}-${documents}-${Date.now()}`;
  const created = await call(daemon, who, '/document/set', { type, label, description: 'a note' });
  if (created.length > 0 && errorOf(created[0]) !== undefined) throw new Error(`document/set failed: ${JSON.stringify(created)}`);
  const id = await one<string>(kernel, 'SELECT object FROM db.object_text WHERE label = $1 LIMIT 1', [label]);
  await action(daemon, who, id, 'create');
  return id;
}

export async function action(daemon: pg.Client, who: Person, id: string, code: string): Promise<Json> {
  return single(daemon, who, '/object/action/execute', { id, code });
}

/** Collects the JSON (or text) payloads of some channels on its own connection. */
export async function listen(client: pg.Client, channels: string[]): Promise<{ of(channel: string): Promise<unknown[]> }> {
  const seen: { channel: string; payload: unknown }[] = [];
  client.on('notification', (message) => {
    const text = message.payload ?? '';
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // inbox/outbox carry a bare uuid
    }
    seen.push({ channel: message.channel, payload });
  });
  for (const channel of channels) await client.query(`LISTEN ${channel}`);
  return {
    async of(channel: string): Promise<unknown[]> {
      // A round trip on the listening connection flushes what was committed before.
      await client.query('SELECT 1');
      return seen.filter((item) => item.channel === channel).map((item) => item.payload);
    },
  };
}
