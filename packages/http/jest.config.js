import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'packages/http', rootDir: import.meta.dirname, ...preset() };
