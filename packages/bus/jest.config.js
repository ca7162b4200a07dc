import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/bus', rootDir: import.meta.dirname, ...preset() };
