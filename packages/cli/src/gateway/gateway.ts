import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { routeFor, type RouteTarget } from './routes.js';

export interface GatewayOptions {
  /** Where each routed service listens, e.g. `http://127.0.0.1:4101`. */
  targets: Record<RouteTarget, string>;
  /** Told about proxy failures; the client gets the 502 envelope either way. */
  onError?: (message: string) => void;
}

export interface Gateway {
  readonly server: Server;
  /** Resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting and cuts every open connection, upgraded WebSockets included. */
  close(): Promise<void>;
}

const badGateway = (message: string) => JSON.stringify({ error: { code: 502, message } });

/**
 * The `pnpm start` stand-in for the Ingress/nginx of a deployment: route by
 * URL prefix, keep `Host`, and set the forwarding headers the services trust
 * from loopback (ARCHITECTURE §1, §7).
 */
export function createGateway(options: GatewayOptions): Gateway {
  // Without an agent http-proxy opens a connection per request and relays the
  // target's `Connection: close`, which would end the client's keep-alive too.
  const agent = new Agent({ keepAlive: true });
  const proxy = createProxyServer({ changeOrigin: false, xfwd: false, agent });
  const upgraded = new WeakSet<Socket>();
  const upgradeSockets = new Set<Socket>();

  proxy.on('proxyReqWs', (proxyReq, _req, socket) => {
    proxyReq.on('upgrade', () => upgraded.add(socket));
  });
  // Without a listener http-proxy would rethrow target errors from elsewhere.
  proxy.on('error', () => undefined);

  const fail = (target: RouteTarget, err: Error, res: ServerResponse | Socket) => {
    const message = `Bad Gateway: ${target} (${options.targets[target]}) is not reachable`;
    options.onError?.(`${message}: ${err.message}`);
    if ('setHeader' in res) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = badGateway(message);
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    // A WebSocket handshake that never reached the target still gets an HTTP answer; an established one just closes.
    if (!upgraded.has(res) && res.writable) {
      const body = badGateway(message);
      res.end(
        `HTTP/1.1 502 Bad Gateway\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
  };

  const server = createServer((req, res) => {
    const target = routeFor(req.url ?? '/');
    setForwardingHeaders(req);
    proxy.web(req, res, { target: options.targets[target] }, (err, _req, out) => fail(target, err, out));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = routeFor(req.url ?? '/');
    upgradeSockets.add(socket);
    socket.on('close', () => upgradeSockets.delete(socket));
    socket.on('error', () => socket.destroy());
    setForwardingHeaders(req);
    proxy.ws(req, socket, head, { target: options.targets[target] }, (err, _req, out) => fail(target, err, out));
  });

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgradeSockets) socket.destroy();
        agent.destroy();
      }),
  };
}

/**
 * nginx semantics: the peer is appended to `X-Forwarded-For`, `X-Real-IP` is
 * the peer, and the scheme is this gateway's own (plain HTTP). Whether any of
 * it is believed is the service's decision (TRUSTED_PROXIES).
 */
function setForwardingHeaders(req: IncomingMessage): void {
  const peer = normalisePeer(req.socket.remoteAddress);
  const previous = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = previous ? `${Array.isArray(previous) ? previous.join(', ') : previous}, ${peer}` : peer;
  req.headers['x-real-ip'] = peer;
  req.headers['x-forwarded-proto'] = 'http';
}

function normalisePeer(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
