import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createEmptyDatabase, type TestDatabase } from '@pgfleet/testkit';

export type { TestDatabase };

const BUS_SQL_DIR = path.resolve(import.meta.dirname, '../../../../sql/bus');

/**
 * A fresh database holding only the pgfleet_bus schema, installed by running
 * the `create` then `code` files of sql/bus/module.json as the installer would.
 */
export async function createBusDatabase(): Promise<TestDatabase> {
  const database = await createEmptyDatabase({ prefix: 'bus' });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const manifest = JSON.parse(await readFile(path.join(BUS_SQL_DIR, 'module.json'), 'utf8')) as {
      create: string[];
      code: string[];
    };
    for (const file of [...manifest.create, ...manifest.code]) {
      await client.query(await readFile(path.join(BUS_SQL_DIR, file), 'utf8'));
    }
  } catch (err) {
    await client.end();
    await database.drop();
    throw err;
  }
  await client.end();
  return database;
}
