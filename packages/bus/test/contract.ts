// The behaviour every Bus driver must show. Each driver's *.test.ts calls
// busContract() with its own factory; the assertions are identical.
import { randomUUID } from 'node:crypto';
import { DeadLetterError, type Bus, type BusMessage, type ConsumeOptions } from '../src/index.js';
import { sleep, waitFor } from './support/wait.js';

export interface DeadLetterView {
  id: string;
  body: unknown;
}

export interface ContractDriver {
  /** A new, independent bus (its own connections) on the test's namespace. */
  createBus(): Promise<Bus>;
  /**
   * Driver options that make a dead consumer's messages come back quickly (the
   * PostgreSQL driver's visibility timeout). Only the tests about unacknowledged
   * messages use them: under load a short lease would turn slow acks into
   * legitimate redeliveries and blur the exactly-once counts elsewhere.
   */
  shortLease?: Record<string, unknown>;
  /** The messages dead-lettered from a queue. */
  deadLetters(queue: string): Promise<DeadLetterView[]>;
}

export function busContract(driver: ContractDriver): void {
  const opened: Bus[] = [];
  const open = async () => {
    const bus = await driver.createBus();
    opened.push(bus);
    return bus;
  };
  const shortLease = (options: ConsumeOptions): ConsumeOptions => ({ ...driver.shortLease, ...options });
  const queueName = (label: string) => `contract.${label}.${randomUUID().slice(0, 8)}`;

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close({ timeoutMs: 0 })));
  });

  it('delivers a published message with its body, headers and id, then acknowledges it', async () => {
    const bus = await open();
    const queue = queueName('basic');
    const received: BusMessage[] = [];
    await bus.consume(queue, (message) => {
      received.push(message);
    }, shortLease({}));
    await bus.publish(queue, { hello: 'world', n: 1 }, { messageId: 'm-1', headers: { tenant: 'a', n: 2 } });
    await waitFor(() => received.length === 1, 10_000, 'the message');
    const [message] = received;
    expect(message).toMatchObject({
      id: 'm-1',
      queue,
      routingKey: queue,
      body: { hello: 'world', n: 1 },
      headers: { tenant: 'a', n: 2 },
      attempt: 1,
      redelivered: false,
    });
    // Acknowledged: once this consumer is gone, a second one on the same queue gets nothing
    // (an unacknowledged message would be handed back by the broker, or by the lapsed lease).
    await bus.close();
    const other = await open();
    const late: BusMessage[] = [];
    await other.consume(queue, (m) => void late.push(m), shortLease({}));
    // Longer than the short lease: an unacknowledged message would be back by now.
    await sleep(1_500);
    expect(late).toHaveLength(0);
  });

  it('hands each of 1,000 messages to exactly one of three competing consumers', async () => {
    const queue = queueName('compete');
    const buses = await Promise.all([open(), open(), open()]);
    const seen = new Map<number, number>();
    const perConsumer = [0, 0, 0];
    await Promise.all(
      buses.map((bus, index) =>
        bus.consume<{ n: number }>(queue, async (message) => {
          await sleep(1);
          seen.set(message.body.n, (seen.get(message.body.n) ?? 0) + 1);
          perConsumer[index] = (perConsumer[index] ?? 0) + 1;
        }, { prefetch: 10 }),
      ),
    );
    const publisher = buses[0];
    for (let start = 0; start < 1000; start += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => publisher.publish(queue, { n: start + i })));
    }
    await waitFor(() => seen.size === 1000, 30_000, '1,000 distinct messages');
    // Give a duplicate time to show up before counting.
    await sleep(500);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(perConsumer.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(perConsumer.every((count) => count > 0)).toBe(true);
  }, 60_000);

  it('retries a failing message with a growing delay and succeeds on a later attempt', async () => {
    const bus = await open();
    const queue = queueName('retry');
    const attempts: Array<{ attempt: number; at: number; lastAttempt: boolean }> = [];
    await bus.consume(queue, (message) => {
      attempts.push({ attempt: message.attempt, at: Date.now(), lastAttempt: message.lastAttempt });
      if (message.attempt < 3) throw new Error(`transient failure ${message.attempt}`);
    }, { maxAttempts: 5, retryDelayMs: 200 });
    await bus.publish(queue, { job: 1 });
    await waitFor(() => attempts.length === 3, 15_000, 'three attempts');
    await sleep(400);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts.every((a) => !a.lastAttempt)).toBe(true);
    const [first, second, third] = attempts as [typeof attempts[0], typeof attempts[0], typeof attempts[0]];
    expect(second.at - first.at).toBeGreaterThanOrEqual(180);
    expect(third.at - second.at).toBeGreaterThanOrEqual(380);
    expect(await driver.deadLetters(queue)).toHaveLength(0);
  }, 30_000);

  it('dead-letters a message after maxAttempts failed deliveries', async () => {
    const bus = await open();
    const queue = queueName('dead');
    const attempts: Array<{ attempt: number; lastAttempt: boolean }> = [];
    await bus.consume(queue, (message) => {
      attempts.push({ attempt: message.attempt, lastAttempt: message.lastAttempt });
      throw new Error('always fails');
    }, { maxAttempts: 3, retryDelayMs: 50 });
    await bus.publish(queue, { poison: true }, { messageId: 'poison-1' });
    await waitFor(() => attempts.length === 3, 15_000, 'three attempts');
    let dead: DeadLetterView[] = [];
    for (let i = 0; i < 50 && dead.length === 0; i += 1) {
      dead = await driver.deadLetters(queue);
      if (dead.length === 0) await sleep(100);
    }
    expect(dead).toEqual([{ id: 'poison-1', body: { poison: true } }]);
    await sleep(400);
    expect(attempts).toEqual([
      { attempt: 1, lastAttempt: false },
      { attempt: 2, lastAttempt: false },
      { attempt: 3, lastAttempt: true },
    ]);
  }, 30_000);

  it('dead-letters at once when the handler throws DeadLetterError', async () => {
    const bus = await open();
    const queue = queueName('reject');
    let calls = 0;
    await bus.consume(queue, () => {
      calls += 1;
      throw new DeadLetterError('malformed');
    }, { maxAttempts: 5, retryDelayMs: 50 });
    await bus.publish(queue, { bad: true }, { messageId: 'bad-1' });
    let dead: DeadLetterView[] = [];
    for (let i = 0; i < 100 && dead.length === 0; i += 1) {
      dead = await driver.deadLetters(queue);
      if (dead.length === 0) await sleep(100);
    }
    expect(dead.map((d) => d.id)).toEqual(['bad-1']);
    await sleep(300);
    expect(calls).toBe(1);
  }, 30_000);

  it('redelivers a message whose consumer died without acknowledging it', async () => {
    const queue = queueName('crash');
    const doomed = await open();
    const taken: BusMessage[] = [];
    await doomed.consume(queue, (message) => {
      taken.push(message);
      return new Promise<void>(() => undefined);
    }, shortLease({ prefetch: 1 }));
    await doomed.publish(queue, { precious: true }, { messageId: 'precious-1' });
    await waitFor(() => taken.length === 1, 10_000, 'the first delivery');
    // Abandon the in-flight handler: no ack, no retry, connection gone.
    await doomed.close({ timeoutMs: 0 });

    const survivor = await open();
    const redelivered: BusMessage[] = [];
    await survivor.consume(queue, (message) => void redelivered.push(message), shortLease({}));
    await waitFor(() => redelivered.length === 1, 15_000, 'the redelivery');
    expect(redelivered[0]).toMatchObject({ id: 'precious-1', body: { precious: true }, redelivered: true, attempt: 1 });
  }, 30_000);

  it('fans an event out to every subscriber whose binding key matches', async () => {
    const [a, b, publisher] = await Promise.all([open(), open(), open()]);
    const topic = `contract.fan.${randomUUID().slice(0, 8)}`;
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    await a.subscribe([`${topic}.*`], (message) => void gotA.push(message));
    await b.subscribe([`${topic}.#`, 'contract.unrelated'], (message) => void gotB.push(message));
    await publisher.publishEvent(`${topic}.created`, { id: 1 }, { messageId: 'e-1', headers: { kind: 'x' } });
    await publisher.publishEvent(`${topic}.deep.child`, { id: 2 });
    await publisher.publishEvent('contract.elsewhere', { id: 3 });
    await waitFor(() => gotA.length === 1 && gotB.length === 2, 10_000, 'both subscribers');
    await sleep(300);
    expect(gotA.map((m) => m.body)).toEqual([{ id: 1 }]);
    expect(gotA[0]).toMatchObject({ id: 'e-1', routingKey: `${topic}.created`, headers: { kind: 'x' } });
    expect(gotB.map((m) => m.body).sort((x, y) => (x as { id: number }).id - (y as { id: number }).id)).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
  });

  it('stops delivering to a cancelled subscriber', async () => {
    const [subscriberBus, publisher] = await Promise.all([open(), open()]);
    const topic = `contract.cancel.${randomUUID().slice(0, 8)}`;
    const got: BusMessage[] = [];
    const subscription = await subscriberBus.subscribe(topic, (message) => void got.push(message));
    await publisher.publishEvent(topic, { n: 1 });
    await waitFor(() => got.length === 1, 10_000, 'the first event');
    await subscription.cancel();
    await publisher.publishEvent(topic, { n: 2 });
    await sleep(500);
    expect(got.map((m) => m.body)).toEqual([{ n: 1 }]);
  });

  it('waits for in-flight handlers on close and acknowledges their messages', async () => {
    const queue = queueName('drain');
    const bus = await open();
    let finished = false;
    let started = false;
    await bus.consume(queue, async () => {
      started = true;
      await sleep(400);
      finished = true;
    }, shortLease({}));
    await bus.publish(queue, { slow: true });
    await waitFor(() => started, 10_000, 'the handler to start');
    await bus.close();
    expect(finished).toBe(true);

    const next = await open();
    const again: BusMessage[] = [];
    await next.consume(queue, (message) => void again.push(message), shortLease({}));
    await sleep(1_500);
    expect(again).toHaveLength(0);
  });
}
