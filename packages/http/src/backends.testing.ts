// The machine's PostgreSQL and RabbitMQ as tests reach them, addresses that
// are never reachable, and clean-up of broker topology made under a test prefix.
import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';

export const TEST_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
/** A real database that answers `SELECT 1`; probes need nothing more. */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Nothing listens on port 1, so connecting fails at once rather than timing out. */
export const UNREACHABLE_DATABASE_URL = 'postgres://postgres@127.0.0.1:1/postgres';
export const UNREACHABLE_AMQP_URL = 'amqp://guest:guest@127.0.0.1:1';

/** A name no parallel test run shares. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Deletes the queues and exchanges a test bus declared under its prefix. */
export async function deleteAmqpTopology(
  declared: { exchanges: readonly string[]; queues: readonly string[] },
  url = TEST_AMQP_URL,
): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of declared.queues) {
      await channel.deleteQueue(queue);
    }
    for (const exchange of declared.exchanges) {
      await channel.deleteExchange(exchange);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
