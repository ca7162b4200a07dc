import { createServer } from 'node:net';

/**
 * A TCP port the OS considers free on 127.0.0.1 right now. There is a short
 * window before the real owner binds it; acceptable for a development
 * launcher, and the owner's bind error names the port if it ever loses.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
