import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/fetch', rootDir: import.meta.dirname, ...preset() };
