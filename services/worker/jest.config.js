import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/worker', rootDir: import.meta.dirname, ...preset() };
