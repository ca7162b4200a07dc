/** Header values survive both drivers unchanged (AMQP field tables, PostgreSQL jsonb). */
export type HeaderValue = string | number | boolean | null;
export type Headers = Record<string, HeaderValue>;

export interface BusMessage<T = unknown> {
  /** The publisher's message id; stable across retries and redeliveries. */
  id: string;
  /** The (unprefixed) queue the message was consumed from, or the subscriber's queue. */
  queue: string;
  /** The topic of a fan-out event; for work messages, the queue name. */
  routingKey: string;
  body: T;
  headers: Headers;
  /** 1 on first delivery; grows by one for every retry after a handler failure. */
  attempt: number;
  /** True when this is the last attempt: a failure now dead-letters the message. */
  lastAttempt: boolean;
  /** True when a previous delivery was lost without an outcome (consumer died, lease expired). */
  redelivered: boolean;
}

/** May return synchronously; a thrown error or a rejection counts as a failure. */
export type Handler<T = unknown> = (message: BusMessage<T>) => Promise<void> | void;

export interface PublishOptions {
  headers?: Headers;
  /** Defaults to a random UUID. Consumers use it to recognise duplicates. */
  messageId?: string;
}

export interface ConsumeOptions {
  /** Messages handled concurrently by this consumer. Default 10. */
  prefetch?: number;
  /** Deliveries that end in a handler failure before the message is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles on every further retry. Default 1000 ms. */
  retryDelayMs?: number;
  /** Upper bound of the exponential delay. Default 5 minutes. */
  maxRetryDelayMs?: number;
}

export interface SubscribeOptions {
  /**
   * Name of the subscriber's private queue (e.g. `ws.<replica>`); a random one
   * when omitted. It lives only as long as the subscriber.
   */
  queue?: string;
}

export interface CloseOptions {
  /**
   * How long to wait for in-flight handlers. When it runs out, the remaining
   * messages are abandoned unacknowledged: the broker (or the visibility
   * timeout) redelivers them to another consumer. Default 30 s.
   */
  timeoutMs?: number;
}

export interface Subscription {
  /** Stops delivery to this handler and waits for its in-flight messages. */
  cancel(): Promise<void>;
}

export interface Bus {
  readonly driver: 'amqp' | 'postgres';
  /** Resolves once the message is durably stored (broker confirm / committed row). */
  publish(queue: string, message: unknown, options?: PublishOptions): Promise<void>;
  /** Fan-out through the topic exchange to every subscriber whose binding key matches. */
  publishEvent(topic: string, message: unknown, options?: PublishOptions): Promise<void>;
  consume<T = unknown>(queue: string, handler: Handler<T>, options?: ConsumeOptions): Promise<Subscription>;
  subscribe<T = unknown>(
    bindingKeys: string | string[],
    handler: Handler<T>,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** True while the driver's connection to its back end is up (for readiness probes). */
  isConnected(): boolean;
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Thrown by a handler when retrying cannot help (malformed message, a row that
 * no longer exists): the message goes to the dead-letter queue at once.
 */
export class DeadLetterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeadLetterError';
  }
}

/** The subset of a pino logger the bus writes to. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
