import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/auth', rootDir: import.meta.dirname, ...preset() };
