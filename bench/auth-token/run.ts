// Token endpoint throughput: pgfleet auth (client_credentials, refresh_token)
// next to oidc-provider (client_credentials) on this machine, in one run.
//
//   node --import tsx bench/auth-token/run.ts      (from the workspace root; see README.md)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { refreshRotation, startServers } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 50);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pgfleet_bench_auth';
const children: ChildProcess[] = [];
let firstFailure: string | undefined;

function start(name: string, args: string[], env: Record<string, string>): void {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.once('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`${name} exited with ${code}\n`);
  });
  children.push(child);
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections, duration, ...options });
  return { name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function main(): Promise<void> {
  // INSTALL=0 benchmarks the database as it is: two databases installed from two versions
  // of the SQL core can then be compared run after run, under the same machine load.
  if (process.env.INSTALL !== '0') {
    process.stdout.write(`== installing ${databaseUrl.replace(/\/\/[^@]*@/, '//')}\n`);
    const install = spawnSync('pnpm', ['-s', 'db', 'install', '--force'], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'inherit'] });
    if (install.status !== 0) throw new Error('install failed');
  }

  const { auth, oidcRequest, ccRequest } = await startServers(databaseUrl, start);
  const check = async (options: autocannon.Options): Promise<void> => {
    const response = await fetch(options.url as string, { method: 'POST', headers: options.headers, body: options.body as string });
    if (response.status !== 200) throw new Error(`${options.url}: ${response.status} ${await response.text()}`);
  };
  await check(oidcRequest);
  await check(ccRequest);

  // One offline session per connection, each token used once.
  const refreshRequest = await refreshRotation(auth, connections, (failure) => (firstFailure ??= failure));

  // A short warm-up of each, so JIT and pools are hot before anything counts.
  for (const options of [oidcRequest, ccRequest]) await autocannon({ ...options, connections, duration: 2 });

  const rows = [
    await load('oidc-provider client_credentials', oidcRequest),
    await load('pgfleet client_credentials', ccRequest),
    await load('pgfleet refresh_token', refreshRequest),
    await load('oidc-provider client_credentials (again)', oidcRequest),
    // No database on this path: the ceiling of the service's own HTTP layer on this machine.
    await load('pgfleet GET /oauth2/jwks (no database)', { url: `${auth}/oauth2/jwks` }),
  ];
  process.stdout.write(`\n${connections} connections, ${duration} s each\n`);
  process.stdout.write(`${'run'.padEnd(42)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)}\n`);
  for (const row of rows) {
    process.stdout.write(`${row.name.padEnd(42)} ${String(row.rps).padStart(7)} ${String(row.p50).padStart(7)} ${String(row.p99).padStart(7)} ${String(row.non2xx).padStart(8)} ${String(row.errors).padStart(7)}\n`);
  }
  if (firstFailure !== undefined) process.stdout.write(`first refresh failure: ${firstFailure}\n`);
  const reference = ((rows[0]?.rps ?? 0) + (rows[3]?.rps ?? 0)) / 2;
  if (reference > 0) {
    process.stdout.write(`\npgfleet client_credentials / oidc-provider: ${((rows[1]?.rps ?? 0) / reference).toFixed(2)}×\n`);
    process.stdout.write(`pgfleet refresh_token / oidc-provider:      ${((rows[2]?.rps ?? 0) / reference).toFixed(2)}×\n`);
  }
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
