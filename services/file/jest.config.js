import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/file', rootDir: import.meta.dirname, ...preset() };
