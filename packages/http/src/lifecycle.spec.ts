import { pino } from 'pino';
import { runShutdown } from './lifecycle.js';

const logger = pino({ level: 'silent' });

describe('runShutdown', () => {
  it('runs steps in reverse of the order they were started', async () => {
    const order: string[] = [];
    const steps = ['telemetry', 'pool', 'bus', 'http'].map((name) => ({ name, run: () => void order.push(name) }));
    await expect(runShutdown(steps, { logger, deadlineMs: 1_000 })).resolves.toBe(true);
    expect(order).toEqual(['http', 'bus', 'pool', 'telemetry']);
  });

  it('keeps going after a failing step and reports an unclean stop', async () => {
    const order: string[] = [];
    const steps = [
      { name: 'pool', run: () => void order.push('pool') },
      {
        name: 'bus',
        run: () => {
          throw new Error('broker gone');
        },
      },
    ];
    await expect(runShutdown(steps, { logger, deadlineMs: 1_000 })).resolves.toBe(false);
    expect(order).toEqual(['pool']);
  });

  it('abandons a step that overruns the deadline and still runs the next one', async () => {
    const order: string[] = [];
    const steps = [
      { name: 'telemetry', run: () => void order.push('telemetry') },
      { name: 'http', run: () => new Promise<void>(() => undefined) },
    ];
    const started = Date.now();
    await expect(runShutdown(steps, { logger, deadlineMs: 50 })).resolves.toBe(false);
    expect(order).toEqual(['telemetry']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
