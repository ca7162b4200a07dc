import pg from 'pg';
import { quoteIdentifier } from './identifier.js';
import type { WarnLogger } from './pool.js';

export interface Notification {
  channel: string;
  payload: string | undefined;
  processId: number;
}

export interface ListenerOptions {
  /** A direct connection: LISTEN does not survive a transaction-pooling proxy. */
  url: string;
  channels: Iterable<string>;
  onNotification: (notification: Notification) => void;
  /**
   * Called after every re-connection once LISTEN is in place again.
   * Notifications sent while the connection was down are lost for good, so
   * callers sweep the database here for whatever they missed.
   */
  onReconnect?: () => Promise<void> | void;
  applicationName?: string;
  /** First retry delay; doubles per failed attempt. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  log?: WarnLogger;
}

/** One dedicated connection that LISTENs on a set of channels and comes back by itself. */
export class Listener {
  private readonly channels: Set<string>;
  private client: pg.Client | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  private everConnected = false;
  private firstConnection: { resolve: () => void; promise: Promise<void> };

  constructor(private readonly options: ListenerOptions) {
    this.channels = new Set(options.channels);
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    this.firstConnection = { resolve, promise };
  }

  /** Resolves once the first LISTEN is in place; keeps retrying until then. */
  async start(): Promise<void> {
    this.stopped = false;
    this.scheduleConnect(0);
    await this.firstConnection.promise;
  }

  /** For readiness probes. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The backend's process id of the current connection (tests terminate it). */
  get backendPid(): number | undefined {
    // node-postgres sets processID on connect but leaves it out of its typings.
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  async listen(channel: string): Promise<void> {
    this.channels.add(channel);
    await this.client?.query(`LISTEN ${quoteIdentifier(channel)}`);
  }

  async unlisten(channel: string): Promise<void> {
    this.channels.delete(channel);
    await this.client?.query(`UNLISTEN ${quoteIdentifier(channel)}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A start() still waiting for its first connection returns instead of hanging.
    this.firstConnection.resolve();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query('UNLISTEN *');
    } catch {
      // The connection is being closed anyway; a failed UNLISTEN changes nothing.
    }
    await client.end().catch(() => undefined);
  }

  private delay(): number {
    const initial = this.options.initialDelayMs ?? 100;
    const cap = this.options.maxDelayMs ?? 10_000;
    const ceiling = Math.min(cap, initial * 2 ** this.attempt);
    // Full jitter: many replicas losing the same server do not return in lockstep.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private scheduleConnect(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.connecting = this.connect().finally(() => (this.connecting = undefined));
    }, ms);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'pgfleet-listener',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.log?.warn({ err }, 'listener connection lost, reconnecting');
      this.scheduleConnect(this.delay());
      this.attempt += 1;
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    client.on('notification', (message) => {
      this.options.onNotification({ channel: message.channel, payload: message.payload, processId: message.processId });
    });
    this.client = client;
    this.attempt = 0;
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.firstConnection.resolve();
    if (reconnected && this.options.onReconnect) {
      try {
        await this.options.onReconnect();
      } catch (err) {
        this.options.log?.warn({ err }, 'listener catch-up after reconnect failed');
      }
    }
  }
}
