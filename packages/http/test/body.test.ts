import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, readBody, sendError } from '../src/index.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    readBody(req, { limit: 1000 }).then(
      (body) => res.end(`read ${body.length}`),
      (err: unknown) => {
        if (err instanceof HttpError) {
          sendError(res, err.status, err.message);
        } else {
          sendError(res, 500, 'Internal Server Error');
        }
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// Chunked on purpose: without Content-Length the limit can only be enforced while reading.
function postChunked(chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) {
      req.write(chunk);
    }
    req.end();
  });
}

describe('readBody', () => {
  it('returns the whole body when it fits the limit', async () => {
    await expect(postChunked(['a'.repeat(600), 'b'.repeat(400)])).resolves.toEqual({ status: 200, body: 'read 1000' });
  });

  it('rejects a streamed body that grows past the limit with 413', async () => {
    const res = await postChunked(['a'.repeat(600), 'b'.repeat(600)]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 413, message: 'Request body larger than 1000 bytes' } });
  });

  it('answers a request without a body at once, the connection staying usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const get = (method: string): Promise<string> =>
        new Promise((resolve, reject) => {
          const req = request({ port, host: '127.0.0.1', method, path: '/', agent }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
          });
          req.on('error', reject);
          req.end();
        });
      // A bodiless POST (no Content-Length, no Transfer-Encoding), then two more on the same socket.
      expect(await get('POST')).toBe('read 0');
      expect(await get('GET')).toBe('read 0');
      await expect(postChunked(['abc'])).resolves.toEqual({ status: 200, body: 'read 3' });
    } finally {
      agent.destroy();
    }
  });

  it('rejects a declared Content-Length over the limit before reading', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'z'.repeat(5000) });
    expect(res.status).toBe(413);
  });
});
