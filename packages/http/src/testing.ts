// Helpers for service tests: start a service the way `pnpm start` does and
// clean up broker topology made under a test prefix. Test code only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { connect } from 'amqplib';

export const TEST_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
/** A real database that answers `SELECT 1`; probes need nothing more. */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Nothing listens on port 1, so connecting fails at once rather than timing out. */
export const UNREACHABLE_DATABASE_URL = 'postgres://postgres@127.0.0.1:1/postgres';
export const UNREACHABLE_AMQP_URL = 'amqp://guest:guest@127.0.0.1:1';

/** A name no parallel test run shares. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface SpawnedService {
  /** The port the service reported in its `listening` log line. */
  port: number;
  output(): string;
  /** Sends `signal` and resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<Exited>;
}

// Variables a developer's shell may carry that would make a spawned service reach the wrong back end.
const CONTROLLED = ['DATABASE_URL', 'PG_DAEMON_URL', 'PG_APIBOT_URL', 'AMQP_URL', 'PORT', 'HOST'];

function launch(serviceDir: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<Exited> } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CONTROLLED.includes(key)));
  // The tsx CLI, exactly as `pnpm start` runs it.
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsxCli, 'src/main.ts'], {
    cwd: serviceDir,
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<Exited>((resolve) => {
    child.once('exit', (code, signal) => {
      // Let the pipes deliver what the process wrote last.
      setImmediate(() => resolve({ code, signal, output: text }));
    });
  });
  return { child, output: () => text, exited };
}

/** Runs `tsx src/main.ts` in `serviceDir` until it exits by itself (e.g. on a bad environment). */
export async function runUntilExit(serviceDir: string, env: Record<string, string>, timeoutMs = 45_000): Promise<Exited> {
  const { child, exited } = launch(serviceDir, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `tsx src/main.ts` in `serviceDir` and waits for its `listening` log line. */
export async function spawnService(serviceDir: string, env: Record<string, string>, timeoutMs = 45_000): Promise<SpawnedService> {
  const { child, output, exited } = launch(serviceDir, { PORT: '0', HOST: '127.0.0.1', ...env });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not report listening within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const onData = (): void => {
      const found = listeningPort(output());
      if (found !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(found);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((result) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${String(result.code ?? result.signal)}) before listening:\n${result.output}`));
    });
  });
  return {
    port,
    output,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}

function listeningPort(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    try {
      const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
      if (entry.msg === 'listening' && typeof entry.port === 'number') {
        return entry.port;
      }
    } catch {
      // A partial line: the rest is still in the pipe.
    }
  }
  return undefined;
}

/** Deletes the queues and exchanges a test bus declared under its prefix. */
export async function deleteAmqpTopology(
  declared: { exchanges: readonly string[]; queues: readonly string[] },
  url = TEST_AMQP_URL,
): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of declared.queues) {
      await channel.deleteQueue(queue);
    }
    for (const exchange of declared.exchanges) {
      await channel.deleteExchange(exchange);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
