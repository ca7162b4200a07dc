import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const serverUrl = process.env.PGFLEET_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

const fixtureCopies: string[] = [];

/** A private copy of a fixture tree, for tests that add files to it; `removeFixtureCopies` deletes them. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pgfleet-${name}-`));
  fixtureCopies.push(dir);
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

export function removeFixtureCopies(): void {
  for (const dir of fixtureCopies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A database name no parallel run can collide with. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function urlFor(database: string, user?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user;
    url.password = user;
  }
  return url.toString();
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await query(serverUrl, `SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text) AS statement`, [name]).then(async (rows) => {
    await query(serverUrl, String(rows[0]?.statement));
  });
}

export function collectLog(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}
