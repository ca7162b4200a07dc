import type { Logger } from 'pino';
import { exitOnSignals } from './lifecycle.js';
import type { HttpService } from './server.js';

/**
 * The last step of every composition root: listen, then run until SIGTERM or
 * SIGINT and exit once shut down gracefully. A service that cannot listen
 * (port taken, address not local) stops what it started and exits 1, so the
 * orchestrator sees a failed start rather than a live process serving nothing.
 */
export async function serveUntilSignal(service: HttpService, logger: Logger): Promise<void> {
  try {
    await service.listen();
  } catch (err) {
    logger.fatal({ err }, 'cannot listen');
    await service.shutdown();
    process.exit(1);
  }
  exitOnSignals(() => service.shutdown(), logger);
}
