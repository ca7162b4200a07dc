import { Fleet, type ProcessSpec } from '../src/launcher/fleet.js';
import type { LauncherLog } from '../src/launcher/log.js';
import { descendants, isAlive, waitFor } from './support/processes.js';

const scripts = {
  polite: `process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);`,
  stubborn: `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000);`,
  crashing: `console.log('up'); console.error('about to fail'); setTimeout(() => process.exit(3), 50);`,
  // Leaves a grandchild behind on SIGTERM, like a service that forgot to reap a helper.
  parent: `const { spawn } = require('node:child_process');
    const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log('helper ' + helper.pid);
    process.on('SIGTERM', () => process.exit(0));
    setInterval(() => {}, 1000);`,
};

function spec(name: string, script: string): ProcessSpec {
  return { name, command: process.execPath, args: ['-e', script], cwd: process.cwd(), env: { PATH: process.env.PATH } };
}

function recorder() {
  const lines: Array<[string, string]> = [];
  const messages: string[] = [];
  const log: LauncherLog = { info: (m) => messages.push(m), warn: (m) => messages.push(m), error: (m) => messages.push(m) };
  const has = (source: string, text: string) => lines.some(([s, l]) => s === source && l.includes(text));
  return { lines, messages, log, write: (source: string, line: string) => lines.push([source, line]), has };
}

describe('Fleet', () => {
  let fleet: Fleet | undefined;

  afterEach(() => {
    fleet?.killNow();
    fleet = undefined;
  });

  it('prefixes every stdout and stderr line of a child with its name', async () => {
    const r = recorder();
    fleet = new Fleet([spec('alpha', scripts.polite), spec('beta', `console.error('on stderr'); ${scripts.polite}`)], { ...r, shutdownTimeoutMs: 5000, onFatal: () => undefined });
    fleet.start();
    await waitFor(() => r.has('alpha', 'up') && r.has('beta', 'on stderr') && r.has('beta', 'up'), 10_000, 'both children to print');
    await fleet.stop();
  });

  it('stops children with SIGTERM and leaves none running', async () => {
    const r = recorder();
    fleet = new Fleet([spec('a', scripts.polite), spec('b', scripts.polite)], { ...r, shutdownTimeoutMs: 5000, onFatal: () => undefined });
    fleet.start();
    await waitFor(() => r.has('a', 'up') && r.has('b', 'up'), 10_000, 'children to start');
    const pids = fleet.pids();
    expect(pids).toHaveLength(2);
    await fleet.stop();
    expect(r.has('a', 'bye') && r.has('b', 'bye')).toBe(true);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(fleet.pids()).toEqual([]);
  });

  it('kills a child that ignores SIGTERM once the deadline passes', async () => {
    const r = recorder();
    fleet = new Fleet([spec('mule', scripts.stubborn)], { ...r, shutdownTimeoutMs: 300, onFatal: () => undefined });
    fleet.start();
    await waitFor(() => r.has('mule', 'up'), 10_000, 'child to start');
    const [pid] = fleet.pids();
    await fleet.stop();
    expect(r.has('mule', 'ignoring SIGTERM')).toBe(true);
    expect(r.messages.some((m) => m.includes('mule did not stop within 300 ms'))).toBe(true);
    expect(isAlive(pid as number)).toBe(false);
  });

  it('takes down what a child spawned itself, through its process group', async () => {
    const r = recorder();
    fleet = new Fleet([spec('parent', scripts.parent)], { ...r, shutdownTimeoutMs: 2000, onFatal: () => undefined });
    fleet.start();
    await waitFor(() => r.has('parent', 'helper '), 10_000, 'helper to start');
    const helper = Number(r.lines.find(([, l]) => l.startsWith('helper '))?.[1].slice('helper '.length));
    expect(isAlive(helper)).toBe(true);
    await fleet.stop();
    await waitFor(() => !isAlive(helper), 2000, 'helper to die');
  });

  it('restarts a child that dies once, and declares the fleet lost when it dies again', async () => {
    const r = recorder();
    const fatal: string[] = [];
    fleet = new Fleet([spec('flaky', scripts.crashing), spec('steady', scripts.polite)], {
      ...r,
      shutdownTimeoutMs: 2000,
      restartDelayMs: 50,
      onFatal: (name) => fatal.push(name),
    });
    fleet.start();
    await waitFor(() => fatal.length > 0, 10_000, 'the second crash');
    expect(fatal).toEqual(['flaky']);
    expect(r.lines.filter(([s, l]) => s === 'flaky' && l === 'up')).toHaveLength(2);
    expect(r.messages).toContainEqual(expect.stringContaining('flaky exited unexpectedly (code 3); restarting it once'));
    expect(r.messages).toContainEqual(expect.stringContaining('flaky exited unexpectedly again (code 3)'));
    await fleet.stop();
  });

  it('does not restart children it is stopping on purpose', async () => {
    const r = recorder();
    fleet = new Fleet([spec('a', scripts.polite)], { ...r, shutdownTimeoutMs: 2000, restartDelayMs: 10, onFatal: () => undefined });
    fleet.start();
    await waitFor(() => r.has('a', 'up'), 10_000, 'child to start');
    const [started] = fleet.pids();
    await fleet.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.lines.filter(([, l]) => l === 'up')).toHaveLength(1);
    expect(fleet.pids()).toEqual([]);
    expect(descendants(process.pid).filter((pid) => pid === started)).toEqual([]);
  });
});
