import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppHarness } from './support.js';

let app: AppHarness;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'app-www-'));
  await mkdir(join(root, 'assets'));
  await mkdir(join(root, 'guide'));
  await writeFile(join(root, 'index.html'), '<html>spa</html>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(join(root, 'guide', 'index.html'), '<html>guide</html>');
  app = await startApp('app_static', { wwwRoot: root });
});

afterAll(async () => {
  await app.stop();
  await rm(root, { recursive: true, force: true });
});

// fetch() cannot send these as written: it resolves dot segments in the URL and adds
// `Cache-Control: no-cache` to conditional requests, which disables 304s.
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(app.base);
    const req = request({ host: hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static site', () => {
  it('serves a file with its type, an ETag and a cache lifetime', async () => {
    const res = await fetch(`${app.base}/assets/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    await expect(res.text()).resolves.toBe('console.log(1);');
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await fetch(`${app.base}/assets/app.js`);
    const again = await rawGet('/assets/app.js', { 'If-None-Match': first.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for unknown routes of the single-page app, revalidated every time', async () => {
    const res = await fetch(`${app.base}/dashboard/orders/7`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    await expect(res.text()).resolves.toBe('<html>spa</html>');
  });

  it('answers a missing file with an extension with 404 instead of the app', async () => {
    const res = await fetch(`${app.base}/assets/missing.js`);
    expect(res.status).toBe(404);
    await expect(res.text()).resolves.toBe('404 Not Found');
  });

  it('redirects a directory to its slash form and serves its index', async () => {
    const redirect = await fetch(`${app.base}/guide`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/guide/');
    await expect((await fetch(`${app.base}/guide/`)).text()).resolves.toBe('<html>guide</html>');
  });

  it('answers HEAD with headers only', async () => {
    const res = await fetch(`${app.base}/assets/app.js`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('15');
  });

  it('refuses write methods with 405 and answers OPTIONS with 204', async () => {
    const post = await fetch(`${app.base}/anything`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const options = await fetch(`${app.base}/anything`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
  });

  it('refuses path traversal with 400', async () => {
    for (const path of ['/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/../../etc/passwd']) {
      const res = await rawGet(path);
      expect(res.status).toBe(400);
      expect(res.body).toBe('400 Bad Request');
    }
  });

  it('leaves the probes to the service', async () => {
    await expect((await fetch(`${app.base}/healthz`)).text()).resolves.toBe('ok');
  });
});
