import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { install } from '@pgfleet/db';
import { databaseUrl, execFormatted, serverUrl, withClient } from './server.js';
import { dropDatabaseSql, sealTemplateSql, staleTemplatesSql, templateLockSql, templateStateSql, templateUnlockSql, unsealTemplateSql } from './testkit.sql.js';

// Settings the installer reads: a change means another template.
const envKeys = ['PGFLEET_PROJECT', 'PGFLEET_CONFIGURATION', 'PGFLEET_SECRET_KEY', 'PGFLEET_ADMIN_PASSWORD', 'PUBLIC_URL', 'OAUTH2_CONFIG_DIR'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    })
    .sort();
}

/** The folders the installer reads: every SQL layer and the OAuth provider files. */
function installedFiles(root: string, env: NodeJS.ProcessEnv): string[] {
  const oauth = resolve(root, env.OAUTH2_CONFIG_DIR || 'config/oauth2');
  return [...filesUnder(join(root, 'sql', 'platform')), ...filesUnder(join(root, 'sql', 'configuration')), ...filesUnder(join(root, 'sql', 'bus')), ...filesUnder(oauth)];
}

/** Content hash of what a template would hold; paths are relative so identical checkouts share it. */
export function templateHash(root: string, env: NodeJS.ProcessEnv): string {
  const hash = createHash('sha256');
  const referenced = new Set(envKeys);
  for (const file of installedFiles(root, env)) {
    const content = readFileSync(file);
    hash.update(relative(root, file)).update('\0').update(content).update('\0');
    if (file.endsWith('.json')) for (const match of content.toString('utf8').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (match[1]) referenced.add(match[1]);
  }
  for (const key of [...referenced].sort()) hash.update(`${key}=${env[key] ?? ''}\0`);
  return hash.digest('hex').slice(0, 16);
}

export function templateName(root: string, env: NodeJS.ProcessEnv): string {
  return `pgfleet_tpl_${templateHash(root, env)}`;
}

const staleAfter = '1 hour';
const ensured = new Map<string, Promise<string>>();

async function installTemplate(name: string, root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const server = serverUrl(env);
  await withClient(databaseUrl(server, 'postgres'), async (maintenance) => {
    // Parallel jest workers and parallel runs wait here; the first installs, the rest find it ready.
    await maintenance.query(templateLockSql);
    try {
      const state = (await maintenance.query<{ ready: boolean }>(templateStateSql, [name])).rows[0];
      if (state?.ready) return;
      // Left by an install that failed or was killed: never sealed, so start over.
      if (state) await execFormatted(maintenance, dropDatabaseSql, [name]);
      const lines: string[] = [];
      try {
        await install({ databaseUrl: databaseUrl(server, name), root, env, log: (line) => lines.push(line) });
      } catch (err) {
        throw new Error(`installing the test template ${name} failed: ${(err as Error).message}\n${lines.join('\n')}`, { cause: err });
      }
      await execFormatted(maintenance, sealTemplateSql, [name]);
      for (const stale of (await maintenance.query<{ name: string }>(staleTemplatesSql, [name, staleAfter])).rows) {
        await execFormatted(maintenance, unsealTemplateSql, [stale.name]);
        await execFormatted(maintenance, dropDatabaseSql, [stale.name]);
      }
    } finally {
      await maintenance.query(templateUnlockSql);
    }
  });
  return name;
}

/** Installs the template for this tree once (per process, per server) and returns its name. */
export function ensureTemplate(root: string, env: NodeJS.ProcessEnv, refresh = false): Promise<string> {
  const name = templateName(root, env);
  const key = `${serverUrl(env)}|${name}`;
  let pending = refresh ? undefined : ensured.get(key);
  if (!pending) {
    pending = installTemplate(name, root, env);
    ensured.set(key, pending);
    // A failure is not cached: the next test file tries again (the tree may have been fixed).
    pending.catch(() => ensured.delete(key));
  }
  return pending;
}
