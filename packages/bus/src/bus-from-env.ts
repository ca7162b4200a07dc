import type pg from 'pg';
import { createAmqpBus } from './amqp.bus.js';
import { createPgBus } from './pg.bus.js';
import type { Bus, Logger } from './types.js';

/** The variables that choose the bus; a service's parsed environment carries them. */
export interface BusEnv {
  /** RabbitMQ; unset → the PostgreSQL-only driver. */
  AMQP_URL?: string | undefined;
  /** Prepended to every exchange and queue name. */
  AMQP_PREFIX?: string | undefined;
}

export interface BusFromEnvOptions {
  /** The `apibot` pool: the PostgreSQL driver keeps its queue there. */
  pool: pg.Pool;
  /** The `apibot` URL, for the PostgreSQL driver's LISTEN connection. */
  url: string;
  log?: Logger;
}

/**
 * The bus of a service (ARCHITECTURE §3.6): RabbitMQ when `AMQP_URL` is set,
 * else the PostgreSQL-only driver, so a deployment can need nothing but PostgreSQL.
 * The `pool` is borrowed: closing the bus leaves it open.
 */
export function createBusFromEnv(env: BusEnv, { pool, url, log }: BusFromEnvOptions): Bus {
  if (env.AMQP_URL !== undefined) {
    return createAmqpBus({ url: env.AMQP_URL, prefix: env.AMQP_PREFIX, log });
  }
  return createPgBus({ pool, url, log });
}
