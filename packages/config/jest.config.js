import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/config', rootDir: import.meta.dirname, ...preset() };
