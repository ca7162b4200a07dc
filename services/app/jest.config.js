import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/app', rootDir: import.meta.dirname, ...preset() };
