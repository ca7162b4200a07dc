import net from 'node:net';

/**
 * A TCP relay between a client and a real server. `cut()` destroys every
 * proxied connection at once — the client sees the server vanish — while the
 * server itself keeps running; new connections are accepted again at once.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #refusing = false;

  private constructor(private readonly target: { host: string; port: number }) {
    this.#server = net.createServer((client) => this.#accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  get connections(): number {
    return this.#sockets.size / 2;
  }

  /** Drops every live connection; with `refuseMs`, new connections are dropped too for that long. */
  cut(refuseMs = 0): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (refuseMs > 0) {
      this.#refusing = true;
      setTimeout(() => (this.#refusing = false), refuseMs).unref();
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    if (this.#refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.#sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#sockets.delete(from);
        to.destroy();
      });
      from.pipe(to);
    }
  }
}
