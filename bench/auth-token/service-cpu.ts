// CPU time of the auth service process itself per request (not the database's):
// autocannon against the service, user + system time of its process from
// /proc/PID/stat over each run, divided by the requests answered. Rates swing
// with the machine's load; this does much less. Several trees (e.g. a git
// worktree of an older commit) are measured in alternation.
//
//   node --import tsx bench/auth-token/service-cpu.ts [label=ROOT ...]   (see service-cpu.sh)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { basic, form, freePort, refreshRotation, service, waitFor } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 50);
const rounds = Number(process.env.ROUNDS ?? 1);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pgfleet_bench_auth';
const runs = (process.env.RUNS ?? 'client_credentials,refresh_token,introspect,jwks,discovery').split(',');
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

let firstFailure: string | undefined;

const trees = process.argv.slice(2).map((arg) => {
  const [label, dir] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, arg];
  return { label, dir };
});
if (trees.length === 0) trees.push({ label: 'current', dir: root });

/** User and system CPU time of a process (all its threads), in seconds. */
function cpuSeconds(pid: number): { user: number; system: number } {
  // Field 2 (comm) may hold spaces; count the fields after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
}

interface Running {
  child: ChildProcess;
  url: string;
}

async function startService(dir: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/auth/src/main.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PG_POOL_MAX: process.env.PG_POOL_MAX ?? '10',
      TOKEN_RATE_LIMIT_PER_IP: '0',
      TOKEN_RATE_LIMIT_PER_CLIENT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`);
  return { child, url };
}

async function post(url: string, authorization: string, body: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { ...form, authorization }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** The autocannon options of one run against a started service. */
async function workload(name: string, url: string): Promise<autocannon.Options> {
  switch (name) {
    case 'client_credentials':
      return { url: `${url}/oauth2/token`, method: 'POST', headers: { ...form, authorization: basic(service.id, service.secret) }, body: 'grant_type=client_credentials&scope=pgfleet' };
    case 'refresh_token':
      return refreshRotation(url, connections, (failure) => (firstFailure ??= failure));
    case 'introspect': {
      const issued = await post(`${url}/oauth2/token`, basic(service.id, service.secret), 'grant_type=client_credentials&scope=pgfleet');
      return {
        url: `${url}/oauth2/introspect`,
        method: 'POST',
        headers: { ...form, authorization: basic(service.id, service.secret) },
        body: `token=${encodeURIComponent(issued.access_token as string)}`,
      };
    }
    case 'jwks':
      return { url: `${url}/oauth2/jwks` };
    case 'discovery':
      return { url: `${url}/.well-known/openid-configuration` };
    default:
      throw new Error(`unknown run ${name}`);
  }
}

interface Measured {
  rps: number;
  requests: number;
  non2xx: number;
  /** CPU µs per request, and the kernel's (system time) share of them. */
  micros: number;
  systemMicros: number;
}

async function measure(pid: number, options: autocannon.Options): Promise<Measured> {
  const before = cpuSeconds(pid);
  const result = await autocannon({ connections, duration, ...options });
  const after = cpuSeconds(pid);
  const requests = result.requests.total;
  const perRequest = (seconds: number): number => (requests > 0 ? (seconds * 1e6) / requests : NaN);
  return {
    rps: Math.round(result.requests.average),
    requests,
    non2xx: result.non2xx,
    micros: perRequest(after.user - before.user + after.system - before.system),
    systemMicros: perRequest(after.system - before.system),
  };
}

async function main(): Promise<void> {
  const table: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const tree of trees) {
      const running = await startService(tree.dir);
      const pid = running.child.pid as number;
      try {
        for (const name of runs) {
          // Warm-up: pool connections, named statements and the JIT's optimised code.
          await autocannon({ connections, duration: 3, ...(await workload(name, running.url)) });
          // Afresh: the refresh tokens in flight when the warm-up stopped were rotated and lost.
          const options = await workload(name, running.url);
          const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
          const m = await measure(pid, options);
          const line = `${String(round).padStart(5)}  ${tree.label.padEnd(10)} ${name.padEnd(20)} ${String(m.rps).padStart(7)} ${String(m.requests).padStart(8)} ${String(m.non2xx).padStart(7)} ${m.micros.toFixed(0).padStart(8)} ${m.systemMicros.toFixed(0).padStart(7)}   ${load}`;
          process.stdout.write(`${line}\n`);
          table.push(line);
        }
      } finally {
        running.child.kill('SIGTERM');
        await new Promise((resolve) => running.child.once('exit', resolve));
      }
    }
  }
  if (firstFailure !== undefined) process.stdout.write(`first refresh failure: ${firstFailure}\n`);
  process.stdout.write(`\n${connections} connections, ${duration} s per run, service CPU = utime+stime of its process over the run / requests (of sys: the stime part)\n`);
  process.stdout.write(`round  tree       run                    req/s requests non-2xx  µs/req  of sys   load\n`);
  for (const line of table) process.stdout.write(`${line}\n`);
}

await main();
