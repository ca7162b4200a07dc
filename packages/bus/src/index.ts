export * from './types.js';
export { createAmqpBus, type AmqpBus, type AmqpBusOptions } from './amqp.bus.js';
export { createBusFromEnv, type BusEnv, type BusFromEnvOptions } from './bus-from-env.js';
export {
  ATTEMPT_HEADER,
  ERROR_HEADER,
  EVENTS_EXCHANGE,
  ORIGIN_HEADER,
  WORK_QUEUES,
  bindingKeyPattern,
  deadLetterQueue,
  topicMatches,
  type WorkQueue,
} from './topology.js';
export { createPgBus, type PgBus, type PgBusOptions, type PgConsumeOptions, type PgDeadLetter } from './pg.bus.js';
export {
  createRelay,
  type Relay,
  type RelayInput,
  type RelayMessage,
  type RelayOptions,
  type RelaySource,
  type RelaySweep,
} from './relay.js';
