import { fileURLToPath } from 'node:url';
import { rolePassword, withCredentials } from '@pgfleet/config';
import { databaseUrl, execFormatted, serverUrl, testDatabaseName, withClient } from './server.js';
import { ensureTemplate } from './template.js';
import { cloneDatabaseSql, createEmptyDatabaseSql, dropDatabaseSql } from './testkit.sql.js';

export interface TestDatabase {
  name: string;
  /** Admin-capable URL (the test server's superuser) for this database. */
  url: string;
  /** `admin` is the same admin-capable URL (as in `databaseUrls()`), not the `admin` role. */
  urls: { admin: string; kernel: string; daemon: string; apibot: string };
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** A readable part of the database name (the test file's subject). */
  prefix?: string;
  /** Workspace root whose `sql/` and `config/oauth2` the template holds; default this checkout. */
  root?: string;
  env?: NodeJS.ProcessEnv;
}

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

function describe(name: string, env: NodeJS.ProcessEnv): TestDatabase {
  const url = databaseUrl(serverUrl(env), name);
  const role = (user: 'kernel' | 'daemon' | 'apibot') => withCredentials(url, user, rolePassword(user, env));
  return {
    name,
    url,
    urls: { admin: url, kernel: role('kernel'), daemon: role('daemon'), apibot: role('apibot') },
    drop: () => dropTestDatabase(name, env),
  };
}

export async function dropTestDatabase(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await withClient(databaseUrl(serverUrl(env), 'postgres'), (client) => execFormatted(client, dropDatabaseSql, [name]));
}

function sqlState(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

const busyRetries = 50;

/**
 * A fresh copy of the installed platform: CREATE DATABASE … TEMPLATE copies
 * files instead of replaying the SQL tree, so each test file pays
 * milliseconds, not an install.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const env = options.env ?? process.env;
  const root = options.root ?? workspaceRoot;
  const name = testDatabaseName(options.prefix);
  let template = await ensureTemplate(root, env);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await withClient(databaseUrl(serverUrl(env), 'postgres'), (client) => execFormatted(client, cloneDatabaseSql, [name, template, 'kernel']));
      break;
    } catch (err) {
      // 55006: someone is connected to the template (PostgreSQL refuses to copy it meanwhile).
      if (sqlState(err) === '55006' && attempt < busyRetries) {
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
        continue;
      }
      // 3D000: another tree's run dropped it as stale between our check and the copy.
      if (sqlState(err) === '3D000' && attempt < busyRetries) {
        template = await ensureTemplate(root, env, true);
        continue;
      }
      throw err;
    }
  }
  return describe(name, env);
}

/** A bare database (no platform), for tests of the installer and other SQL-less pieces. */
export async function createEmptyDatabase(options: Omit<TestDatabaseOptions, 'root'> = {}): Promise<TestDatabase> {
  const env = options.env ?? process.env;
  const name = testDatabaseName(options.prefix);
  await withClient(databaseUrl(serverUrl(env), 'postgres'), (client) => execFormatted(client, createEmptyDatabaseSql, [name]));
  return describe(name, env);
}
