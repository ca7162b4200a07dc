import type { Logger } from 'pino';

/** One thing to undo at shutdown: close a pool, cancel consumers, flush telemetry. */
export interface ShutdownStep {
  name: string;
  run(): Promise<void> | void;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Time for all steps together; stay under the orchestrator's grace period. */
  deadlineMs: number;
}

// A step that overran the deadline cannot be cancelled, but the ones after it
// (closing pools, flushing telemetry) are still worth a short try.
const MIN_STEP_MS = 1_000;

/**
 * Runs `steps` in reverse of the order they were given (the order things were
 * started), so what started last stops first. Resolves `true` when every step
 * finished in time without throwing.
 */
export async function runShutdown(steps: readonly ShutdownStep[], { logger, deadlineMs }: ShutdownOptions): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  let clean = true;
  for (const step of [...steps].reverse()) {
    const budget = Math.max(deadline - Date.now(), MIN_STEP_MS);
    const outcome = await withTimeout(() => step.run(), budget);
    if (outcome === 'ok') {
      logger.debug({ step: step.name }, 'shutdown step done');
    } else if (outcome === 'timeout') {
      clean = false;
      logger.warn({ step: step.name, budgetMs: budget }, 'shutdown step overran its deadline');
    } else {
      clean = false;
      logger.error({ step: step.name, err: outcome.error }, 'shutdown step failed');
    }
  }
  return clean;
}

async function withTimeout(run: () => Promise<void> | void, ms: number): Promise<'ok' | 'timeout' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const work = Promise.resolve()
      .then(run)
      .then(() => 'ok' as const);
    return await Promise.race([work, timeout]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wires SIGTERM/SIGINT to `shutdown`, then exits 0 on a clean stop, 1
 * otherwise. A second signal while stopping exits at once: the operator has
 * run out of patience.
 */
export function exitOnSignals(
  shutdown: () => Promise<boolean>,
  logger: Logger,
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      (clean) => {
        logger.info({ clean }, 'stopped');
        logger.flush?.();
        process.exit(clean ? 0 : 1);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of signals) {
    process.on(signal, onSignal);
  }
  return () => {
    for (const signal of signals) {
      process.off(signal, onSignal);
    }
  };
}
