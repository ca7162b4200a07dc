import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createGateway, type Gateway } from '../src/gateway/gateway.js';
import type { RouteTarget } from '../src/gateway/routes.js';

interface Echo {
  service: string;
  url: string;
  headers: IncomingHttpHeaders;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A target that answers with who it is and what it received. */
function echoServer(service: string): Server {
  return createServer((req, res) => {
    const body: Echo = { service, url: req.url ?? '', headers: req.headers };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await close(server);
  return port;
}

// fetch() forbids setting Host, which these tests must control.
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dev gateway', () => {
  const names: RouteTarget[] = ['auth', 'app', 'ws', 'file'];
  const servers = new Map<RouteTarget, Server>();
  const upgradeHeaders: IncomingHttpHeaders[] = [];
  let wss: WebSocketServer;
  let gateway: Gateway;
  let port: number;
  const errors: string[] = [];

  beforeAll(async () => {
    const targets = {} as Record<RouteTarget, string>;
    for (const name of names) {
      const server = echoServer(name);
      servers.set(name, server);
      targets[name] = `http://127.0.0.1:${await listen(server)}`;
    }
    // The ws target also speaks WebSocket: it echoes each message, prefixed with the path it was opened on.
    wss = new WebSocketServer({ server: servers.get('ws') as Server });
    wss.on('connection', (socket, req) => {
      upgradeHeaders.push(req.headers);
      socket.on('message', (data: Buffer) => socket.send(`${req.url ?? ''}:${data.toString()}`));
    });
    gateway = createGateway({ targets, onError: (message) => errors.push(message) });
    port = await gateway.listen(0);
  });

  afterAll(async () => {
    await gateway.close();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await Promise.all([...servers.values()].map(close));
  });

  it.each([
    ['/oauth2/token', 'auth'],
    ['/.well-known/openid-configuration', 'auth'],
    ['/api/v1/ping', 'app'],
    ['/callback/google?code=1', 'app'],
    ['/import/data', 'app'],
    ['/docs', 'app'],
    ['/session/abc', 'ws'],
    ['/ws/push', 'ws'],
    ['/file/1/a.txt', 'file'],
    ['/', 'app'],
    ['/assets/site.css', 'app'],
  ])('routes %s to %s with the path and query unchanged', async (path, service) => {
    const reply = await get(port, path);
    expect(reply.status).toBe(200);
    const echo = JSON.parse(reply.body) as Echo;
    expect(echo.service).toBe(service);
    expect(echo.url).toBe(path);
  });

  it("keeps the client's connection alive across requests", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const once = () =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/ping', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers.connection));
        });
        req.on('socket', (socket) => sockets.add(socket));
        req.on('error', reject);
        req.end();
      });
    expect(await once()).toBe('keep-alive');
    expect(await once()).toBe('keep-alive');
    agent.destroy();
    expect(sockets.size).toBe(1);
  });

  it('passes Host unchanged and sets X-Forwarded-For, X-Real-IP and X-Forwarded-Proto', async () => {
    const reply = await get(port, '/api/v1/ping', { host: 'example.test:8080' });
    const { headers } = JSON.parse(reply.body) as Echo;
    expect(headers.host).toBe('example.test:8080');
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-real-ip']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
  });

  it('appends the peer to an incoming X-Forwarded-For but overwrites X-Real-IP and X-Forwarded-Proto', async () => {
    const reply = await get(port, '/oauth2/token', {
      'x-forwarded-for': '203.0.113.7, 198.51.100.2',
      'x-real-ip': '203.0.113.7',
      'x-forwarded-proto': 'https',
    });
    const { headers } = JSON.parse(reply.body) as Echo;
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 198.51.100.2, 127.0.0.1');
    expect(headers['x-real-ip']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
  });

  it('proxies a WebSocket upgrade on /session/* to ws, both ways, with the forwarding headers', async () => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/session/code42`, { headers: { host: 'example.test' } });
    const reply = await new Promise<string>((resolve, reject) => {
      client.once('open', () => client.send('hello'));
      client.once('message', (data: Buffer) => resolve(data.toString()));
      client.once('error', reject);
    });
    client.close();
    expect(reply).toBe('/session/code42:hello');
    const headers = upgradeHeaders.at(-1);
    expect(headers?.host).toBe('example.test');
    expect(headers?.['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers?.['x-real-ip']).toBe('127.0.0.1');
    expect(headers?.['x-forwarded-proto']).toBe('http');
  });

  describe('with a target that is down', () => {
    let down: Gateway;
    let downPort: number;

    beforeAll(async () => {
      const dead = `http://127.0.0.1:${await deadPort()}`;
      down = createGateway({ targets: { auth: dead, app: dead, ws: dead, file: dead }, onError: (message) => errors.push(message) });
      downPort = await down.listen(0);
    });

    afterAll(() => down.close());

    it('answers 502 in the JSON error envelope and reports the failure', async () => {
      const before = errors.length;
      const reply = await get(downPort, '/file/1/a.txt');
      expect(reply.status).toBe(502);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(reply.body) as { error: { code: number; message: string } };
      expect(body.error.code).toBe(502);
      expect(body.error.message).toMatch(/file/);
      expect(Object.keys(body)).toEqual(['error']);
      expect(errors.length).toBe(before + 1);
    });

    it('answers a WebSocket handshake with the 502 envelope instead of hanging', async () => {
      const client = new WebSocket(`ws://127.0.0.1:${downPort}/session/x`);
      const status = await new Promise<number>((resolve, reject) => {
        client.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        client.once('open', () => reject(new Error('handshake unexpectedly succeeded')));
        client.once('error', reject);
      });
      client.terminate();
      expect(status).toBe(502);
    });
  });

  it('close() also cuts an established WebSocket so the process can exit', async () => {
    const local = createGateway({ targets: { auth: '', app: '', file: '', ws: `http://127.0.0.1:${(servers.get('ws')?.address() as AddressInfo).port}` } });
    const localPort = await local.listen(0);
    const client = new WebSocket(`ws://127.0.0.1:${localPort}/ws/x`);
    await new Promise((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    const closed = new Promise((resolve) => client.once('close', resolve));
    await local.close();
    await expect(closed).resolves.toBeDefined();
  });
});
