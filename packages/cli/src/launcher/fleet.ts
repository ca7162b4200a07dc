import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { LauncherLog, LineWriter } from './log.js';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface FleetOptions {
  write: LineWriter;
  log: LauncherLog;
  /** How long a child gets between SIGTERM and SIGKILL. */
  shutdownTimeoutMs: number;
  /** Pause before the one restart a child gets after an unexpected exit. */
  restartDelayMs?: number;
  /** Called once when a child dies a second time: the fleet cannot be trusted any more. */
  onFatal: (name: string) => void;
}

interface Member {
  spec: ProcessSpec;
  child?: ChildProcess;
  restarts: number;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the services as child processes and keeps them honest.
 *
 * Policy on an unexpected exit: restart once (a crash during start-up, e.g.
 * a port still held by a dying previous run, often succeeds the second time);
 * a second unexpected exit of the same service stops the whole fleet, because
 * a half-running fleet in development hides the bug rather than showing it.
 *
 * Each child leads its own process group (`detached`): Ctrl-C in the terminal
 * reaches only the launcher, which then stops the children in order, and a
 * signal to the group also reaches anything a service spawned itself.
 */
export class Fleet {
  private readonly members: Member[];
  private stopping = false;

  constructor(
    specs: ProcessSpec[],
    private readonly options: FleetOptions,
  ) {
    this.members = specs.map((spec) => ({ spec, restarts: 0 }));
  }

  start(): void {
    for (const member of this.members) this.spawn(member);
  }

  /** PIDs of the children running now. */
  pids(): number[] {
    return this.members.flatMap((member) => (member.child?.pid !== undefined && isRunning(member.child) ? [member.child.pid] : []));
  }

  /** SIGTERM every child, wait up to the deadline, SIGKILL what is left. Resolves when none runs. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.members.map((member) => this.stopMember(member)));
  }

  /** Last resort when the launcher itself exits abruptly: no child may outlive it. */
  killNow(): void {
    for (const member of this.members) {
      if (member.child?.pid !== undefined && isRunning(member.child)) signalGroup(member.child.pid, 'SIGKILL');
    }
  }

  private spawn(member: Member): void {
    const { spec } = member;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    member.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.options.write(spec.name, line));
    }
    child.once('spawn', () => this.options.log.info(`${spec.name} started (pid ${child.pid ?? '?'})`));
    child.once('error', (error) => this.options.log.error(`${spec.name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(member, child, code, signal));
  }

  private onExit(member: Member, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    // Anything the service left in its group goes with it.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    if (this.stopping || member.child !== child) return;
    const how = signal ? `signal ${signal}` : `code ${code ?? '?'}`;
    if (member.restarts === 0) {
      member.restarts += 1;
      this.options.log.error(`${member.spec.name} exited unexpectedly (${how}); restarting it once`);
      member.timer = setTimeout(() => {
        member.timer = undefined;
        if (!this.stopping) this.spawn(member);
      }, this.options.restartDelayMs ?? 1000);
      return;
    }
    this.options.log.error(`${member.spec.name} exited unexpectedly again (${how}); stopping the fleet`);
    this.options.onFatal(member.spec.name);
  }

  private async stopMember(member: Member): Promise<void> {
    if (member.timer) clearTimeout(member.timer);
    const child = member.child;
    if (!child || child.pid === undefined || !isRunning(child)) return;
    const exited = once(child, 'exit');
    signalGroup(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.options.shutdownTimeoutMs);
    });
    const outcome = await Promise.race([exited.then(() => 'exited' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      this.options.log.warn(`${member.spec.name} did not stop within ${this.options.shutdownTimeoutMs} ms; killing it`);
      signalGroup(child.pid, 'SIGKILL');
      await exited;
    }
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}
