import { config } from '@pgfleet/eslint-config';

export default config(import.meta.dirname);
