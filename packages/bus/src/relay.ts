import pg from 'pg';
import { Listener, type Notification } from '@pgfleet/db';
import { errorText } from './codec.js';
import { Drain } from './drain.js';
import { TRY_SWEEP_LOCK } from './relay.sql.js';
import { silentLogger, type Bus, type Headers, type Logger } from './types.js';

/** What a source turns into a message: a notification's payload, or a row found by its sweep. */
export type RelayInput =
  | { origin: 'notify'; channel: string; payload: string }
  | { origin: 'sweep'; channel: string; row: Record<string, unknown> };

export interface RelayMessage {
  body: unknown;
  /** Use the row's id: consumers and RabbitMQ tooling then see a duplicate as the same message. */
  messageId?: string;
  headers?: Headers;
  /** Overrides the source's topic for this item (e.g. a topic derived from the payload). */
  topic?: string;
}

export interface RelaySweep {
  /**
   * Returns the rows still pending after the grace period. `$1` is the grace
   * period in milliseconds. It runs inside the relay's transaction, which
   * commits only after every row was published and confirmed, so it may also
   * mark the rows it returns (`UPDATE … RETURNING`) and use `FOR UPDATE SKIP
   * LOCKED`: a failed publish rolls the marks back.
   */
  sql: string;
  intervalMs: number;
  /** Younger rows are left to the NOTIFY path, which normally already published them. */
  graceMs: number;
}

export interface RelaySource {
  /** The NOTIFY channel of spec/services/00-overview.md §5 that feeds this source. */
  channel: string;
  /** Work queue each item goes to. */
  queue?: string;
  /** Fan-out topic each item goes to (in addition to `queue` when both are set). */
  topic?: string;
  sweep?: RelaySweep;
  /** `null` skips the item (a payload this source does not relay). */
  toMessage(input: RelayInput): RelayMessage | null;
}

export interface RelayOptions {
  /** A direct connection for LISTEN (not through a transaction pooler); also used for sweeps without `pool`. */
  listen: { url: string; channels?: string[] };
  sources: RelaySource[];
  bus: Bus;
  /** Connections for the sweeps; a small pool on `listen.url` when omitted. */
  pool?: pg.Pool;
  log?: Logger;
  /** How long stop() waits for publications in flight. Default 10 s. */
  stopTimeoutMs?: number;
}

export interface Relay {
  /** LISTENs, sweeps once at once (rows left while no relay ran), then sweeps on each source's timer. */
  start(): Promise<void>;
  /** Stops listening and sweeping, then waits for in-flight publications. Final: a stopped relay does not start again. */
  stop(): Promise<void>;
  /** Runs every source's sweep now; resolves to the number of items published. */
  sweep(): Promise<number>;
  isReady(): boolean;
}

export function createRelay(options: RelayOptions): Relay {
  const log = options.log ?? silentLogger;
  const { bus, sources } = options;
  for (const source of sources) {
    if (!source.queue && !source.topic) throw new Error(`relay source ${source.channel} needs a queue or a topic`);
  }
  const byChannel = new Map<string, RelaySource[]>();
  for (const source of sources) byChannel.set(source.channel, [...(byChannel.get(source.channel) ?? []), source]);
  const channels = new Set([...(options.listen.channels ?? []), ...byChannel.keys()]);
  const ownsPool = !options.pool;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.listen.url, max: 2 });
  if (ownsPool) pool.on('error', (err) => log.warn({ err: errorText(err) }, 'idle relay connection failed'));
  const drain = new Drain();
  const timers: NodeJS.Timeout[] = [];
  const sweeping = new Map<RelaySource, Promise<number>>();
  let running = false;
  let stopping: Promise<void> | undefined;

  async function deliver(source: RelaySource, input: RelayInput): Promise<number> {
    const message = source.toMessage(input);
    if (!message) return 0;
    const publishOptions = {
      ...(message.messageId !== undefined && { messageId: message.messageId }),
      ...(message.headers !== undefined && { headers: message.headers }),
    };
    const topic = message.topic ?? source.topic;
    await Promise.all([
      source.queue ? bus.publish(source.queue, message.body, publishOptions) : undefined,
      topic ? bus.publishEvent(topic, message.body, publishOptions) : undefined,
    ]);
    return 1;
  }

  function onNotification({ channel, payload }: Notification): void {
    if (!running) return;
    const targets = byChannel.get(channel);
    if (!targets) return;
    for (const source of targets) {
      drain.track(
        deliver(source, { origin: 'notify', channel, payload: payload ?? '' }).catch((err: unknown) => {
          // Not lost: the row is still pending in the database and the next sweep publishes it.
          log.warn({ channel, err: errorText(err) }, 'relay publish failed; the sweep will retry');
        }),
      );
    }
  }

  async function sweepSource(source: RelaySource): Promise<number> {
    const sweep = source.sweep;
    if (!sweep) return 0;
    // A slow sweep is never overlapped by the next tick of its own timer.
    const current = sweeping.get(source);
    if (current) return current;
    const run = (async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows: lock } = await client.query<{ locked: boolean }>(TRY_SWEEP_LOCK, [source.channel]);
        if (!lock[0]?.locked) {
          // Another replica is sweeping this source right now; its publications cover ours.
          await client.query('ROLLBACK');
          return 0;
        }
        const { rows } = await client.query<Record<string, unknown>>(sweep.sql, [sweep.graceMs]);
        let published = 0;
        for (const row of rows) published += await deliver(source, { origin: 'sweep', channel: source.channel, row });
        await client.query('COMMIT');
        if (published > 0) log.info({ channel: source.channel, published }, 'relay sweep published pending rows');
        return published;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    })();
    sweeping.set(source, run);
    try {
      return await run;
    } finally {
      sweeping.delete(source);
    }
  }

  async function sweepAll(): Promise<number> {
    const counts = await Promise.all(
      sources.map((source) =>
        sweepSource(source).catch((err: unknown) => {
          log.warn({ channel: source.channel, err: errorText(err) }, 'relay sweep failed');
          return 0;
        }),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  const listener = new Listener({
    url: options.listen.url,
    channels,
    applicationName: 'pgfleet-relay',
    onNotification,
    // Whatever was notified while the connection was down is found by a sweep now, not in a minute.
    onReconnect: async () => {
      await sweepAll();
    },
    log,
  });

  return {
    async start() {
      if (stopping) throw new Error('a stopped relay cannot be started again; create a new one');
      if (running) return;
      running = true;
      await listener.start();
      await sweepAll();
      for (const source of sources) {
        const sweep = source.sweep;
        if (!sweep) continue;
        const timer = setInterval(() => {
          if (!running) return;
          drain.track(
            sweepSource(source).catch((err: unknown) => {
              log.warn({ channel: source.channel, err: errorText(err) }, 'relay sweep failed');
            }),
          );
        }, sweep.intervalMs);
        timers.push(timer);
      }
    },
    stop() {
      stopping ??= (async () => {
        running = false;
        timers.splice(0).forEach(clearInterval);
        await listener.stop();
        const drained = await drain.wait(options.stopTimeoutMs ?? 10_000);
        if (!drained) log.warn({ pending: drain.size }, 'relay stopped with publications in flight; sweeps will redo them');
        if (ownsPool) await pool.end();
      })();
      return stopping;
    },
    sweep: sweepAll,
    isReady: () => running && listener.connected,
  };
}
