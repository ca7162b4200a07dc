import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/ws', rootDir: import.meta.dirname, ...preset() };
