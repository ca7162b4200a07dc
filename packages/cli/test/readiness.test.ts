import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readyLine, waitReady } from '../src/launcher/readiness.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('waitReady', () => {
  const servers: Server[] = [];

  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  });

  /** A service whose /readyz answers 503 until `readyAfter` requests have been made. */
  async function service(readyAfter: number) {
    let asked = 0;
    const server = createServer((req, res) => {
      if (req.url !== '/readyz') {
        res.writeHead(404).end();
        return;
      }
      asked += 1;
      res.writeHead(asked > readyAfter ? 200 : 503).end();
    });
    servers.push(server);
    return { port: await listen(server), asked: () => asked };
  }

  it('resolves only once every service has answered 200, asking a ready one no further', async () => {
    const quick = await service(0);
    const slow = await service(3);
    await waitReady(
      [
        { name: 'quick', port: quick.port },
        { name: 'slow', port: slow.port },
      ],
      { signal: new AbortController().signal, intervalMs: 10 },
    );
    expect(slow.asked()).toBe(4);
    expect(quick.asked()).toBe(1);
  });

  it('keeps waiting for a service that is not listening yet, and names it while it waits', async () => {
    const late = await service(0);
    const { port } = late;
    await new Promise<void>((resolve) => servers[0]?.close(() => resolve()));
    servers.length = 0;
    const pending: string[][] = [];
    const waiting = waitReady([{ name: 'late', port }], { signal: new AbortController().signal, intervalMs: 10, reportEveryMs: 0, onPending: (names) => pending.push(names) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const server = createServer((_req, res) => res.writeHead(200).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    await waiting;
    expect(pending[0]).toEqual(['late']);
  });

  it('gives up with the abort reason, e.g. when Ctrl-C arrives during start-up', async () => {
    const never = await service(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const waiting = waitReady([{ name: 'never', port: never.port }], { signal: controller.signal, intervalMs: 10 });
    setTimeout(() => controller.abort(new Error('SIGINT')), 50);
    await expect(waiting).rejects.toThrow('SIGINT');
  });
});

describe('readyLine', () => {
  it('says postgres-only without AMQP_URL and prints the database without its password', () => {
    expect(readyLine('http://127.0.0.1:4977', undefined, 'postgres://postgres:secret@127.0.0.1:41234/pgfleet')).toBe(
      'pgfleet ready: http://127.0.0.1:4977 (mode: postgres-only, db: postgres://postgres@127.0.0.1:41234/pgfleet)',
    );
  });

  it('says rabbitmq when AMQP_URL is set', () => {
    expect(readyLine('http://127.0.0.1:5000', 'amqp://guest:guest@127.0.0.1:5672', 'postgres://u@db:5432/x')).toBe(
      'pgfleet ready: http://127.0.0.1:5000 (mode: rabbitmq, db: postgres://u@db:5432/x)',
    );
  });
});
