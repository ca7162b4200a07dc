// Helpers for service tests, exported as `@pgfleet/http/testing`. Test code only.
export {
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  UNREACHABLE_AMQP_URL,
  UNREACHABLE_DATABASE_URL,
  deleteAmqpTopology,
  uniqueName,
} from './backends.testing.js';
export { runUntilExit, spawnService, type Exited, type SpawnedService } from './process.testing.js';
export {
  describeServiceBasics,
  type ServiceBasicsOptions,
  type ServiceHarness,
  type ServiceRole,
  type ServiceTestDeps,
} from './service-basics.testing.js';
