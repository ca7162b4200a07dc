import { startApp, type AppHarness } from './support.js';

let app: AppHarness;
let auth: Record<string, string>;

beforeAll(async () => {
  app = await startApp('app_rest');
  auth = { Authorization: `Bearer ${(await app.login()).access_token}` };
});

afterAll(async () => {
  await app.stop();
});

// Paths that would end the admin session the sample runs in, or wipe what later calls read.
const DISRUPTIVE = /sign\/out|signout|logout|session\/close|\/su$|password|lock|clear|delete|drop|revoke|disable/;

async function samplePaths(count: number): Promise<string[]> {
  const { rows } = await app.daemon.query<{ path: string }>("SELECT j->>'path' AS path FROM daemon.rest_catalog() j");
  const eligible = rows
    .map(({ path }) => (path.startsWith('/api/') ? path : `/api/v1${path}`))
    .filter((path) => !DISRUPTIVE.test(path))
    .sort();
  // An even spread over the catalogue, so every module is represented, and the same paths every run.
  const step = eligible.length / count;
  return Array.from({ length: count }, (_, i) => eligible[Math.floor(i * step)] as string);
}

describe('platform REST paths through HTTP', () => {
  it('answers 50 catalogue paths with a 2xx or a 4xx envelope, never a 5xx', async () => {
    const paths = await samplePaths(50);
    expect(new Set(paths).size).toBe(50);
    const failures: string[] = [];
    for (const path of paths) {
      const res = await fetch(`${app.base}${path}`, { method: 'POST', headers: auth });
      const text = await res.text();
      if (res.status >= 500) {
        failures.push(`${path}: ${res.status} ${text}`);
      } else if (res.status >= 400) {
        const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        if (typeof body.error?.code !== 'number' || typeof body.error.message !== 'string') failures.push(`${path}: ${res.status} without envelope: ${text}`);
      } else {
        JSON.parse(text);
      }
    }
    expect(failures).toEqual([]);
  });
});
