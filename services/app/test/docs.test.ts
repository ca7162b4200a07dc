import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { startApp, type AppHarness } from './support.js';

const run = promisify(execFile);
const redocly = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));

let app: AppHarness;

beforeAll(async () => {
  app = await startApp('app_docs');
});

afterAll(async () => {
  await app.stop();
});

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object; required?: string[] } }> }; security?: object[] }>>;
}

describe('/docs', () => {
  it('redirects /docs to /docs/ and serves Swagger UI there', async () => {
    const redirect = await fetch(`${app.base}/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    const page = await fetch(`${app.base}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-initializer.js');
    expect((await fetch(`${app.base}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('configures the UI with the YAML document and the web client', async () => {
    const script = await (await fetch(`${app.base}/docs/swagger-initializer.js`)).text();
    expect(script).toContain("url: '/docs/api.yaml'");
    expect(script).toContain('"clientId":"web-pgfleet.local"');
    expect(script).toContain('/docs/oauth2-redirect.html');
  });

  it('generates OpenAPI 3.1 with every catalogue path in its full /api/v1 form and its keys', async () => {
    const res = await fetch(`${app.base}/docs/api.json`);
    expect(res.headers.get('content-type')).toContain('application/json');
    const document = (await res.json()) as Document;
    expect(document.openapi).toBe('3.1.0');
    const { rows } = await app.daemon.query<{ path: string }>("SELECT j->>'path' AS path FROM daemon.rest_catalog() j");
    for (const { path } of rows) {
      const full = path.startsWith('/api/') ? path : `/api/v1${path}`;
      expect(document.paths[full]).toBeDefined();
    }
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/') && !['/healthz', '/readyz', '/metrics'].includes(path) && !path.startsWith('/docs/'))).toEqual([]);
    const fileSet = document.paths['/api/v1/file/set']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(fileSet?.properties ?? {}).length).toBeGreaterThan(0);
    expect(document.paths['/api/v1/ping']?.get).toBeDefined();
  });

  it('serves the same document as YAML', async () => {
    const res = await fetch(`${app.base}/docs/api.yaml`);
    expect(res.headers.get('content-type')).toContain('application/yaml');
    const yaml = parse(await res.text()) as Document;
    const json = (await (await fetch(`${app.base}/docs/api.json`)).json()) as Document;
    expect(yaml).toEqual(json);
  });

  it('passes redocly lint without errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-openapi-'));
    try {
      const file = join(dir, 'api.yaml');
      await writeFile(file, await (await fetch(`${app.base}/docs/api.yaml`)).text());
      const result = await run(redocly, ['lint', file, '--format', 'json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { stdout?: string; stderr?: string }) => err);
      const report = JSON.parse(result.stdout ?? '{}') as { totals?: { errors: number }; problems?: Array<{ severity: string; message: string }> };
      const errors = (report.problems ?? []).filter((problem) => problem.severity === 'error').map((problem) => problem.message);
      expect(errors).toEqual([]);
      expect(report.totals?.errors).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
