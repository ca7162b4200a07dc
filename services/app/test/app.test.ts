import { fileURLToPath } from 'node:url';
import { UNREACHABLE_DATABASE_URL, describeServiceBasics } from '@pgfleet/http/testing';
import { createAppService } from '../src/server.js';

const { start } = describeServiceBasics({
  name: 'app',
  serviceDir: fileURLToPath(new URL('..', import.meta.url)),
  roles: ['daemon'],
  create: (deps) => createAppService({ ...deps, corsOrigins: [] }),
});

describe('app service built-in endpoints', () => {
  it('answers GET /api/v1/ping and /api/v1/time on the fast path without the database', async () => {
    const base = await start(UNREACHABLE_DATABASE_URL);
    const ping = await fetch(`${base}/api/v1/ping`);
    expect(ping.status).toBe(200);
    await expect(ping.json()).resolves.toEqual({ error: { code: 200, message: 'OK' } });
    const before = Date.now();
    const time = await fetch(`${base}/api/v1/time`);
    const body = (await time.json()) as { serverTime: number };
    expect(body.serverTime).toBeGreaterThanOrEqual(before);
    expect(body.serverTime).toBeLessThanOrEqual(Date.now());
  });
});
