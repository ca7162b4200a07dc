// One jest run for the whole workspace: the template database is installed once
// (globalSetup) and every package/service is a project with its own config.
import { readdirSync, existsSync } from 'node:fs';
import { preset } from '@pgfleet/jest-preset';

const projects = ['packages', 'services', 'bench']
  .flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((name) => `${dir}/${name}`) : []))
  .concat(['sql'])
  .filter((dir) => existsSync(`${dir}/jest.config.js`));

const { transform, extensionsToTreatAsEsm, moduleNameMapper } = preset();

export default {
  projects,
  transform,
  extensionsToTreatAsEsm,
  moduleNameMapper,
  // testTimeout is a global option: a project's own value is ignored in a multi-project run.
  testTimeout: 30_000,
  globalSetup: './packages/testkit/src/global-setup.ts',
  globalTeardown: './packages/testkit/src/global-teardown.ts',
};
