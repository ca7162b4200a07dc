import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Listener } from '@pgfleet/db';
import { errorText, isDeadLetter, userHeaders } from './codec.js';
import { Drain } from './drain.js';
import * as sql from './pg.sql.js';
import { bindingKeyPattern, resolveConsumeOptions, retryDelay } from './topology.js';
import {
  silentLogger,
  type Bus,
  type BusMessage,
  type CloseOptions,
  type ConsumeOptions,
  type Handler,
  type Logger,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

export interface PgBusOptions {
  /** A pool for the `apibot` role (or any role with EXECUTE on pgfleet_bus). */
  pool?: pg.Pool;
  /** Used to build a pool when none is given, and for the LISTEN connection. */
  url?: string;
  /** The LISTEN connection's URL when `pool` was built without a connection string. */
  listenUrl?: string;
  log?: Logger;
  /**
   * Fallback poll of every consumer: covers notifications lost while the
   * LISTEN connection was down and retries whose delay has just passed. Default 1 s.
   */
  pollIntervalMs?: number;
  /** How long a silent subscriber survives before its queue is removed. Default 30 s. */
  subscriberTtlMs?: number;
}

export interface PgConsumeOptions extends ConsumeOptions {
  /**
   * A claimed message stays invisible this long; the running handler renews it
   * every half period, so only a consumer that died lets it lapse. Default 30 s.
   */
  visibilityTimeoutMs?: number;
}

export interface PgDeadLetter {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  failures: number;
  error: string | null;
}

export interface PgBus extends Bus {
  readonly driver: 'postgres';
  consume<T = unknown>(queue: string, handler: Handler<T>, options?: PgConsumeOptions): Promise<Subscription>;
  /** Dead letters of a queue, oldest first. */
  deadLetters(queue: string, limit?: number): Promise<PgDeadLetter[]>;
}

const DEFAULT_VISIBILITY_MS = 30_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;
const LISTEN_START_WAIT_MS = 2_000;
const SUBSCRIBER_PREFETCH = 50;

interface QueueLoop {
  wake(): void;
  /** Stops claiming; waits for in-flight handlers up to the deadline, then abandons them. */
  stop(timeoutMs: number): Promise<void>;
}

export function createPgBus(options: PgBusOptions): PgBus {
  const log = options.log ?? silentLogger;
  const ownsPool = !options.pool;
  const pool = options.pool ?? new pg.Pool({ connectionString: requireUrl(options.url), max: 10 });
  if (ownsPool) pool.on('error', (err) => log.warn({ err: errorText(err) }, 'idle bus connection failed'));
  const listenUrl = options.listenUrl ?? options.url ?? (pool as pg.Pool & { options: pg.PoolConfig }).options.connectionString;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const subscriberTtlMs = options.subscriberTtlMs ?? 30_000;
  const loops = new Map<string, Set<QueueLoop>>();
  const subscriptions = new Set<Subscription & { stop(timeoutMs: number): Promise<void> }>();
  let closed = false;
  let listenerUp = false;

  const wakeQueue = (queue: string) => loops.get(queue)?.forEach((loop) => loop.wake());
  const wakeAll = () => loops.forEach((set) => set.forEach((loop) => loop.wake()));
  const listener = new Listener({
    url: requireUrl(listenUrl),
    channels: [sql.NOTIFY_CHANNEL],
    applicationName: 'pgfleet-bus',
    onNotification: ({ payload }) => {
      if (payload !== undefined) wakeQueue(payload);
    },
    // Notifications sent while the connection was down are gone; every consumer looks again.
    onReconnect: wakeAll,
    log,
  });
  let listening: Promise<void> | undefined;
  function ensureListening(): Promise<void> {
    listening ??= listener.start().then(() => {
      listenerUp = true;
    });
    // The poll covers the gap if the first LISTEN is slow; never block a consumer on it for long.
    return Promise.race([listening, sleep(LISTEN_START_WAIT_MS)]);
  }

  async function publish(queue: string, message: unknown, publishOptions?: PublishOptions): Promise<void> {
    if (closed) throw new Error('bus is closed');
    await pool.query(sql.SEND, [
      queue,
      publishOptions?.messageId ?? randomUUID(),
      JSON.stringify(message ?? null),
      JSON.stringify(publishOptions?.headers ?? {}),
    ]);
  }

  async function publishEvent(topic: string, message: unknown, publishOptions?: PublishOptions): Promise<void> {
    if (closed) throw new Error('bus is closed');
    await pool.query(sql.SEND_EVENT, [
      topic,
      publishOptions?.messageId ?? randomUUID(),
      JSON.stringify(message ?? null),
      JSON.stringify(publishOptions?.headers ?? {}),
    ]);
  }

  function startLoop<T>(
    queue: string,
    handler: Handler<T>,
    settings: Required<ConsumeOptions> & { visibilityTimeoutMs: number },
    failureMode: 'retry' | 'drop',
  ): QueueLoop {
    const drain = new Drain();
    let stopped = false;
    let inFlight = 0;
    let wakeRequested = false;
    let wakeUp: (() => void) | undefined;
    const leaseTimers = new Set<NodeJS.Timeout>();
    const retryTimers = new Set<NodeJS.Timeout>();

    const wake = () => {
      wakeRequested = true;
      wakeUp?.();
    };

    async function settle(row: sql.ClaimedRow, err: unknown): Promise<void> {
      if (err === undefined || failureMode === 'drop') {
        if (err !== undefined) log.warn({ queue, routingKey: row.routing_key, err: errorText(err) }, 'event handler failed');
        const { rows } = await pool.query<{ ok: boolean }>(sql.ACK, [row.id, row.lease]);
        if (!rows[0]?.ok) log.warn({ queue, messageId: row.message_id }, 'ack after the lease expired; the message was redelivered');
        return;
      }
      if (isDeadLetter(err) || row.attempt >= settings.maxAttempts) {
        log.warn({ queue, messageId: row.message_id, attempt: row.attempt, err: errorText(err) }, 'message dead-lettered');
        await pool.query(sql.BURY, [row.id, row.lease, errorText(err)]);
        return;
      }
      const delayMs = retryDelay(row.attempt + 1, settings.retryDelayMs, settings.maxRetryDelayMs);
      log.info({ queue, messageId: row.message_id, attempt: row.attempt, delayMs, err: errorText(err) }, 'message scheduled for retry');
      await pool.query(sql.RETRY, [row.id, row.lease, delayMs, errorText(err)]);
      // Nobody NOTIFYs when a delay ends; this consumer looks again itself, the others poll.
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        wake();
      }, delayMs + 5);
      retryTimers.add(timer);
    }

    async function run(row: sql.ClaimedRow): Promise<void> {
      const renew = setInterval(() => {
        pool.query(sql.EXTEND, [row.id, row.lease, settings.visibilityTimeoutMs]).catch((err: unknown) => {
          log.warn({ queue, err: errorText(err) }, 'could not renew a message lease');
        });
      }, Math.max(50, Math.floor(settings.visibilityTimeoutMs / 2)));
      leaseTimers.add(renew);
      let failure: unknown;
      try {
        await handler(toBusMessage<T>(queue, row, settings.maxAttempts));
      } catch (err) {
        failure = err ?? new Error('handler rejected without a reason');
      } finally {
        clearInterval(renew);
        leaseTimers.delete(renew);
      }
      try {
        await settle(row, failure);
      } catch (err) {
        // The lease runs out and the message comes back: at-least-once, never lost.
        log.error({ queue, messageId: row.message_id, err: errorText(err) }, 'could not record a message outcome');
      }
    }

    async function loop(): Promise<void> {
      let backoffMs = 100;
      while (!stopped) {
        wakeRequested = false;
        const room = settings.prefetch - inFlight;
        let full = false;
        if (room > 0) {
          try {
            const { rows } = await pool.query<sql.ClaimedRow>(sql.CLAIM, [queue, room, settings.visibilityTimeoutMs]);
            backoffMs = 100;
            // Rows claimed while a stop was requested are still handled: stop() drains them.
            for (const row of rows) {
              inFlight += 1;
              drain.track(
                run(row).finally(() => {
                  inFlight -= 1;
                  wake();
                }),
              );
            }
            full = rows.length === room;
          } catch (err) {
            log.warn({ queue, err: errorText(err) }, 'claim failed; backing off');
            await sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 5_000);
            continue;
          }
        }
        if (stopped) return;
        if (full && inFlight < settings.prefetch) continue;
        if (wakeRequested) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, pollIntervalMs);
          function done() {
            clearTimeout(timer);
            wakeUp = undefined;
            resolve();
          }
          wakeUp = done;
        });
      }
    }

    const running = loop().catch((err: unknown) => log.error({ queue, err: errorText(err) }, 'consumer loop crashed'));

    return {
      wake,
      stop: async (timeoutMs: number) => {
        stopped = true;
        wakeUp?.();
        retryTimers.forEach(clearTimeout);
        await running;
        const drained = await drain.wait(timeoutMs);
        if (!drained) {
          // Stop renewing: the abandoned messages reappear after their visibility timeout.
          leaseTimers.forEach(clearInterval);
          log.warn({ queue, pending: drain.size }, 'handlers still running at shutdown; their messages will be redelivered');
        }
      },
    };
  }

  function register(queue: string, loop: QueueLoop): () => void {
    let set = loops.get(queue);
    if (!set) loops.set(queue, (set = new Set()));
    set.add(loop);
    return () => {
      set.delete(loop);
      if (set.size === 0) loops.delete(queue);
    };
  }

  async function consume<T>(queue: string, handler: Handler<T>, consumeOptions?: PgConsumeOptions): Promise<Subscription> {
    if (closed) throw new Error('bus is closed');
    const settings = {
      ...resolveConsumeOptions(consumeOptions),
      visibilityTimeoutMs: consumeOptions?.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_MS,
    };
    await ensureListening();
    const loop = startLoop(queue, handler, settings, 'retry');
    const unregister = register(queue, loop);
    const stop = async (timeoutMs: number) => {
      subscriptions.delete(subscription);
      unregister();
      await loop.stop(timeoutMs);
    };
    const subscription = { cancel: () => stop(DEFAULT_CLOSE_TIMEOUT_MS), stop };
    subscriptions.add(subscription);
    return subscription;
  }

  async function subscribe<T>(
    bindingKeys: string | string[],
    handler: Handler<T>,
    subscribeOptions?: SubscribeOptions,
  ): Promise<Subscription> {
    if (closed) throw new Error('bus is closed');
    const keys = Array.isArray(bindingKeys) ? bindingKeys : [bindingKeys];
    const patterns = keys.map(bindingKeyPattern);
    const queue = subscribeOptions?.queue ?? `pgfleet.sub.${randomUUID()}`;
    await ensureListening();
    await pool.query(sql.SUBSCRIBE, [queue, patterns, subscriberTtlMs]);
    const heartbeat = setInterval(() => {
      pool
        .query<{ ok: boolean }>(sql.TOUCH, [queue])
        .then(async ({ rows }) => {
          // Reaped during a long disconnection: come back under the same name.
          if (!rows[0]?.ok) await pool.query(sql.SUBSCRIBE, [queue, patterns, subscriberTtlMs]);
        })
        .catch((err: unknown) => log.warn({ queue, err: errorText(err) }, 'subscriber heartbeat failed'));
    }, Math.max(100, Math.floor(subscriberTtlMs / 3)));
    const settings = {
      ...resolveConsumeOptions({ prefetch: SUBSCRIBER_PREFETCH, maxAttempts: 1 }),
      visibilityTimeoutMs: DEFAULT_VISIBILITY_MS,
    };
    const loop = startLoop(queue, handler, settings, 'drop');
    const unregister = register(queue, loop);
    const stop = async (timeoutMs: number) => {
      subscriptions.delete(subscription);
      clearInterval(heartbeat);
      unregister();
      await loop.stop(timeoutMs);
      await pool.query(sql.UNSUBSCRIBE, [queue]).catch((err: unknown) => {
        log.warn({ queue, err: errorText(err) }, 'unsubscribe failed; the subscriber expires on its own');
      });
    };
    const subscription = { cancel: () => stop(DEFAULT_CLOSE_TIMEOUT_MS), stop };
    subscriptions.add(subscription);
    return subscription;
  }

  async function deadLetters(queue: string, limit = 100): Promise<PgDeadLetter[]> {
    const { rows } = await pool.query<sql.DeadLetterRow>(sql.DEAD_LETTERS, [queue, limit]);
    return rows.map((row) => ({
      id: row.message_id,
      body: row.payload,
      headers: row.headers ?? {},
      failures: row.failures,
      error: row.last_error,
    }));
  }

  async function close(closeOptions?: CloseOptions): Promise<void> {
    if (closed) return;
    closed = true;
    const timeoutMs = closeOptions?.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    await Promise.all([...subscriptions].map((s) => s.stop(timeoutMs)));
    await listener.stop();
    listenerUp = false;
    if (ownsPool) await pool.end();
  }

  return {
    driver: 'postgres',
    publish,
    publishEvent,
    consume,
    subscribe,
    deadLetters,
    isConnected: () => !closed && (listenerUp ? listener.connected : true),
    close,
  };
}

function toBusMessage<T>(queue: string, row: sql.ClaimedRow, maxAttempts: number): BusMessage<T> {
  return {
    id: row.message_id,
    queue,
    routingKey: row.routing_key,
    body: row.payload as T,
    headers: userHeaders(row.headers ?? {}),
    attempt: row.attempt,
    lastAttempt: row.attempt >= maxAttempts,
    redelivered: row.redelivered,
  };
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('createPgBus needs `url` (or `listenUrl` with a pool built without a connection string)');
  return url;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
