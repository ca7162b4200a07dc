import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/auth', rootDir: import.meta.dirname, ...preset() };
