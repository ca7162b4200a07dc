import pg from 'pg';
import type { WarnLogger } from './pool.js';

export interface PipelinedPoolOptions {
  /** Connections opened at most (on demand, as pg.Pool does). */
  max?: number;
  /** Queries one connection carries at once; beyond `max × depth` callers wait in line. */
  depth?: number;
  applicationName?: string;
  connectionTimeoutMillis?: number;
  /** A connection with nothing to do for this long is closed; 0 keeps it. */
  idleTimeoutMillis?: number;
  log?: WarnLogger;
}

/** The one method of a pool that single-statement callers use; pg.Pool has it too. */
export interface QueryRunner {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  query<R extends unknown[] = unknown[]>(config: pg.QueryArrayConfig): Promise<pg.QueryArrayResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

interface Lane {
  client: pg.Client;
  inFlight: number;
  idleTimer: NodeJS.Timeout | undefined;
}

/** A call waiting for a free slot: sent on a lane, or failed when the pool ends. */
interface Waiting {
  send(lane: Lane): void;
  fail(err: Error): void;
}

/**
 * A pool for independent single-statement calls (no transactions, no client
 * checkout) that pipelines them: each connection carries up to `depth`
 * queries at once, each closed by its own Sync, so one failing statement
 * does not touch its neighbours. A backend then finds the next call already
 * in its socket instead of waiting for Node to read the previous answer and
 * send another: on a machine where Node and PostgreSQL share the cores,
 * that idle gap was the app's largest cost (pg.Pool: one writev and one read
 * per call, and the backend sleeping in between).
 *
 * Calls go to the least busy connection; a new connection is opened only
 * when every open one is busy. `depth` bounds how many calls can queue
 * behind a slow one.
 */
export class PipelinedPool implements QueryRunner {
  private readonly lanes: Lane[] = [];
  private readonly waiting: Waiting[] = [];
  private readonly max: number;
  private readonly depth: number;
  private ending = false;

  constructor(
    private readonly url: string,
    private readonly options: PipelinedPoolOptions = {},
  ) {
    this.max = Math.max(1, options.max ?? 10);
    this.depth = Math.max(1, options.depth ?? 8);
  }

  /** Open connections and calls in flight, for metrics and tests. */
  get stats(): { connections: number; inFlight: number; waiting: number } {
    return {
      connections: this.lanes.length,
      inFlight: this.lanes.reduce((sum, lane) => sum + lane.inFlight, 0),
      waiting: this.waiting.length,
    };
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  query<R extends unknown[] = unknown[]>(config: pg.QueryArrayConfig): Promise<pg.QueryArrayResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  query(textOrConfig: string | pg.QueryConfig, values?: unknown[]): Promise<unknown> {
    if (this.ending) {
      return Promise.reject(new Error('Cannot use a pool after calling end on the pool'));
    }
    const config: pg.QueryConfig =
      typeof textOrConfig === 'string' ? { text: textOrConfig, values } : values === undefined ? textOrConfig : { ...textOrConfig, values };
    return new Promise((resolve, reject) => {
      const send = (lane: Lane): void => {
        lane.inFlight += 1;
        if (lane.idleTimer !== undefined) {
          clearTimeout(lane.idleTimer);
          lane.idleTimer = undefined;
        }
        // The callback form: pg then builds no promise of its own per call.
        lane.client.query(config, (err: Error | null, result: unknown) => {
          this.release(lane);
          if (err) reject(err);
          else resolve(result);
        });
      };
      const lane = this.pick();
      if (lane === undefined) {
        this.waiting.push({ send, fail: reject });
      } else {
        send(lane);
      }
    });
  }

  /** Refuses new calls, fails those still waiting for a slot, and closes every connection once its calls are answered. */
  async end(): Promise<void> {
    this.ending = true;
    const refused = new Error('Pool is ending');
    for (const waiting of this.waiting.splice(0)) waiting.fail(refused);
    await Promise.all(this.lanes.splice(0).map((lane) => this.close(lane)));
  }

  /** The least busy connection with room, a new one when all are busy and `max` allows, else none. */
  private pick(): Lane | undefined {
    let best: Lane | undefined;
    for (const lane of this.lanes) {
      if (best === undefined || lane.inFlight < best.inFlight) {
        best = lane;
        if (lane.inFlight === 0) return lane;
      }
    }
    if (this.lanes.length < this.max) return this.open();
    return best !== undefined && best.inFlight < this.depth ? best : undefined;
  }

  private release(lane: Lane): void {
    lane.inFlight -= 1;
    const next = this.waiting.shift();
    if (next !== undefined) {
      // A slot just freed (on this lane, or a dropped lane's place under `max`), so pick() finds room.
      const target = this.pick();
      if (target !== undefined) {
        next.send(target);
        return;
      }
      this.waiting.unshift(next);
    }
    const idleMs = this.options.idleTimeoutMillis ?? 30_000;
    if (lane.inFlight === 0 && idleMs > 0 && this.lanes.includes(lane)) {
      lane.idleTimer = setTimeout(() => {
        this.drop(lane);
        void this.close(lane);
      }, idleMs);
      // An idle pool must not keep the process alive.
      lane.idleTimer.unref();
    }
  }

  private open(): Lane {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: this.options.applicationName ?? 'pgfleet',
      connectionTimeoutMillis: this.options.connectionTimeoutMillis ?? 5_000,
      keepAlive: true,
      pipeline: true,
    });
    const lane: Lane = { client, inFlight: 0, idleTimer: undefined };
    // pg fails every query queued or sent on a connection that breaks; the lane only has to leave the rotation.
    client.on('error', (err) => {
      this.options.log?.warn({ err }, 'database connection lost');
      this.drop(lane);
    });
    client.on('end', () => this.drop(lane));
    client.connect().catch((err: unknown) => {
      this.options.log?.warn({ err }, 'database connection failed');
      this.drop(lane);
    });
    this.lanes.push(lane);
    return lane;
  }

  private drop(lane: Lane): void {
    const index = this.lanes.indexOf(lane);
    if (index !== -1) this.lanes.splice(index, 1);
    if (lane.idleTimer !== undefined) {
      clearTimeout(lane.idleTimer);
      lane.idleTimer = undefined;
    }
  }

  private async close(lane: Lane): Promise<void> {
    if (lane.idleTimer !== undefined) clearTimeout(lane.idleTimer);
    try {
      await lane.client.end();
    } catch (err) {
      this.options.log?.warn({ err }, 'closing a database connection failed');
    }
  }
}

/** A pipelined pool (see `PipelinedPool`) for a role's URL. */
export function createPipelinedPool(url: string, options: PipelinedPoolOptions = {}): PipelinedPool {
  return new PipelinedPool(url, options);
}
