import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type pg from 'pg';
import { loadOAuth2Providers } from '@pgfleet/config';
import { execFormatted } from './connection.js';
import {
  appliedPatchesSql,
  createModuleLogSql,
  createPatchLogSql,
  installedModulesSql,
  moduleLogExistsSql,
  recordModuleSql,
  grantSchemaSql,
  oauthSyncExistsSql,
  oauthSyncSql,
  ownedSchemasSql,
  recordPatchSql,
  revokeDefaultSql,
  revokePublicSql,
  schemaExistsSql,
  sessionSettingsSql,
  viewsSql,
} from './installer.sql.js';
import { InstallerError, type Module, type Tree } from './layers.js';
import { runSqlFile } from './run-file.js';
import { identitySettings } from './settings.js';

export type Log = (line: string) => void;

export interface StepContext {
  client: pg.ClientBase;
  tree: Tree;
  env: NodeJS.ProcessEnv;
  log: Log;
}

type Phase = 'create' | 'code' | 'seed' | 'sync';

export async function applySessionSettings(client: pg.ClientBase, env: NodeJS.ProcessEnv): Promise<void> {
  await client.query(sessionSettingsSql, identitySettings(env));
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function labelWidth(tree: Tree): number {
  return Math.max(12, ...tree.modules.map((module) => module.label.length));
}

async function runPhases(context: StepContext, module: Module, phases: Phase[]): Promise<void> {
  const started = performance.now();
  for (const phase of phases) {
    for (const file of module.manifest[phase]) await runSqlFile(context.client, join(module.dir, file), context.tree.root);
  }
  const elapsed = Math.round(performance.now() - started);
  context.log(`  ${pad(module.label, labelWidth(context.tree))}  ${pad(phases.join('+'), 11)}  ${elapsed} ms`);
}

/**
 * Inside a layer, module by module: `create` then `code` (install) or `code`
 * alone (update). `phasesOf` lets update give a module that is new in the tree
 * its `create` too, in the same load-order position install would.
 */
export async function runModules(context: StepContext, phases: Phase[] | ((module: Module) => Phase[])): Promise<void> {
  for (const module of context.tree.modules) {
    const own = typeof phases === 'function' ? phases(module) : phases;
    if (own.some((phase) => module.manifest[phase].length > 0)) await runPhases(context, module, own);
  }
}

/** The modules of the tree whose install-only phases have not run in this database. */
export async function newModules(context: StepContext): Promise<Set<Module>> {
  const { client, tree } = context;
  const present = (await client.query<{ present: boolean }>(moduleLogExistsSql)).rows[0]?.present === true;
  await client.query(createModuleLogSql);
  if (!present) {
    // Installed before modules were recorded: everything in the tree then was installed with it.
    await recordModules(client, tree.modules);
    return new Set();
  }
  const installed = new Set((await client.query<{ name: string }>(installedModulesSql)).rows.map((row) => row.name));
  return new Set(tree.modules.filter((module) => !installed.has(module.label)));
}

export async function recordModules(client: pg.ClientBase, modules: Iterable<Module>): Promise<void> {
  await client.query(createModuleLogSql);
  for (const module of modules) await client.query(recordModuleSql, [module.label]);
}

function oauthDir(root: string, env: NodeJS.ProcessEnv): string {
  return resolve(root, env.OAUTH2_CONFIG_DIR || join('config', 'oauth2'));
}

/** The provider files go to the database through the one shared loader (internals §4). */
export async function syncOAuth(context: StepContext): Promise<void> {
  const { client, tree, env, log } = context;
  const present = (await client.query<{ present: boolean }>(oauthSyncExistsSql)).rows[0]?.present;
  if (!present) {
    log('  oauth2 sync skipped: kernel.SyncOAuth2Config(jsonb) is not defined');
    return;
  }
  const dir = oauthDir(tree.root, env);
  if (!existsSync(dir)) throw new InstallerError(`OAUTH2_CONFIG_DIR: ${dir} does not exist`);
  const started = performance.now();
  const providers = loadOAuth2Providers(dir, env);
  await client.query(oauthSyncSql, [JSON.stringify(providers)]);
  log(`  ${pad('oauth2', labelWidth(tree))}  ${pad('sync', 11)}  ${Math.round(performance.now() - started)} ms  (${relative(tree.root, dir) || dir})`);
}

export async function ownedSchemas(client: pg.ClientBase): Promise<string[]> {
  return (await client.query<{ name: string }>(ownedSchemasSql)).rows.map((row) => row.name);
}

/**
 * Every function of the layers' schemas loses PUBLIC's EXECUTE (PostgreSQL
 * grants it by default); then the manifests' grants give access back to the
 * roles they name, and nothing else does.
 */
export async function applyPrivileges(context: StepContext): Promise<void> {
  const { client, tree } = context;
  await client.query(revokeDefaultSql);
  for (const schema of await ownedSchemas(client)) await execFormatted(client, revokePublicSql, [schema]);
  for (const module of tree.modules) {
    for (const [role, schemas] of Object.entries(module.manifest.grants)) {
      for (const schema of schemas) {
        if ((await client.query(schemaExistsSql, [schema])).rowCount === 0) {
          throw new InstallerError(`${relative(tree.root, join(module.dir, 'module.json'))}: grants ${role} on schema ${schema}, which does not exist`);
        }
        await execFormatted(client, grantSchemaSql, [schema, role]);
      }
    }
  }
}

/** `update` re-creates views from `code`; CASCADE also drops functions returning a view's row type. */
export async function dropViews(client: pg.ClientBase): Promise<number> {
  const schemas = await ownedSchemas(client);
  const statements = (await client.query<{ statement: string }>(viewsSql, [schemas])).rows;
  for (const { statement } of statements) await client.query(statement);
  return statements.length;
}

export async function ensurePatchLog(client: pg.ClientBase): Promise<void> {
  await client.query(createPatchLogSql);
}

export async function appliedPatches(client: pg.ClientBase): Promise<Map<string, Date>> {
  const rows = (await client.query<{ name: string; applied_at: Date }>(appliedPatchesSql)).rows;
  return new Map(rows.map((row) => [row.name, row.applied_at]));
}

export async function recordPatch(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(recordPatchSql, [name]);
}
