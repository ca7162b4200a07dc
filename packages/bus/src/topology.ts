import type { ConsumeOptions } from './types.js';

/** The topic exchange every fan-out event goes through (ARCHITECTURE §3.5). */
export const EVENTS_EXCHANGE = 'pgfleet.events';

/** Durable work queues of the fleet (ARCHITECTURE §1), declared by every AMQP bus at start. */
export const WORK_QUEUES = ['message.send', 'fetch.request', 'file.sync', 'report.run', 'stream.ingest'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

export const DEFAULTS = {
  prefetch: 10,
  maxAttempts: 5,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 5 * 60_000,
} as const satisfies Required<ConsumeOptions>;

/** Our own attempt counter: retries are re-publications, so the broker's redelivered flag cannot count them. */
export const ATTEMPT_HEADER = 'x-pgfleet-attempt';
export const ERROR_HEADER = 'x-pgfleet-error';
export const ORIGIN_HEADER = 'x-pgfleet-queue';

export function deadLetterQueue(queue: string): string {
  return `${queue}.dlq`;
}

/**
 * Retry delay queues are shared by every work queue and named by their delay,
 * so each holds messages of one TTL only and expiry never waits behind a longer
 * delay at the queue's head.
 */
export function retryQueue(delayMs: number): string {
  return `pgfleet.retry.${delayMs}`;
}

/** Delay before attempt `nextAttempt` (2, 3, …): base · 2^(nextAttempt−2), capped. */
export function retryDelay(nextAttempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, nextAttempt - 2);
  return Math.min(maxMs, Math.round(baseMs * 2 ** exponent));
}

export function resolveConsumeOptions(options: ConsumeOptions | undefined): Required<ConsumeOptions> {
  const resolved = { ...DEFAULTS, ...stripUndefined(options ?? {}) };
  if (!Number.isInteger(resolved.prefetch) || resolved.prefetch < 1) throw new RangeError('prefetch must be a positive integer');
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError('maxAttempts must be a positive integer');
  }
  if (!(resolved.retryDelayMs >= 0) || !(resolved.maxRetryDelayMs >= resolved.retryDelayMs)) {
    throw new RangeError('retryDelayMs must be ≥ 0 and ≤ maxRetryDelayMs');
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|]/g;

/**
 * Translates an AMQP topic binding key (`*` = one word, `#` = zero or more
 * words) into a regular expression over `'.' + routingKey`. Prefixing the key
 * with a dot gives every word a leading separator, which lets `#` match zero
 * words without special cases at either end. The same source works in
 * JavaScript and in PostgreSQL's `~` operator.
 */
export function bindingKeyPattern(bindingKey: string): string {
  const words = bindingKey.split('.').map((word) => {
    if (word === '#') return '(\\.[^.]*)*';
    if (word === '*') return '\\.[^.]*';
    return `\\.${word.replace(REGEX_SPECIALS, '\\$&')}`;
  });
  return `^${words.join('')}$`;
}

export function topicMatches(bindingKey: string, routingKey: string): boolean {
  return new RegExp(bindingKeyPattern(bindingKey)).test(`.${routingKey}`);
}
