import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/cli', rootDir: import.meta.dirname, ...preset() };
