import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/db', rootDir: import.meta.dirname, ...preset() };
