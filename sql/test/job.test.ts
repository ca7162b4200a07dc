import { openSubclassDatabase, rest, restError, restOne, uniqueCode, type Json, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;

beforeAll(async () => {
  db = await openSubclassDatabase('job');
});

afterAll(async () => {
  await db?.close();
});

async function newJob(payload: Json = {}): Promise<Json> {
  return restOne(db, db.admin, '/job/set', { type: 'periodic', scheduler: 'EACH_05_MINUTES', program: 'CHECK_SESSION', code: uniqueCode('JOB'), label: 'Test job', ...payload });
}

async function act(id: unknown, action: string): Promise<void> {
  const answer = await rest(db, db.admin, `/job/${action}`, { id });
  if (answer.some((row) => row !== null && typeof row === 'object' && 'error' in row)) throw new Error(`${action}: ${JSON.stringify(answer)}`);
}

async function state(id: unknown): Promise<Json> {
  return restOne(db, db.admin, '/job/get', { id, fields: ['statecode', 'statetypecode', 'daterun'] });
}

/** The task scheduler's poll: the due queue of the current scope, as role apibot. */
async function queue(horizonSeconds: number): Promise<Json[]> {
  const { rows } = await db.apibot.query<Json>(`SELECT * FROM api.job('enabled', extract(epoch FROM now())::double precision + $1)`, [horizonSeconds]);
  return rows;
}

describe('seeded jobs', () => {
  it('schedules CHECK_OFFLINE every minute and CHECK_SESSION every hour, enabled', async () => {
    const rows = await rest(db, db.admin, '/job/list', { fields: ['code', 'schedulercode', 'programcode', 'statecode', 'typecode'], orderby: ['code'] });
    expect(rows).toEqual([
      { code: 'CHECK_OFFLINE_EACH_01_MINUTES', schedulercode: 'EACH_01_MINUTES', programcode: 'CHECK_OFFLINE', statecode: 'enabled', typecode: 'periodic.job' },
      { code: 'CHECK_SESSION_EACH_01_HOUR', schedulercode: 'EACH_01_HOUR', programcode: 'CHECK_SESSION', statecode: 'enabled', typecode: 'periodic.job' },
    ]);
  });

  it('hands the program body to the poller once a job is due', async () => {
    const due = await queue(3600);
    expect(due).toEqual(expect.arrayContaining([expect.objectContaining({ statecode: 'enabled', typecode: 'periodic.job', body: 'SELECT api.check_offline();' })]));
  });
});

describe('job lifecycle', () => {
  it('makes a new job due one scheduler period after creation, whatever daterun says', async () => {
    const job = await newJob({ daterun: '2000-01-01T00:00:00Z' });
    expect(job.statecode).toBe('enabled');
    const delay = (Date.parse(String(job.daterun)) - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(240);
    expect(delay).toBeLessThan(360);
    expect((await queue(0)).map((row) => row.id)).not.toContain(job.id);
    expect((await queue(600)).map((row) => row.id)).toContain(job.id);
  });

  it('runs execute → done back to enabled and moves daterun one period on', async () => {
    const job = await newJob();
    await act(job.id, 'execute');
    expect(await state(job.id)).toMatchObject({ statecode: 'executed', statetypecode: 'enabled' });
    await act(job.id, 'done');
    const after = await state(job.id);
    expect(after.statecode).toBe('enabled');
    const delay = (Date.parse(String(after.daterun)) - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(240);
    expect(delay).toBeLessThan(360);
  });

  it('keeps a failed job in the queue and lets it run again', async () => {
    const job = await newJob();
    await act(job.id, 'execute');
    await act(job.id, 'fail');
    expect(await state(job.id)).toMatchObject({ statecode: 'failed', statetypecode: 'enabled' });
    expect((await queue(600)).find((row) => row.id === job.id)).toMatchObject({ statecode: 'failed' });
    await act(job.id, 'execute');
    expect((await state(job.id)).statecode).toBe('executed');
  });

  it('recovers an orphan run with cancel then abort', async () => {
    const job = await newJob();
    await act(job.id, 'execute');
    await act(job.id, 'cancel');
    expect((await state(job.id)).statecode).toBe('canceled');
    await act(job.id, 'abort');
    expect(await state(job.id)).toMatchObject({ statecode: 'aborted', statetypecode: 'enabled' });
  });

  it('completes a one-time job, which leaves the queue', async () => {
    const job = await newJob({ type: 'disposable.job' });
    await act(job.id, 'execute');
    await act(job.id, 'complete');
    expect(await state(job.id)).toMatchObject({ statecode: 'completed', statetypecode: 'disabled' });
    expect((await queue(600)).map((row) => row.id)).not.toContain(job.id);
  });

  it('takes a disabled job out of the queue', async () => {
    const job = await newJob();
    await act(job.id, 'disable');
    expect((await state(job.id)).statetypecode).toBe('disabled');
    expect((await queue(600)).map((row) => row.id)).not.toContain(job.id);
  });

  it('refuses an action the current state does not offer with ERR-400-032', async () => {
    const job = await newJob();
    const error = await restError(db, db.admin, '/job/done', { id: job.id });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-032' });
    expect((await state(job.id)).statecode).toBe('enabled');
  });

  it('records the state history and the method history of a run', async () => {
    const job = await newJob();
    await act(job.id, 'execute');
    await act(job.id, 'done');
    const { rows } = await db.kernel.query<{ code: string }>(
      `SELECT a.code FROM db.notification n JOIN db.action a ON a.id = n.action WHERE n.object = $1 ORDER BY n.datetime`,
      [job.id],
    );
    expect(rows.map((row) => row.code)).toEqual(['enable', 'create', 'execute', 'done']);
  });

  it('drops a deleted job with its row', async () => {
    const job = await newJob();
    await act(job.id, 'delete');
    await act(job.id, 'drop');
    const { rows } = await db.kernel.query(`SELECT FROM db.job WHERE id = $1`, [job.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('/job/set validation', () => {
  it('refuses to give a job the code of another job of the scope with ERR-400-054', async () => {
    const first = await newJob();
    const second = await newJob();
    const error = await restError(db, db.admin, '/job/set', { id: second.id, code: first.code });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-054' });
    expect(error.message).toContain(String(first.code));
  });

  it('updates the job found by code when /job/set carries no id', async () => {
    const job = await newJob();
    const again = await restOne(db, db.admin, '/job/set', { code: job.code, label: 'Renamed' });
    expect(again).toMatchObject({ id: job.id, label: 'Renamed' });
  });

  it('answers an unknown scheduler with ERR-400-030', async () => {
    const error = await restError(db, db.admin, '/job/set', { scheduler: 'NEVER', program: 'CHECK_SESSION', code: uniqueCode('JOB') });
    expect(error).toMatchObject({ code: 400, error: 'ERR-400-030' });
  });

  it('answers a malformed daterun with a 400', async () => {
    const error = await restError(db, db.admin, '/job/set', { scheduler: 'EACH_01_DAY', program: 'CHECK_SESSION', daterun: 'tomorrow-ish' });
    expect(error.code).toBe(400);
  });
});
