import { parseArgs } from 'node:util';
import { redactUrl, workspaceRoot } from '@pgfleet/config';
import { install, InstallerError, patch, status, update } from '@pgfleet/db';

const usage = 'usage: pnpm db install [--force] [--reset-role-passwords] | update | patch | status';

/** Parses the command line, runs the installer, prints, and returns the process exit code. */
export async function runDbCommand(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void, root: string = workspaceRoot()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, 'reset-role-passwords': { type: 'boolean', default: false } },
    });
  } catch (err) {
    print(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (!command || rest.length > 0 || !['install', 'update', 'patch', 'status'].includes(command)) {
    print(usage);
    return 2;
  }
  if (command !== 'install' && (parsed.values.force || parsed.values['reset-role-passwords'])) {
    print(`--force and --reset-role-passwords belong to install\n${usage}`);
    return 2;
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    print('DATABASE_URL: required (an admin-capable PostgreSQL URL naming the database to install)');
    return 2;
  }
  const options = { databaseUrl, root, env, log: print };
  print(`pgfleet db ${command}: ${redactUrl(databaseUrl)}`);
  try {
    switch (command) {
      case 'install':
        await install({ ...options, force: parsed.values.force === true, resetRolePasswords: parsed.values['reset-role-passwords'] === true });
        break;
      case 'update':
        await update(options);
        break;
      case 'patch':
        await patch(options);
        break;
      case 'status':
        await status(options);
        break;
    }
    return 0;
  } catch (err) {
    // Installer errors already name the file and line; anything else is shown whole.
    print(err instanceof InstallerError ? `error: ${err.message}` : `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
