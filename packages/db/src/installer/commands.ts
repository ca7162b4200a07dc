import type pg from 'pg';
import { connect, databaseName, execFormatted, inTransaction, kernelUrl, withClient, withDatabase } from './connection.js';
import { createDatabaseSql, createExtensionSql, takeOwnershipSql, databaseExistsSql, dropDatabaseSql, installedSql, terminateBackendsSql } from './installer.sql.js';
import { InstallerError, readTree, type Tree } from './layers.js';
import { ensureRoles } from './roles.js';
import {
  appliedPatches,
  applyPrivileges,
  applySessionSettings,
  dropViews,
  ensurePatchLog,
  newModules,
  recordModules,
  recordPatch,
  runModules,
  syncOAuth,
  type Log,
  type StepContext,
} from './steps.js';
import { runSqlFile } from './run-file.js';

export interface InstallerOptions {
  /** Admin-capable URL; its path names the database to install. */
  databaseUrl: string;
  /** Workspace root holding `sql/` and `config/oauth2`. */
  root: string;
  env: NodeJS.ProcessEnv;
  log: Log;
}

export interface InstallOptions extends InstallerOptions {
  /** Drop and re-create an installed database. */
  force?: boolean;
  resetRolePasswords?: boolean;
}

export interface InstallResult {
  action: 'installed' | 'already-installed';
  createdRoles: string[];
}

export interface StatusResult {
  installed: boolean;
  applied: Array<{ name: string; appliedAt: Date }>;
  pending: string[];
}

async function isInstalled(client: pg.ClientBase): Promise<boolean> {
  return (await client.query<{ installed: boolean }>(installedSql)).rows[0]?.installed === true;
}

async function databaseExists(maintenance: pg.ClientBase, name: string): Promise<boolean> {
  return (await maintenance.query(databaseExistsSql, [name])).rowCount !== 0;
}

/** Connects as kernel with the installer's session settings (internals §2). */
async function withKernel<T>(options: InstallerOptions, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(kernelUrl(options.databaseUrl, options.env), async (client) => {
    await applySessionSettings(client, options.env);
    return work(client);
  });
}

async function requireInstalled(client: pg.ClientBase, name: string): Promise<void> {
  if (!(await isInstalled(client))) throw new InstallerError(`database ${name} is not installed: run \`pnpm db install\` first`);
}

/**
 * Routines and views, then OAuth, syncs and grants: one transaction. A module
 * that is new in the tree is installed in its load-order place (`create`
 * before its `code`, `seed` after the OAuth sync), so a deployment that adds
 * a module needs no separate step.
 */
async function runUpdate(context: StepContext): Promise<void> {
  await inTransaction(context.client, async () => {
    const added = await newModules(context);
    if (added.size > 0) context.log(`  new modules: ${[...added].map((module) => module.label).join(', ')}`);
    const dropped = await dropViews(context.client);
    context.log(`  dropped ${dropped} view${dropped === 1 ? '' : 's'}`);
    await runModules(context, (module) => (added.has(module) ? ['create', 'code'] : ['code']));
    await syncOAuth(context);
    await runModules(context, (module) => (added.has(module) ? ['seed'] : []));
    await runModules(context, ['sync']);
    await applyPrivileges(context);
    await recordModules(context.client, added);
  });
}

async function prepareDatabase(options: InstallOptions, name: string): Promise<{ skip: boolean; createdRoles: string[] }> {
  return withClient(withDatabase(options.databaseUrl, 'postgres'), async (maintenance) => {
    const createdRoles = await ensureRoles(maintenance, options.env, options.resetRolePasswords === true);
    if (createdRoles.length > 0) options.log(`roles created: ${createdRoles.join(', ')}`);
    if (await databaseExists(maintenance, name)) {
      const installed = await withClient(options.databaseUrl, isInstalled);
      if (installed && !options.force) return { skip: true, createdRoles };
      if (installed) {
        options.log(`dropping database ${name} (--force)`);
        await maintenance.query(terminateBackendsSql, [name]);
        await execFormatted(maintenance, dropDatabaseSql, [name]);
      } else {
        // An empty database made for us (a managed service, a test): kernel must own what it installs.
        await execFormatted(maintenance, takeOwnershipSql, [name, 'kernel']);
      }
    }
    if (!(await databaseExists(maintenance, name))) {
      await execFormatted(maintenance, createDatabaseSql, [name, 'kernel']);
      options.log(`database ${name} created`);
    }
    return { skip: false, createdRoles };
  });
}

