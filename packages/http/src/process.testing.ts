// Runs a service the way `pnpm start` does (`tsx src/main.ts` in its folder),
// for tests of start-up refusals and graceful exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

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
