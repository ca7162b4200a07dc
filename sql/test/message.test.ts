import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { openSubclassDatabase, plainUser, rest, restError, restOne, type Json, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;
let listener: pg.Client;
const heard: { channel: string; payload: string }[] = [];

beforeAll(async () => {
  db = await openSubclassDatabase('message');
  // A connection of its own, as the message service LISTENs.
  listener = await db.connect();
  listener.on('notification', (message) => heard.push({ channel: message.channel, payload: message.payload ?? '' }));
  await listener.query('LISTEN outbox; LISTEN inbox; LISTEN message');
});

afterAll(async () => {
  await db?.close();
});

async function heardOn(channel: string, match: (payload: string) => boolean): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const found = heard.filter((item) => item.channel === channel && match(item.payload)).map((item) => item.payload);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

const mail = { agent: 'smtp.agent', profile: 'noreply@pgfleet.test', address: 'someone@pgfleet.test', subject: 'Hello', content: 'MIME body' };

// `/message/send` is the send route, so the worker reaches the action through /object/action/execute.
async function act(id: unknown, action: string): Promise<void> {
  const answer = await rest(db, db.admin, '/object/action/execute', { id, code: action });
  if (answer.some((row) => row !== null && typeof row === 'object' && 'error' in row)) throw new Error(`${action}: ${JSON.stringify(answer)}`);
}

async function stateOf(id: unknown): Promise<unknown> {
  return (await restOne(db, db.admin, '/message/get', { id, fields: ['statecode'] })).statecode;
}

describe('/message/send and the outbox protocol', () => {
  it('queues an outgoing message as prepared and NOTIFYs outbox with the bare id', async () => {
    const sent = await restOne(db, db.admin, '/message/send', mail);
    expect(sent).toMatchObject({ classcode: 'outbox', typecode: 'message.outbox', statecode: 'prepared', agentcode: 'smtp.agent', agenttypecode: 'email.agent', address: mail.address });
    expect(await heardOn('outbox', (payload) => payload === sent.id)).toEqual([sent.id]);
  });

  it('NOTIFYs message on insert with the spec’d payload', async () => {
    const sent = await restOne(db, db.admin, '/message/send', { ...mail, subject: 'Payload check' });
    const [payload] = await heardOn('message', (text) => text.includes(String(sent.id)));
    expect(JSON.parse(String(payload)) as Json).toEqual({
      id: sent.id,
      class: 'outbox',
      type: 'email.agent',
      agent: 'smtp.agent',
      code: sent.code,
      profile: mail.profile,
      address: mail.address,
      subject: 'Payload check',
    });
    expect(String(sent.code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('walks prepared → sending → submitted, and repeat queues it again with a new notification', async () => {
    const sent = await restOne(db, db.admin, '/message/send', mail);
    await act(sent.id, 'send');
    expect(await stateOf(sent.id)).toBe('sending');
    await act(sent.id, 'done');
    expect(await stateOf(sent.id)).toBe('submitted');
    heard.length = 0;
    await act(sent.id, 'repeat');
    expect(await stateOf(sent.id)).toBe('prepared');
    expect(await heardOn('outbox', (payload) => payload === sent.id)).toEqual([sent.id]);
  });

  it('marks a failed delivery failed and lets the user cancel a prepared one back to created', async () => {
    const failing = await restOne(db, db.admin, '/message/send', mail);
    await act(failing.id, 'send');
    await act(failing.id, 'fail');
    expect(await stateOf(failing.id)).toBe('failed');

    const cancelled = await restOne(db, db.admin, '/message/send', mail);
    await act(cancelled.id, 'cancel');
    expect(await stateOf(cancelled.id)).toBe('created');
  });

  it('shows prepared messages to the message worker’s poll (api.outbox), whatever the worker’s area', async () => {
    const sent = await restOne(db, db.admin, '/message/send', mail);
    const { rows } = await db.apibot.query<{ id: string; agentcode: string }>(`SELECT id, agentcode FROM api.outbox('prepared')`);
    expect(rows).toEqual(expect.arrayContaining([{ id: sent.id, agentcode: 'smtp.agent' }]));
  });
});

describe('trace context on outbox messages', () => {
  const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const retrace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  // The app service sets pgfleet.traceparent per request; session-wide here, reset after each call.
  async function traced<T>(value: string, work: () => Promise<T>): Promise<T> {
    await db.daemon.query(`SELECT set_config('pgfleet.traceparent', $1, false)`, [value]);
    try {
      return await work();
    } finally {
      await db.daemon.query(`SELECT set_config('pgfleet.traceparent', '', false)`);
    }
  }

  async function storedTrace(id: unknown): Promise<string | null> {
    const { rows } = await db.kernel.query<{ traceparent: string | null }>(`SELECT traceparent FROM db.message WHERE id = $1`, [id]);
    return rows[0]?.traceparent ?? null;
  }

  it('NOTIFYs outbox with JSON {id, traceparent} and stores the trace when the sending request carries one', async () => {
    const sent = await traced(trace, () => restOne(db, db.admin, '/message/send', { ...mail, subject: 'Traced' }));
    const payloads = await heardOn('outbox', (payload) => payload.includes(String(sent.id)));
    // The submit handler and the notification trigger send the same text, so PostgreSQL delivers it once.
    expect(payloads).toHaveLength(1);
    expect(JSON.parse(String(payloads[0])) as Json).toEqual({ id: sent.id, traceparent: trace });
    expect(await storedTrace(sent.id)).toBe(trace);
    expect(sent.traceparent).toBe(trace);
  });

  it('drops a malformed traceparent: the payload stays the bare id and nothing is stored', async () => {
    const sent = await traced('00-not-a-trace-context', () => restOne(db, db.admin, '/message/send', { ...mail, subject: 'Badly traced' }));
    expect(await heardOn('outbox', (payload) => payload.includes(String(sent.id)))).toEqual([sent.id]);
    expect(await storedTrace(sent.id)).toBeNull();
  });

  it('lowercases an upper-case traceparent before storing it', async () => {
    const sent = await traced(trace.toUpperCase(), () => restOne(db, db.admin, '/message/send', { ...mail, subject: 'Shouting trace' }));
    expect(await storedTrace(sent.id)).toBe(trace);
  });

  it('carries the repeating request’s trace into the repeat NOTIFY, and keeps the stored one when that request has none', async () => {
    const sent = await traced(trace, () => restOne(db, db.admin, '/message/send', { ...mail, subject: 'Retraced' }));
    // Let the submit notification arrive before clearing, so it cannot be mistaken for the repeat's.
    expect(await heardOn('outbox', (payload) => payload.includes(String(sent.id)))).toHaveLength(1);
    await act(sent.id, 'send');
    await act(sent.id, 'done');
    heard.length = 0;
    await traced(retrace, () => act(sent.id, 'repeat'));
    const [again] = await heardOn('outbox', (payload) => payload.includes(String(sent.id)));
    expect(JSON.parse(String(again)) as Json).toEqual({ id: sent.id, traceparent: retrace });

    await act(sent.id, 'send');
    await act(sent.id, 'done');
    heard.length = 0;
    await act(sent.id, 'repeat');
    const [untraced] = await heardOn('outbox', (payload) => payload.includes(String(sent.id)));
    expect(JSON.parse(String(untraced)) as Json).toEqual({ id: sent.id, traceparent: retrace });
  });

  it('shows the trace context to the message worker’s poll (api.outbox)', async () => {
    const sent = await traced(trace, () => restOne(db, db.admin, '/message/send', { ...mail, subject: 'Polled' }));
    const { rows } = await db.apibot.query<{ id: string; traceparent: string | null }>(`SELECT id, traceparent FROM api.outbox('prepared')`);
    expect(rows.filter((row) => row.id === sent.id)).toEqual([{ id: sent.id, traceparent: trace }]);
  });

  it('refuses a malformed trace context written straight into db.message (check constraint)', async () => {
    const sent = await restOne(db, db.admin, '/message/send', { ...mail, subject: 'Constraint' });
    await expect(db.kernel.query(`UPDATE db.message SET traceparent = 'garbage' WHERE id = $1`, [sent.id])).rejects.toThrow(/ch_message_traceparent/);
  });

  it('patch P00000001 adds the checked column to a database without it and is a no-op when re-run', async () => {
    const patch = readFileSync(new URL('../platform/patch/P00000001.sql', import.meta.url), 'utf8');
    await db.kernel.query('BEGIN');
    try {
      await db.kernel.query('ALTER TABLE db.message DROP COLUMN traceparent CASCADE');
      await db.kernel.query(patch);
      await db.kernel.query(patch);
      const { rows } = await db.kernel.query<{ column: string; check: string }>(
        `SELECT a.attname AS column, c.conname AS check
           FROM pg_attribute a JOIN pg_constraint c ON c.conrelid = a.attrelid AND a.attnum = ANY (c.conkey)
          WHERE a.attrelid = 'db.message'::regclass AND a.attname = 'traceparent' AND NOT a.attisdropped`,
      );
      expect(rows).toEqual([{ column: 'traceparent', check: 'ch_message_traceparent' }]);
    } finally {
      await db.kernel.query('ROLLBACK');
    }
  });
});

describe('/message/set', () => {
  it('creates an inbox message (state created) and NOTIFYs inbox', async () => {
    const row = await restOne(db, db.admin, '/message/set', { ...mail, type: 'message.inbox', subject: 'Reply' });
    expect(row).toMatchObject({ classcode: 'inbox', statecode: 'created' });
    expect(await heardOn('inbox', (payload) => payload === row.id)).toEqual([row.id]);
  });

  it('answers an unknown agent with ERR-400-030', async () => {
    const error = await restError(db, db.admin, '/message/set', { ...mail, agent: 'pigeon.agent' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('refuses a message without a recipient with a 400', async () => {
    const error = await restError(db, db.admin, '/message/set', { agent: 'smtp.agent', profile: 'p' });
    expect(error.code).toBe(400);
  });

  it('refuses a non-string subject with a 400', async () => {
    const error = await restError(db, db.admin, '/message/send', { ...mail, subject: { text: 'x' } });
    expect(error.code).toBe(400);
  });

  it('keeps the message code when an update tries to change it', async () => {
    const sent = await restOne(db, db.admin, '/message/send', mail);
    await db.kernel.query(`UPDATE db.message SET code = 'forged', subject = 'changed' WHERE id = $1`, [sent.id]);
    const { rows } = await db.kernel.query<{ code: string; subject: string }>(`SELECT code, subject FROM db.message WHERE id = $1`, [sent.id]);
    expect(rows[0]).toEqual({ code: sent.code, subject: mail.subject });
  });
});

describe('/message/send/mail', () => {
  it('refuses a user without a verified e-mail address with ERR-400-055 or -056', async () => {
    const error = await restError(db, db.admin, '/message/send/mail', { subject: 'Hi', text: 'Body' });
    expect(error.code).toBe(400);
    expect(['ERR-400-055', 'ERR-400-056']).toContain(error.error);
  });

  it('mails the caller’s verified address through the SMTP agent with a MIME body', async () => {
    const user = await plainUser(db);
    const email = `${user.username}@pgfleet.test`;
    await db.kernel.query(`UPDATE db.user SET email = $2 WHERE id = $1`, [user.id, email]);
    await db.kernel.query(`UPDATE db.profile SET email_verified = true WHERE userid = $1`, [user.id]);
    const row = await restOne(db, user.jwt, '/message/send/mail', { subject: 'Welcome', text: 'Hello there', html: '<b>Hello</b>' });
    expect(row).toMatchObject({ agentcode: 'smtp.agent', address: email, subject: 'Welcome', statecode: 'prepared', profile: 'info@localhost' });
    expect(String(row.content)).toContain('Content-Type: multipart/alternative');
  });
});

describe('push and SMS', () => {
  beforeAll(async () => {
    // The configuration hook that lists a user's device tokens.
    await db.kernel.query(`CREATE OR REPLACE FUNCTION kernel.DoFCMTokens (pUserId uuid) RETURNS text[]
      AS $$ SELECT ARRAY['token-a', 'token-b']; $$ LANGUAGE sql`);
  });

  it('queues one FCM outbox message per device token of the user', async () => {
    const [last] = await rest(db, db.admin, '/message/send/push', { title: 'Ping', body: 'Hello', data: { k: 'v' } });
    expect(last).toMatchObject({ agentcode: 'fcm.agent', statecode: 'prepared', subject: 'Ping', address: 'admin' });
    const { rows } = await db.kernel.query<{ content: string }>(
      `SELECT content FROM db.message WHERE subject = 'Ping' ORDER BY content`,
    );
    expect(rows.map((row) => JSON.parse(row.content) as Json)).toEqual([
      { message: { token: 'token-a', notification: { title: 'Ping', body: 'Hello' }, data: { k: 'v' } } },
      { message: { token: 'token-b', notification: { title: 'Ping', body: 'Hello' }, data: { k: 'v' } } },
    ]);
  });

  it('refuses /message/send/push/to/role to a caller outside group message', async () => {
    const user = await plainUser(db);
    const error = await restError(db, user.jwt, '/message/send/push/to/role', { rolename: 'administrator', title: 'All admins' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-001' });
  });

  it('counts the users addressed by /message/send/push/to/role (admin is in group message)', async () => {
    const user = await plainUser(db);
    const answer = await restOne(db, db.admin, '/message/send/push/to/role', { rolename: user.username, title: 'To one user' });
    expect(answer).toEqual({ count: 1 });
    expect(await restOne(db, db.admin, '/message/send/push/to/role', { rolename: 'nobody-here', title: 'x' })).toEqual({ count: 0 });
  });

  it('refuses an SMS to a user without a phone number with ERR-400-057', async () => {
    const error = await restError(db, db.admin, '/message/send/sms', { profile: 'pgfleet', message: 'Code 1234' });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-057' });
  });
});

describe('verification codes', () => {
  it('mails a password recovery code whose ticket accepts it (/user/password/recovery → /user/security/answer)', async () => {
    const username = `mailuser${process.pid}`;
    const email = `${username}@pgfleet.test`;
    await db.kernel.query(`SELECT CreateUser($1, 'Secret-pass-1', 'Mail User', null, $2, null, false, false)`, [username, email]);

    const answer = await restOne(db, db.admin, '/user/password/recovery', { identifier: email });
    const { rows } = await db.kernel.query<{ id: string; content: string; state: string }>(
      `SELECT m.id, m.content, s.code AS state FROM db.message m JOIN db.object o ON o.id = m.id JOIN db.state s ON s.id = o.state
        WHERE m.address = $1 AND m.subject = 'Password recovery'`,
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('prepared');

    const parts = String(rows[0]?.content).split(/\r\n\r\n/);
    const text = Buffer.from(String(parts[2]).split('\r\n--')[0]?.replace(/\r\n/g, '') ?? '', 'base64').toString('utf8');
    const code = /(\d{6})/.exec(text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const checked = await restOne(db, db.admin, '/user/security/answer', { ticket: answer.ticket, securityanswer: code });
    expect(checked).toMatchObject({ result: true });
  });
});

describe('mail encoding', () => {
  function decodeWords(header: string): string {
    return header
      .split('\n ')
      .map((word) => {
        const match = /^=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(word);
        if (!match?.[1]) throw new Error(`not an encoded word: ${word}`);
        return Buffer.from(match[1], 'base64').toString('utf8');
      })
      .join('');
  }

  it('splits a long subject into folded RFC 1342 words that decode back to it', async () => {
    const subject = 'Подтверждение регистрации на сайте pgfleet и дальнейшие шаги';
    const { rows } = await db.kernel.query<{ header: string }>(`SELECT EncodingSubject($1, 'utf-8') AS header`, [subject]);
    const header = String(rows[0]?.header);
    expect(header.split('\n ').length).toBeGreaterThan(2);
    expect(decodeWords(header)).toBe(subject);
  });

  it('builds a multipart/alternative MIME message with base64 text and html parts', async () => {
    const { rows } = await db.kernel.query<{ body: string }>(
      `SELECT CreateMailBody('Pgfleet', 'info@pgfleet.test', 'Анна', 'anna@pgfleet.test', 'Hi', 'plain text', '<p>html</p>') AS body`,
    );
    const body = String(rows[0]?.body);
    expect(body).toMatch(/^MIME-Version: 1\.0\r\n/);
    expect(body).toContain('To: =?utf-8?B?0JDQvdC90LA=?= <anna@pgfleet.test>');
    const boundary = /boundary="([0-9a-f]+)"/.exec(body)?.[1];
    expect(boundary).toBeDefined();
    const parts = body.split(`--${String(boundary)}`);
    expect(parts).toHaveLength(4);
    expect(parts[1]).toContain('Content-Type: text/plain; charset=utf-8');
    expect(Buffer.from(String(parts[1]).split('\r\n\r\n')[1]?.trim() ?? '', 'base64').toString('utf8')).toBe('plain text');
    expect(Buffer.from(String(parts[2]).split('\r\n\r\n')[1]?.trim() ?? '', 'base64').toString('utf8')).toBe('<p>html</p>');
    expect(parts[3]).toBe('--\r\n');
  });
});
