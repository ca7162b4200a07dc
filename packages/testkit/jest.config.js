import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/testkit', rootDir: import.meta.dirname, ...preset() };
