import { setTimeout as delay } from 'node:timers/promises';
import { withoutPassword } from './service-env.js';

export interface ReadinessTarget {
  name: string;
  port: number;
}

export interface WaitReadyOptions {
  signal: AbortSignal;
  intervalMs?: number;
  /** How often to say which services are still not ready. */
  reportEveryMs?: number;
  onPending?: (names: string[]) => void;
}

/**
 * Resolves once every target's `GET /readyz` has answered 200 (each is asked
 * until it does, then left alone); rejects with the signal's reason when
 * aborted, e.g. by Ctrl-C during start-up.
 */
export async function waitReady(targets: ReadinessTarget[], options: WaitReadyOptions): Promise<void> {
  const pending = new Map(targets.map((target) => [target.name, target]));
  const interval = options.intervalMs ?? 250;
  const reportEvery = options.reportEveryMs ?? 15_000;
  let lastReport = Date.now();
  while (pending.size > 0) {
    options.signal.throwIfAborted();
    const results = await Promise.all([...pending.values()].map(async (target) => [target.name, await isReady(target.port, options.signal)] as const));
    for (const [name, ready] of results) if (ready) pending.delete(name);
    if (pending.size === 0) return;
    if (Date.now() - lastReport >= reportEvery) {
      lastReport = Date.now();
      options.onPending?.([...pending.keys()]);
    }
    // An abort ends the pause early; the check at the top of the loop then rethrows the signal's own reason.
    await delay(interval, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

async function isReady(port: number, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The one line `pnpm start` prints when the fleet is ready (the contract scripts and tests wait for). */
export function readyLine(gatewayUrl: string, amqpUrl: string | undefined, databaseUrl: string): string {
  const mode = amqpUrl ? 'rabbitmq' : 'postgres-only';
  return `pgfleet ready: ${gatewayUrl} (mode: ${mode}, db: ${withoutPassword(databaseUrl)})`;
}
