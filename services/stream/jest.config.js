import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/stream', rootDir: import.meta.dirname, ...preset() };
