import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinEndpoints } from './builtin.handler.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const fast = builtinEndpoints({ corsOrigins: ['https://app.example.com'], now: () => 1_700_000_000_123 });
  server = createServer((req, res) => {
    if (!fast(req, res)) {
      res.writeHead(299).end('passed on');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('builtinEndpoints', () => {
  it('answers GET /api/v1/ping with the OK envelope', async () => {
    const res = await fetch(`${base}/api/v1/ping`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.text()).resolves.toBe('{"error":{"code":200,"message":"OK"}}');
  });

  it('answers GET /api/v1/time with the clock in epoch milliseconds', async () => {
    const res = await fetch(`${base}/api/v1/time?x=1`);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ serverTime: 1_700_000_000_123 });
  });

  it('passes other methods on the same paths on to the database route', async () => {
    const res = await fetch(`${base}/api/v1/ping`, { method: 'POST' });
    expect(res.status).toBe(299);
  });

  it('passes other paths on', async () => {
    expect((await fetch(`${base}/api/v1/pingx`)).status).toBe(299);
    expect((await fetch(`${base}/api/v2/ping`)).status).toBe(299);
  });

  it('adds CORS headers for an allowed origin only', async () => {
    const allowed = await fetch(`${base}/api/v1/ping`, { headers: { Origin: 'https://app.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Signature');
    const other = await fetch(`${base}/api/v1/ping`, { headers: { Origin: 'https://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.status).toBe(200);
  });

  it('answers OPTIONS under /api/v1/ with 204, Allow and CORS headers', async () => {
    const res = await fetch(`${base}/api/v1/object/list`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, POST, PUT, PATCH, DELETE, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    await expect(res.text()).resolves.toBe('');
  });

  it('refuses methods AppServer does not serve with a plain-text 405', async () => {
    for (const method of ['HEAD', 'PROPFIND', 'COPY']) {
      const res = await fetch(`${base}/api/v1/user/get`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST, PUT, PATCH, DELETE, OPTIONS');
      expect(res.headers.get('content-type')).toBe('text/plain');
      if (method !== 'HEAD') {
        await expect(res.text()).resolves.toBe('405 Method Not Allowed');
      }
    }
  });

  it('leaves OPTIONS and odd methods outside /api/v1/ alone', async () => {
    expect((await fetch(`${base}/api/v2/x`, { method: 'OPTIONS' })).status).toBe(299);
    expect((await fetch(`${base}/api/v1`, { method: 'PROPFIND' })).status).toBe(299);
  });
});
