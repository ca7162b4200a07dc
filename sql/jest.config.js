import { preset } from '@pgfleet/jest-preset';

export default { displayName: 'sql', rootDir: import.meta.dirname, ...preset() };
