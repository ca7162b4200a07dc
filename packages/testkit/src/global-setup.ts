import { randomBytes } from 'node:crypto';

/**
 * Deliberately light: it only fixes the run id that names this run's
 * databases (workers inherit the environment). The template is installed
 * lazily by the first test file that asks for one, so suites that need no
 * platform never wait for it (nor fail while the SQL tree is being written).
 *
 * Jest loads this file through its CommonJS path, where the preset's `.js` →
 * `.ts` mapping does not apply: it imports no sibling module.
 */
export default function globalSetup(): void {
  process.env.PGFLEET_TEST_RUN ||= randomBytes(4).toString('hex');
}
