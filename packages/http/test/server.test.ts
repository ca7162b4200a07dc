import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createServer, setRoute, type CreateServerOptions, type HttpService } from '../src/index.js';

const logger = pino({ level: 'silent' });
const running: HttpService[] = [];

async function start(overrides: Partial<CreateServerOptions> = {}): Promise<{ service: HttpService; url: string }> {
  const service = createServer({ logger, port: 0, host: '127.0.0.1', readiness: { checks: {} }, ...overrides });
  running.push(service);
  const address: AddressInfo = await service.listen();
  return { service, url: `http://127.0.0.1:${address.port}` };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown()));
});

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('createServer', () => {
  it('offers each request to the fast handler before express', async () => {
    const routes = express.Router();
    routes.get('/hot', (_req, res) => {
      res.send('express');
    });
    routes.get('/cold', (_req, res) => {
      res.send('express');
    });
    const { url } = await start({
      app: routes,
      fast: (req, res) => {
        if (req.url !== '/hot') {
          return false;
        }
        res.end('fast');
        return true;
      },
    });
    await expect((await fetch(`${url}/hot`)).text()).resolves.toBe('fast');
    await expect((await fetch(`${url}/cold`)).text()).resolves.toBe('express');
  });

  it('labels fast-path metrics with the route the handler names', async () => {
    const { url } = await start({
      fast: (req, res) => {
        if (!req.url?.startsWith('/things/')) {
          return false;
        }
        setRoute(res, '/things/:id');
        res.end('thing');
        return true;
      },
    });
    await fetch(`${url}/things/7`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/things\/:id",status="200"\} \d+/);
    expect(text).not.toContain('/things/7');
  });

  it('answers a throwing fast handler with a 500 envelope', async () => {
    const { url } = await start({
      fast: () => {
        throw new Error('secret detail');
      },
    });
    const res = await fetch(`${url}/any`);
    expect(res.status).toBe(500);
    await expect(res.json()).resolves.toEqual({ error: { code: 500, message: 'Internal Server Error' } });
  });

  it('answers /healthz with text ok for any method', async () => {
    const { url } = await start();
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await fetch(`${url}/healthz`, { method });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      await expect(res.text()).resolves.toBe('ok');
    }
  });

  it('reports ready when every check passes and names the failing ones with 503', async () => {
    let dbUp = true;
    const { url } = await start({
      readiness: {
        checks: {
          db: () => (dbUp ? Promise.resolve() : Promise.reject(new Error('connection refused'))),
          bus: () => Promise.resolve(),
        },
      },
    });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    dbUp = false;
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as { error: { code: number; message: string; failing: string[] } };
    expect(body.error.code).toBe(503);
    expect(body.error.failing).toEqual(['db']);
    expect(body.error.message).toContain('db');
  });

  it('fails a readiness check that does not answer in time', async () => {
    const { url } = await start({
      readiness: { checks: { slow: () => new Promise<void>(() => undefined) }, timeoutMs: 50 },
    });
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
  });

  it('serves Prometheus text with request counts by route and status', async () => {
    const routes = express.Router();
    routes.get('/items/:id', (_req, res) => {
      res.json({});
    });
    const { url } = await start({ app: routes });
    await fetch(`${url}/items/42`);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/items\/:id",status="200"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const { url } = await start();
    const given = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a JSON body over the limit with a 413 envelope', async () => {
    const routes = express.Router();
    routes.post('/echo', (req, res) => {
      res.json(req.body);
    });
    const { url } = await start({ app: routes, bodyLimit: 1024 });
    const big = JSON.stringify({ data: 'x'.repeat(2048) });
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: number } };
    expect(body.error.code).toBe(413);
    const small = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    await expect(small.json()).resolves.toEqual({ a: 1 });
  });

  it('accepts bodies up to 10 MiB by default', async () => {
    const routes = express.Router();
    routes.post('/size', (req, res) => {
      res.json({ length: (req.body as { data: string }).data.length });
    });
    const { url } = await start({ app: routes });
    const data = 'y'.repeat(9 * 1024 * 1024);
    const res = await fetch(`${url}/size`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    expect(res.status).toBe(200);
    const tooBig = await fetch(`${url}/size`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: 'y'.repeat(10 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
  }, 20_000);

  it('answers malformed JSON with a 400 envelope, never a 500', async () => {
    const routes = express.Router();
    routes.post('/echo', (req, res) => {
      res.json(req.body);
    });
    const { url } = await start({ app: routes });
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(400);
    expect(body.error.message).not.toMatch(/at .*\.js/);
  });

  it('ends unknown paths with a 404 envelope', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/nowhere`);
    expect(res.status).toBe(404);
    await expect(res.json()).resolves.toEqual({ error: { code: 404, message: 'Not Found' } });
  });

  it('renders a thrown error as a 500 envelope without its message or stack', async () => {
    const routes = express.Router();
    routes.get('/boom', () => {
      throw new Error('password=hunter2');
    });
    const { url } = await start({ app: routes });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 500, message: 'Internal Server Error' } });
    expect(text).not.toContain('hunter2');
  });

  it('fails readiness as soon as shutdown starts while liveness stays up', async () => {
    const { service, url } = await start({ stopAcceptingDelayMs: 500 });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const stopped = service.shutdown();
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(503);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await expect(stopped).resolves.toBe(true);
  }, 20_000);

  it('lets an in-flight request finish, stops accepting, then runs the later steps', async () => {
    const entered = gate();
    const release = gate();
    const order: string[] = [];
    const routes = express.Router();
    routes.get('/slow', async (_req, res) => {
      entered.open();
      await release.promise;
      order.push('response');
      res.send('done');
    });
    const { service, url } = await start({
      app: routes,
      onShutdown: [{ name: 'pool', run: () => void order.push('pool') }],
    });
    const slow = fetch(`${url}/slow`).then(async (res) => ({ status: res.status, text: await res.text() }));
    await entered.promise;
    const stopped = service.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(connectOnce(url)).rejects.toThrow(/ECONNREFUSED/);
    expect(order).toEqual([]);
    release.open();
    await expect(slow).resolves.toEqual({ status: 200, text: 'done' });
    await expect(stopped).resolves.toBe(true);
    expect(order).toEqual(['response', 'pool']);
  }, 20_000);
});

// A fresh connection (no pooled keep-alive socket) shows whether the listener still accepts.
function connectOnce(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
