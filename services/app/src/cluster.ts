import cluster from 'node:cluster';
import type { Logger } from 'pino';

/**
 * The primary of `APP_WORKERS > 1`: forks the workers, replaces one that dies
 * unexpectedly, and on SIGTERM/SIGINT passes the signal on and waits for all
 * of them (each drains on its own).
 */
export async function runPrimary(workers: number, logger: Logger, flush: () => Promise<void>): Promise<void> {
  let stopping = false;
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.warn({ pid: worker.process.pid, code, signal }, 'worker died, forking a new one');
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (stopping && Object.keys(cluster.workers ?? {}).length === 0) resolve();
    };
    cluster.on('exit', check);
  });
  await flush();
  process.exit(0);
}
