// `pnpm start`: the whole fleet on one machine (ARCHITECTURE §5, packages/cli/README.md).
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { workspaceRoot } from '@pgfleet/config';
import { install, InstallerError, patch, SqlFileError } from '@pgfleet/db';
import { createGateway, type Gateway } from './gateway/gateway.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './launcher/embedded-postgres.js';
import { loadLauncherEnv, servicePort } from './launcher/env.js';
import { Fleet } from './launcher/fleet.js';
import { createLineWriter, launcherLog } from './launcher/log.js';
import { readyLine, waitReady } from './launcher/readiness.js';
import { serviceEnv, withoutPassword } from './launcher/service-env.js';
import type { ServiceName } from './launcher/services.js';

const settings = loadLauncherEnv();
const root = workspaceRoot();
const write = createLineWriter();
const log = launcherLog(write);
const startup = new AbortController();

// A promise, not the handle: a Ctrl-C during initdb or start-up must still stop the server once it is up.
let embedded: Promise<EmbeddedPostgres> | undefined;
let gateway: Gateway | undefined;
let fleet: Fleet | undefined;
let stopping = false;
let stoppingSince = 0;

// Shutdown mirrors start-up in reverse: services first (they hold pools on the
// database), then the gateway, then the database.
async function shutdown(code: number, reason: string): Promise<void> {
  if (stopping) {
    // tsx's CLI relays the terminal's signal a second time within milliseconds; only a person's second Ctrl-C is news.
    if (Date.now() - stoppingSince > 1000) log.warn(`${reason}: already stopping`);
    return;
  }
  stopping = true;
  stoppingSince = Date.now();
  startup.abort(new Error(reason));
  log.info(`stopping (${reason})`);
  // If a stop step hangs, the launcher still exits (and the exit hook kills the children).
  setTimeout(() => {
    log.error('shutdown took too long; exiting anyway');
    process.exit(1);
  }, settings.SHUTDOWN_TIMEOUT_MS + 20_000).unref();
  try {
    // `pnpm start` runs this file under the tsx CLI, which relays a terminal
    // signal to us again and SIGKILLs us unless we acknowledge that relay
    // within 30 ms. Eight services shutting down at once can starve us of CPU
    // for longer than that on a small machine, so they are told only after the
    // relay has had its answer. (Running `node --import tsx` directly avoids the relay.)
    if (reason.startsWith('SIG')) await delay(150);
    await fleet?.stop();
    await gateway?.close();
    await embedded?.then(
      (server) => server.stop(),
      () => undefined,
    );
  } catch (error) {
    log.error(`shutdown: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  log.info('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
process.on('exit', () => fleet?.killNow());

async function main(): Promise<void> {
  // The gateway comes first: a taken GATEWAY_PORT fails before any slow step,
  // and GATEWAY_PORT=0 still yields a definite PUBLIC_URL for the installer.
  // Until the services are up it answers 502.
  const port = (name: ServiceName) => servicePort(settings, name);
  const target = (name: ServiceName) => `http://127.0.0.1:${port(name)}`;
  gateway = createGateway({
    targets: { auth: target('auth'), app: target('app'), ws: target('ws'), file: target('file') },
    onError: (message) => log.warn(message),
  });
  const gatewayUrl = `http://127.0.0.1:${await gateway.listen(settings.GATEWAY_PORT, '127.0.0.1')}`;
  log.info(`gateway listening on ${gatewayUrl}`);

  let databaseUrl = settings.DATABASE_URL;
  if (!databaseUrl) {
    embedded = startEmbeddedPostgres({
      dir: join(resolve(root, settings.PGFLEET_DATA_DIR), 'pg'),
      port: settings.EMBEDDED_PG_PORT,
      database: 'pgfleet',
      write,
      log,
    });
    databaseUrl = (await embedded).url;
  }
  startup.signal.throwIfAborted();

  const publicUrl = settings.PUBLIC_URL ?? gatewayUrl;
  const installerEnv = { ...process.env, DATABASE_URL: databaseUrl, PUBLIC_URL: publicUrl };
  const installerLog = (line: string) => write('db', line);
  log.info(`installing into ${withoutPassword(databaseUrl)}`);
  const installed = await install({ databaseUrl, root, env: installerEnv, log: installerLog });
  // A fresh install already ran every routine and view; an existing database
  // (a kept .data cluster) gets the pending table patches, then the update.
  if (installed.action === 'already-installed') await patch({ databaseUrl, root, env: installerEnv, log: installerLog });
  startup.signal.throwIfAborted();

  const names = settings.PGFLEET_SERVICES as ServiceName[];
  // `node --import tsx` rather than the tsx CLI: one process per service, so
  // the PID the launcher signals is the service itself, not a relay.
  const tsx = import.meta.resolve('tsx');
  fleet = new Fleet(
    names.map((name) => ({
      name,
      command: process.execPath,
      args: ['--import', tsx, join(root, 'services', name, 'src', 'main.ts')],
      cwd: root,
      env: serviceEnv({ inherited: process.env, name, port: port(name), databaseUrl, publicUrl, pretty: process.stdout.isTTY === true }),
    })),
    {
      write,
      log,
      shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
      onFatal: (name) => void shutdown(1, `${name} keeps dying`),
    },
  );
  fleet.start();

  await waitReady(
    names.map((name) => ({ name, port: port(name) })),
    { signal: startup.signal, onPending: (pending) => log.info(`waiting for /readyz of: ${pending.join(', ')}`) },
  );
  process.stdout.write(`${readyLine(gatewayUrl, settings.AMQP_URL, databaseUrl)}\n`);
}

main().catch((error: unknown) => {
  if (stopping) return;
  // Installer errors already name the file and line; a stack would only bury that.
  const known = error instanceof InstallerError || error instanceof SqlFileError;
  log.error(`start failed: ${error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error)}`);
  void shutdown(1, 'start failed');
});
