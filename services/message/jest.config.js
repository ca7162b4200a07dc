import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'services/message', rootDir: import.meta.dirname, ...preset() };