/**
 * `pnpm db install` (internals §2–§4): roles, database, then every layer in
 * one transaction, so a failed install leaves nothing half-done behind and
 * can simply be run again.
 */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const tree = readTree(options.root, options.env);
  const name = databaseName(options.databaseUrl);
  const { skip, createdRoles } = await prepareDatabase(options, name);
  if (skip) {
    options.log(`database ${name} is already installed; nothing to do (--force re-creates it)`);
    return { action: 'already-installed', createdRoles };
  }
  // pgcrypto needs a privileged role; kernel, which owns everything else, may not be one.
  await withClient(options.databaseUrl, async (admin) => {
    await admin.query(createExtensionSql);
  });
  const started = performance.now();
  await withKernel(options, async (client) => {
    const context: StepContext = { client, tree, env: options.env, log: options.log };
    await inTransaction(client, async () => {
      await runModules(context, ['create', 'code']);
      await syncOAuth(context);
      await runModules(context, ['seed']);
      await runModules(context, ['sync']);
      await applyPrivileges(context);
      // table.sql is always the current schema, so every shipped patch is already in it.
      await ensurePatchLog(client);
      for (const patch of tree.patches) await recordPatch(client, patch.name);
      await recordModules(client, tree.modules);
    });
  });
  options.log(`database ${name} installed in ${Math.round(performance.now() - started)} ms (${describeTree(tree)})`);
  return { action: 'installed', createdRoles };
}

function describeTree(tree: Tree): string {
  return `${tree.modules.length} module${tree.modules.length === 1 ? '' : 's'}, configuration ${tree.configuration ?? 'none'}`;
}

export async function update(options: InstallerOptions): Promise<void> {
  const tree = readTree(options.root, options.env);
  const name = databaseName(options.databaseUrl);
  const started = performance.now();
  await withKernel(options, async (client) => {
    await requireInstalled(client, name);
    await runUpdate({ client, tree, env: options.env, log: options.log });
  });
  options.log(`database ${name} updated in ${Math.round(performance.now() - started)} ms`);
}

/** Applies each unapplied patch in its own transaction, records it, then updates. */
export async function patch(options: InstallerOptions): Promise<string[]> {
  const tree = readTree(options.root, options.env);
  const name = databaseName(options.databaseUrl);
  const appliedNow: string[] = [];
  await withKernel(options, async (client) => {
    await requireInstalled(client, name);
    const applied = await appliedPatches(client);
    for (const item of tree.patches.filter((candidate) => !applied.has(candidate.name))) {
      const started = performance.now();
      await inTransaction(client, async () => {
        await runSqlFile(client, item.file, tree.root);
        await recordPatch(client, item.name);
      });
      appliedNow.push(item.name);
      options.log(`  ${item.name}  applied  ${Math.round(performance.now() - started)} ms`);
    }
    if (appliedNow.length === 0) options.log('  no pending patches');
    await runUpdate({ client, tree, env: options.env, log: options.log });
  });
  options.log(`database ${name} patched (${appliedNow.length} applied) and updated`);
  return appliedNow;
}

export async function status(options: InstallerOptions): Promise<StatusResult> {
  const tree = readTree(options.root, options.env);
  const name = databaseName(options.databaseUrl);
  const exists = await withClient(withDatabase(options.databaseUrl, 'postgres'), (maintenance) => databaseExists(maintenance, name));
  if (!exists) {
    options.log(`database ${name} does not exist (not installed)`);
    return { installed: false, applied: [], pending: tree.patches.map((item) => item.name) };
  }
  const client = await connect(options.databaseUrl);
  try {
    if (!(await isInstalled(client))) {
      options.log(`database ${name} is not installed`);
      return { installed: false, applied: [], pending: tree.patches.map((item) => item.name) };
    }
    const applied = await appliedPatches(client);
    const pending = tree.patches.filter((item) => !applied.has(item.name)).map((item) => item.name);
    options.log(`database ${name}: installed, ${applied.size} patch${applied.size === 1 ? '' : 'es'} applied, ${pending.length} pending`);
    // Tree order (platform, then configuration), which is the order patch applies them in.
    const known = new Set(tree.patches.map((item) => item.name));
    for (const item of tree.patches) {
      const appliedAt = applied.get(item.name);
      options.log(appliedAt ? `  applied  ${item.name}  ${appliedAt.toISOString()}` : `  pending  ${item.name}`);
    }
    for (const [patchName, appliedAt] of applied) {
      if (!known.has(patchName)) options.log(`  applied  ${patchName}  ${appliedAt.toISOString()}  (no longer in the tree)`);
    }
    return { installed: true, applied: [...applied].map(([patchName, appliedAt]) => ({ name: patchName, appliedAt })), pending };
  } finally {
    await client.end().catch(() => undefined);
  }
}
