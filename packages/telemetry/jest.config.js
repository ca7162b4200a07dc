import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/telemetry', rootDir: import.meta.dirname, ...preset() };
