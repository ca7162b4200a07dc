import { randomUUID } from 'node:crypto';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { Drain } from './drain.js';
import {
  ATTEMPT_HEADER,
  EVENTS_EXCHANGE,
  ERROR_HEADER,
  ORIGIN_HEADER,
  WORK_QUEUES,
  deadLetterQueue,
  resolveConsumeOptions,
  retryDelay,
  retryQueue,
} from './topology.js';
import { decodeBody, encodeBody, errorText, isDeadLetter, userHeaders } from './codec.js';
import {
  silentLogger,
  type Bus,
  type BusMessage,
  type CloseOptions,
  type ConsumeOptions,
  type Handler,
  type Headers,
  type Logger,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

export interface AmqpBusOptions {
  url: string;
  /** Prepended to every exchange and queue name, so parallel test runs never share topology. */
  prefix?: string;
  log?: Logger;
  heartbeatSeconds?: number;
  reconnectSeconds?: number;
  /** A publish still unconfirmed after this long (broker down) rejects. Default 30 s. */
  publishTimeoutMs?: number;
}

/** All retry delay queues hang off one headers exchange, keyed by the delay. */
const RETRY_EXCHANGE = 'pgfleet.retry';
// No `x-` prefix: a headers exchange ignores x- headers when matching.
const DELAY_HEADER = 'pgfleet-retry-delay';
const SUBSCRIBER_PREFETCH = 50;
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

export interface AmqpBus extends Bus {
  readonly driver: 'amqp';
  /** Every prefixed exchange and queue this bus declared (tests delete them afterwards). */
  declared(): { exchanges: string[]; queues: string[] };
  /** Resolves once the first connection and the base topology are up. */
  ready(): Promise<void>;
}

export function createAmqpBus(options: AmqpBusOptions): AmqpBus {
  const prefix = options.prefix ?? '';
  const log = options.log ?? silentLogger;
  const name = (unprefixed: string): string => `${prefix}${unprefixed}`;
  const declaredQueues = new Set<string>();
  const declaredExchanges = new Set<string>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const connection: AmqpConnectionManager = amqp.connect([options.url], {
    heartbeatIntervalInSeconds: options.heartbeatSeconds ?? 5,
    reconnectTimeInSeconds: options.reconnectSeconds ?? 1,
  });
  connection.on('connect', () => log.info({}, 'amqp connected'));
  connection.on('disconnect', ({ err }) => {
    if (!closed) log.warn({ err: errorText(err) }, 'amqp disconnected; reconnecting');
  });
  connection.on('connectFailed', ({ err }) => log.warn({ err: errorText(err) }, 'amqp connect failed; retrying'));

  async function declareBase(channel: Channel): Promise<void> {
    await channel.assertExchange(name(EVENTS_EXCHANGE), 'topic', { durable: true });
    await channel.assertExchange(name(RETRY_EXCHANGE), 'headers', { durable: true });
    for (const queue of WORK_QUEUES) {
      await channel.assertQueue(name(queue), { durable: true });
      await channel.assertQueue(name(deadLetterQueue(queue)), { durable: true });
    }
  }
  declaredExchanges.add(name(EVENTS_EXCHANGE)).add(name(RETRY_EXCHANGE));
  for (const queue of WORK_QUEUES) declaredQueues.add(name(queue)).add(name(deadLetterQueue(queue)));

  // One confirm channel carries every publication (new messages, retries, dead
  // letters): the wrapper re-sends unconfirmed messages after a reconnect, so a
  // resolved publish always means the broker has the message.
  const publisher: ChannelWrapper = connection.createChannel({
    name: 'publisher',
    confirm: true,
    publishTimeout: options.publishTimeoutMs ?? 30_000,
    setup: declareBase,
  });
  publisher.on('error', (err) => log.error({ err: errorText(err) }, 'amqp publisher channel error'));

  const knownQueues = new Map<string, Promise<void>>();
  function ensureQueue(queue: string): Promise<void> {
    let known = knownQueues.get(queue);
    if (!known) {
      declaredQueues.add(name(queue));
      // Registered as a setup so it is re-declared on every reconnect, before queued publications are sent.
      known = publisher.addSetup(async (channel: ConfirmChannel) => {
        await channel.assertQueue(name(queue), { durable: true });
      });
      knownQueues.set(queue, known);
    }
    return known;
  }

  const knownDelays = new Map<number, Promise<void>>();
  function ensureRetryQueue(delayMs: number): Promise<void> {
    let known = knownDelays.get(delayMs);
    if (!known) {
      const queue = name(retryQueue(delayMs));
      declaredQueues.add(queue);
      known = publisher.addSetup(async (channel: ConfirmChannel) => {
        // Expired messages dead-letter through the default exchange with their
        // original routing key, which is the prefixed name of the work queue.
        await channel.assertQueue(queue, {
          durable: true,
          arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '' },
        });
        await channel.bindQueue(queue, name(RETRY_EXCHANGE), '', { 'x-match': 'all', [DELAY_HEADER]: String(delayMs) });
      });
      knownDelays.set(delayMs, known);
    }
    return known;
  }

  async function send(exchange: string, routingKey: string, body: Buffer, messageId: string, headers: Headers): Promise<void> {
    if (closed) throw new Error('bus is closed');
    await publisher.publish(exchange, routingKey, body, {
      persistent: true,
      contentType: 'application/json',
      messageId,
      headers,
    });
  }

  async function publish(queue: string, message: unknown, publishOptions?: PublishOptions): Promise<void> {
    await ensureQueue(queue);
    await send('', name(queue), encodeBody(message), publishOptions?.messageId ?? randomUUID(), {
      ...publishOptions?.headers,
    });
  }

  async function publishEvent(topic: string, message: unknown, publishOptions?: PublishOptions): Promise<void> {
    await send(name(EVENTS_EXCHANGE), topic, encodeBody(message), publishOptions?.messageId ?? randomUUID(), {
      ...publishOptions?.headers,
    });
  }

  /** Consumers ack on the raw channel the delivery came from: after a reconnect the old delivery tag is void. */
  function settle(channel: Channel, delivery: ConsumeMessage): void {
    try {
      channel.ack(delivery);
    } catch (err) {
      log.debug({ err: errorText(err) }, 'ack skipped: the channel is gone and the broker redelivers');
    }
  }

  function requeue(channel: Channel, delivery: ConsumeMessage): void {
    try {
      channel.nack(delivery, false, true);
    } catch (err) {
      log.debug({ err: errorText(err) }, 'nack skipped: the channel is gone and the broker redelivers');
    }
  }

  async function consume<T>(queue: string, handler: Handler<T>, consumeOptions?: ConsumeOptions): Promise<Subscription> {
    const settings = resolveConsumeOptions(consumeOptions);
    const drain = new Drain();
    let raw: Channel | undefined;
    declaredQueues.add(name(queue)).add(name(deadLetterQueue(queue)));
    const channel = connection.createChannel({
      name: `consumer:${queue}`,
      setup: async (ch: Channel) => {
        raw = ch;
        await ch.assertQueue(name(queue), { durable: true });
        await ch.assertQueue(name(deadLetterQueue(queue)), { durable: true });
      },
    });
    channel.on('error', (err) => log.error({ err: errorText(err), queue }, 'amqp consumer channel error'));

    async function onFailure(delivery: ConsumeMessage, message: BusMessage<T> | undefined, err: unknown): Promise<void> {
      const attempt = message?.attempt ?? 1;
      const headers: Headers = { ...userHeaders(delivery.properties.headers), [ERROR_HEADER]: errorText(err) };
      const messageId = String(delivery.properties.messageId ?? randomUUID());
      if (!message || isDeadLetter(err) || attempt >= settings.maxAttempts) {
        log.warn({ queue, messageId, attempt, err: errorText(err) }, 'message dead-lettered');
        await send('', name(deadLetterQueue(queue)), delivery.content, messageId, {
          ...headers,
          [ATTEMPT_HEADER]: attempt,
          [ORIGIN_HEADER]: queue,
        });
        return;
      }
      const delayMs = retryDelay(attempt + 1, settings.retryDelayMs, settings.maxRetryDelayMs);
      log.info({ queue, messageId, attempt, delayMs, err: errorText(err) }, 'message scheduled for retry');
      const retryHeaders = { ...headers, [ATTEMPT_HEADER]: attempt + 1 };
      if (delayMs === 0) {
        await send('', name(queue), delivery.content, messageId, retryHeaders);
        return;
      }
      await ensureRetryQueue(delayMs);
      await send(name(RETRY_EXCHANGE), name(queue), delivery.content, messageId, {
        ...retryHeaders,
        [DELAY_HEADER]: String(delayMs),
      });
    }

    async function handle(ch: Channel, delivery: ConsumeMessage): Promise<void> {
      let message: BusMessage<T> | undefined;
      try {
        message = toBusMessage<T>(queue, queue, delivery, settings.maxAttempts);
        await handler(message);
      } catch (err) {
        try {
          // Publish the retry (or dead letter) first and ack second: a crash in
          // between duplicates the message, it never loses it.
          await onFailure(delivery, message, err);
        } catch (publishErr) {
          // Hand it back as it was (same attempt) rather than hold a prefetch slot forever.
          log.error({ queue, err: errorText(publishErr) }, 'could not schedule a retry; requeueing the message');
          requeue(ch, delivery);
          return;
        }
      }
      settle(ch, delivery);
    }

    await channel.waitForConnect();
    const { consumerTag } = await channel.consume(
      name(queue),
      (delivery) => {
        const ch = raw;
        if (!ch) return;
        drain.track(handle(ch, delivery));
      },
      { prefetch: settings.prefetch },
    );

    const subscription: Subscription = {
      cancel: async () => {
        await stopConsumer(channel, consumerTag, drain, DEFAULT_CLOSE_TIMEOUT_MS);
        subscriptions.delete(subscription);
      },
    };
    const stoppable = subscription as StoppableSubscription;
    stoppable.stop = async (timeoutMs: number) => {
      await stopConsumer(channel, consumerTag, drain, timeoutMs);
      subscriptions.delete(subscription);
    };
    subscriptions.add(subscription);
    return subscription;
  }

  async function subscribe<T>(
    bindingKeys: string | string[],
    handler: Handler<T>,
    subscribeOptions?: SubscribeOptions,
  ): Promise<Subscription> {
    const keys = Array.isArray(bindingKeys) ? bindingKeys : [bindingKeys];
    const unprefixed = subscribeOptions?.queue ?? `pgfleet.sub.${randomUUID()}`;
    const queue = name(unprefixed);
    const drain = new Drain();
    let raw: Channel | undefined;
    const channel = connection.createChannel({
      name: `subscriber:${unprefixed}`,
      // A client-chosen name (not a server-named queue) so the same queue can be
      // re-declared and re-bound after a reconnect, when the exclusive one is gone.
      setup: async (ch: Channel) => {
        raw = ch;
        await ch.assertExchange(name(EVENTS_EXCHANGE), 'topic', { durable: true });
        await ch.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
        for (const key of keys) await ch.bindQueue(queue, name(EVENTS_EXCHANGE), key);
      },
    });
    channel.on('error', (err) => log.error({ err: errorText(err), queue: unprefixed }, 'amqp subscriber channel error'));

    async function handle(ch: Channel, delivery: ConsumeMessage): Promise<void> {
      try {
        await handler(toBusMessage<T>(unprefixed, delivery.fields.routingKey, delivery, 1));
      } catch (err) {
        // Fan-out events are notifications for live clients: a failed one is logged, not retried.
        log.warn({ queue: unprefixed, routingKey: delivery.fields.routingKey, err: errorText(err) }, 'event handler failed');
      }
      settle(ch, delivery);
    }

    await channel.waitForConnect();
    const { consumerTag } = await channel.consume(
      queue,
      (delivery) => {
        const ch = raw;
        if (!ch) return;
        drain.track(handle(ch, delivery));
      },
      { prefetch: SUBSCRIBER_PREFETCH },
    );
    const subscription: Subscription = {
      cancel: async () => {
        await stopConsumer(channel, consumerTag, drain, DEFAULT_CLOSE_TIMEOUT_MS);
        subscriptions.delete(subscription);
      },
    };
    (subscription as StoppableSubscription).stop = async (timeoutMs: number) => {
      await stopConsumer(channel, consumerTag, drain, timeoutMs);
      subscriptions.delete(subscription);
    };
    subscriptions.add(subscription);
    return subscription;
  }

  async function stopConsumer(channel: ChannelWrapper, consumerTag: string, drain: Drain, timeoutMs: number): Promise<void> {
    try {
      await channel.cancel(consumerTag);
    } catch (err) {
      log.debug({ err: errorText(err) }, 'consumer cancel failed; closing its channel instead');
    }
    const drained = await drain.wait(timeoutMs);
    if (!drained) log.warn({ pending: drain.size }, 'handlers still running at shutdown; their messages will be redelivered');
    // Closing the channel hands every unacked message back to the broker.
    await channel.close().catch(() => undefined);
  }

  async function close(closeOptions?: CloseOptions): Promise<void> {
    if (closed) return;
    const timeoutMs = closeOptions?.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    await Promise.all([...subscriptions].map((s) => (s as StoppableSubscription).stop(timeoutMs)));
    closed = true;
    await publisher.close().catch(() => undefined);
    await connection.close();
  }

  return {
    driver: 'amqp',
    publish,
    publishEvent,
    consume,
    subscribe,
    isConnected: () => connection.isConnected(),
    close,
    declared: () => ({ exchanges: [...declaredExchanges], queues: [...declaredQueues] }),
    ready: () => publisher.waitForConnect(),
  };
}

type StoppableSubscription = Subscription & { stop(timeoutMs: number): Promise<void> };

function toBusMessage<T>(queue: string, routingKey: string, delivery: ConsumeMessage, maxAttempts: number): BusMessage<T> {
  const headers = delivery.properties.headers ?? {};
  const attemptHeader = Number(headers[ATTEMPT_HEADER] ?? 1);
  const attempt = Number.isInteger(attemptHeader) && attemptHeader > 0 ? attemptHeader : 1;
  return {
    id: String(delivery.properties.messageId ?? ''),
    queue,
    routingKey,
    body: decodeBody(delivery.content) as T,
    headers: userHeaders(headers),
    attempt,
    lastAttempt: attempt >= maxAttempts,
    redelivered: delivery.fields.redelivered,
  };
}
