// Where the CPU of one token request goes under run.sh's load (README.md,
// "## Floors"): autocannon (this process), the server process (the auth
// service or oidc-provider) and the PostgreSQL backends of the database,
// each in CPU µs per request over the middle of a run, next to the rate.
// With those, the budget of issue #6's target is arithmetic: at 0.5×
// oidc-provider's rate, two cores give 2 / (0.5 × rate) s of CPU per grant.
//
//   bench/auth-token/floor-split.sh        (DATABASE_URL: an installed database)
//   RUNS=oidc,client_credentials bench/auth-token/floor-split.sh   (a database with floor-swap.sql applied)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { refreshRotation, startServers } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 50);
const rounds = Number(process.env.ROUNDS ?? 2);
// oidc, client_credentials, refresh_token: which runs, in that order
const only = (process.env.RUNS ?? 'oidc,client_credentials,refresh_token').split(',');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pgfleet_bench_auth';
const database = new URL(databaseUrl).pathname.slice(1);
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const children: ChildProcess[] = [];

function start(_name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

/** user + system seconds of a process, all its threads */
function processSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

/** seconds on a CPU of the database's backends (schedstat), and how many were read */
function backendSeconds(pids: number[]): number {
  let ns = 0;
  for (const pid of pids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // gone
    }
  }
  return ns / 1e9;
}

function backends(): number[] {
  const out = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-Atc',
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = \'client backend\''], { encoding: 'utf8' });
  return out.stdout.split('\n').filter((line) => line !== '').map(Number);
}

interface Split {
  rps: number;
  non2xx: number;
  load: number;
  server: number;
  database: number;
}

async function measure(serverPid: number, options: autocannon.Options, withDatabase: boolean): Promise<Split & { autocannon: number }> {
  const pids = withDatabase ? backends() : [];
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const s0 = processSeconds(serverPid);
  const d0 = backendSeconds(pids);
  const a0 = process.cpuUsage();
  const result = await autocannon({ connections, duration, ...options });
  const a1 = process.cpuUsage(a0);
  // a backend the pool opened during the run counts from its start
  const d1 = backendSeconds(withDatabase ? [...new Set([...pids, ...backends()])] : []);
  const s1 = processSeconds(serverPid);
  const n = result.requests.total;
  const per = (seconds: number): number => (seconds * 1e6) / n;
  return {
    rps: Math.round(result.requests.average),
    non2xx: result.non2xx,
    load,
    autocannon: per((a1.user + a1.system) / 1e6),
    server: per(s1 - s0),
    database: per(d1 - d0),
  };
}

async function main(): Promise<void> {
  const { auth: authUrl, authProcess: auth, oidcProcess: oidc, oidcRequest, ccRequest } = await startServers(databaseUrl, start);
  for (const options of [oidcRequest, ccRequest]) await autocannon({ ...options, connections, duration: 2 });

  process.stdout.write(`${connections} connections, ${duration} s per run; CPU µs per request\n`);
  process.stdout.write(`${'round'.padEnd(6)}${'run'.padEnd(34)}${'req/s'.padStart(7)}${'non2xx'.padStart(7)}${'autocannon'.padStart(11)}${'server'.padStart(8)}${'database'.padStart(9)}${'total'.padStart(7)}${'load'.padStart(6)}\n`);
  for (let round = 1; round <= rounds; round += 1) {
    const runs: Array<[string, number, () => Promise<autocannon.Options>, boolean]> = [
      ['oidc-provider client_credentials', oidc.pid as number, async () => oidcRequest, false],
      ['pgfleet client_credentials', auth.pid as number, async () => ccRequest, true],
      ['pgfleet refresh_token', auth.pid as number, async () => refreshRotation(authUrl, connections, (f) => process.stderr.write(`refresh failure: ${f}\n`)), true],
    ];
    for (const [name, pid, options, withDatabase] of runs.filter(([name]) => only.some((run) => name.includes(run)))) {
      const m = await measure(pid, await options(), withDatabase);
      const total = m.autocannon + m.server + m.database;
      process.stdout.write(`${String(round).padEnd(6)}${name.padEnd(34)}${String(m.rps).padStart(7)}${String(m.non2xx).padStart(7)}${m.autocannon.toFixed(0).padStart(11)}${m.server.toFixed(0).padStart(8)}${m.database.toFixed(0).padStart(9)}${total.toFixed(0).padStart(7)}${m.load.toFixed(1).padStart(6)}\n`);
    }
  }
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
